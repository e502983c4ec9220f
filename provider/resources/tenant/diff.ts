// The tenant's diff: a pure function of the stored state, the new inputs and what was observed.
// Exactly the DESIGN.md table:
//   display name, contact fields, MPN ID   → update in place (PUT)
//   sub-domain                             → refused, or replace with allowReplacement once
//                                            allowTermination is in the state (create-first)
//   owning account differs                 → refused, never a replace
//   licenses (order time only)             → state only, with a warning: subscriptions manage seats
//   allow*, timeouts, adoptServiceName     → state only, no API call
import { differs, sameTimeouts } from "../compare.js";
import {
  ownershipMismatch,
  type Refusal,
  replacementNeedsTermination,
  subdomainChangeRefused,
  tenantDeletionRefused,
} from "../errors.js";
import {
  isUnknown,
  type LifecyclePlan,
  makePlan,
  type Plan,
  type PropertyChange,
  type Warning,
} from "../plan.js";
import * as rules from "../validate.js";
import { sameLicences } from "./licences.js";
import { CONTACT_FIELDS, type TenantInputs, type TenantState } from "./schema.js";

export interface TenantObserved {
  /** NIC handle of the credentials this run uses. Undefined only when the front end cannot know it. */
  account?: string | undefined;
}

const contactRule: Record<string, rules.Rule<unknown>> = {
  email: rules.email,
  phone: rules.phone,
  zipCode: rules.zipCode,
};

export function diffTenant(state: TenantState, news: TenantInputs, observed: TenantObserved): Plan {
  const refusals: Refusal[] = [];
  const warnings: Warning[] = [];
  const changes: PropertyChange[] = [];
  const serviceName = state.serviceName;

  if (state.ovhAccount && observed.account && state.ovhAccount !== observed.account) {
    refusals.push(
      ownershipMismatch({
        kind: "tenant",
        id: serviceName,
        owner: state.ovhAccount,
        current: observed.account,
      }).toRefusal(),
    );
  }

  const update = (property: string, from: unknown, to: unknown, rule?: rules.Rule<unknown>) => {
    if (differs(from, to, rule)) changes.push({ property, from, to, effect: "update" });
  };
  update("displayName", state.displayName, news.displayName);
  update("mpnId", state.mpnId, news.mpnId, rules.mpnId);
  const newContact = (news.contact ?? {}) as Record<string, unknown>;
  const oldContact = state.contact as Record<string, unknown>;
  if (isUnknown(news.contact)) {
    changes.push({ property: "contact", from: state.contact, to: news.contact, effect: "update" });
  } else {
    for (const f of CONTACT_FIELDS) update(`contact.${f}`, oldContact[f], newContact[f], contactRule[f]);
  }

  if (differs(state.subdomain, news.subdomain, rules.subdomain)) {
    if (news.allowReplacement === true && state.allowTermination !== true) {
      // The engines end the replaced tenant with the stored state: consent must be there already,
      // or the new tenant would be bought and the old one left running.
      refusals.push(replacementNeedsTermination({ serviceName }).toRefusal());
    } else if (news.allowReplacement === true) {
      changes.push({ property: "subdomain", from: state.subdomain, to: news.subdomain, effect: "replace" });
      warnings.push({
        code: "TENANT_REPLACEMENT",
        property: "subdomain",
        message: `A new tenant is ordered for the new sub-domain; tenant ${serviceName} is then set to end at expiry, and the customer loses it with its users and data.`,
      });
    } else {
      refusals.push(
        subdomainChangeRefused({
          serviceName,
          from: state.subdomain ?? undefined,
          to: isUnknown(news.subdomain) ? "(known after apply)" : (news.subdomain ?? undefined),
        }).toRefusal(),
      );
    }
  }

  const stateOnly = (property: string, from: unknown, to: unknown) => {
    if ((from ?? undefined) !== (to ?? undefined)) changes.push({ property, from, to, effect: "state" });
  };
  if (!sameLicences(state.licenses, news.licenses)) {
    changes.push({ property: "licenses", from: state.licenses, to: news.licenses, effect: "state" });
    warnings.push({
      code: "LICENSES_ORDER_TIME_ONLY",
      property: "licenses",
      message: `licenses only count when a tenant is ordered: tenant ${serviceName} exists, so the change is recorded in the state and nothing is bought or cancelled. Manage its seats with subscription resources (one per licence; they adopt what the order bought).`,
    });
  }
  stateOnly("allowReplacement", state.allowReplacement, news.allowReplacement);
  stateOnly("allowTermination", state.allowTermination, news.allowTermination);
  stateOnly("adoptServiceName", state.adoptServiceName, news.adoptServiceName);
  if (!sameTimeouts(state.timeouts, news.timeouts)) {
    changes.push({ property: "timeouts", from: state.timeouts, to: news.timeouts, effect: "state" });
  }
  if (news.adoptServiceName && news.adoptServiceName !== serviceName && !isUnknown(news.adoptServiceName)) {
    warnings.push({
      code: "ADOPT_IGNORED",
      property: "adoptServiceName",
      message: `adoptServiceName only counts on create; this resource already manages ${serviceName}.`,
    });
  }
  return makePlan(changes, refusals, warnings);
}

/** Deleting a tenant: refused unless allowTermination was applied; then it ends at expiry. */
export function planTenantDelete(state: TenantState, observed: TenantObserved): LifecyclePlan {
  const refusals: Refusal[] = [];
  if (state.ovhAccount && observed.account && state.ovhAccount !== observed.account) {
    refusals.push(
      ownershipMismatch({
        kind: "tenant",
        id: state.serviceName,
        owner: state.ovhAccount,
        current: observed.account,
      }).toRefusal(),
    );
  }
  if (state.allowTermination !== true) {
    refusals.push(tenantDeletionRefused({ serviceName: state.serviceName }).toRefusal());
  }
  const warnings: Warning[] =
    refusals.length === 0
      ? [
          {
            code: "TENANT_ENDS_AT_EXPIRY",
            message: `Tenant ${state.serviceName} will end at its expiry date.`,
          },
        ]
      : [];
  return { action: refusals.length > 0 ? "refuse" : "delete", refusals, warnings };
}
