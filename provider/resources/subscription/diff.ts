// The subscription's diff: a pure function of the stored state, the new inputs and what was observed.
// Exactly the DESIGN.md table:
//   quantity up or down                    → update in place (changeQuantity with the new total), never replace
//   quantity down outside the 168 h window → still an update, with a warning at plan time
//   licence, parent, or tenant (same account) → replace, new subscription first
//   licence, parent or tenant not known yet  → a change that replaces only if the value differs once
//                                              known (engines learn it when its resource is applied)
//   the subscription's order ended in error  → replace: it holds no working seats (status "error")
//   owning account differs, or a tenant the credentials cannot see → refused, never a replace
//   customer has not accepted the new MCA  → purchases (replace) and seat changes refused
//   allow*/timeouts/adoptSubscriptionId    → state only, no API call
import { isKnown, type OfficeLicence, SERVICE_STATES } from "../../ovh/models/index.js";
import { differs, sameTimeouts } from "../compare.js";
import {
  mcaNotAccepted,
  newSeatsNotAllowed,
  ownershipMismatch,
  type Refusal,
  tenantNotActive,
  tenantNotInAccount,
} from "../errors.js";
import {
  isUnknown,
  type LifecyclePlan,
  makePlan,
  type Plan,
  type PropertyChange,
  type Warning,
} from "../plan.js";
import { reductionWindow, WINDOW_MS, type WindowState } from "../windows.js";
import { findLicence } from "./check.js";
import { type SubscriptionInputs, type SubscriptionState, subscriptionResourceId } from "./schema.js";
import { isFailedOrder } from "./status.js";

/** Microsoft's window for reductions and cancellations after a purchase, renewal or seat addition. */
export const REDUCTION_WINDOW_MS = WINDOW_MS;

export interface SubscriptionObserved {
  /** NIC handle of the credentials this run uses. */
  account?: string | undefined;
  /** The tenant the new inputs name, as seen with these credentials; absent when not known yet. */
  tenant?:
    | {
        serviceName: string;
        /** False when the credentials' account gets 404 for it (absent or another account's). */
        visible: boolean;
        hasAcceptedNewMCA?: boolean | null | undefined;
        /** The tenant's status as read (`saas.csp2.ServiceStateEnum`, open: OVHcloud may add values). */
        status?: string | undefined;
        /** The account a tenant resource recorded for it, when the front end knows it. */
        ovhAccount?: string | null | undefined;
      }
    | undefined;
  /** The tenant's orderable licences, to tell a renamed licence input from a different licence. */
  catalogue?: readonly OfficeLicence[] | undefined;
  /** The subscription as just read (window data, status); the state's values are used when absent. */
  subscription?:
    | { creationDate: string; lastUpdate?: string | null | undefined; status?: string | undefined }
    | undefined;
  /** The last seat addition as usage statistics show it (windows.ts); absent: the last update is taken as one. */
  seatAddition?: Date | null | undefined;
  /** The subscription's term in months (renewals reopen the window); default: windows.ts's assumption. */
  termMonths?: number | undefined;
  now: Date;
}

/** The subscription's window as this plan sees it (windows.ts). */
export function observedWindow(
  state: SubscriptionState,
  observed: SubscriptionObserved,
): WindowState | undefined {
  return reductionWindow(observed.subscription ?? state, {
    now: observed.now,
    termMonths: observed.termMonths,
    seatAddition: observed.seatAddition,
  });
}

const day = (iso: string) => iso.slice(0, 10);

/** The start of the reduction window as observable: the later of creation and last update. */
export function windowStart(sub: {
  creationDate: string;
  lastUpdate?: string | null | undefined;
}): Date | undefined {
  const times = [sub.creationDate, sub.lastUpdate ?? ""]
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

export function diffSubscription(
  state: SubscriptionState,
  news: SubscriptionInputs,
  observed: SubscriptionObserved,
): Plan {
  const refusals: Refusal[] = [];
  const warnings: Warning[] = [];
  const changes: PropertyChange[] = [];
  const id = subscriptionResourceId(state);

  refusals.push(...accountRefusals(state.ovhAccount, news.tenant, observed, id));

  // A reference not known yet (its resource changes in the same run) is no reason to guess a replace.
  const reference = (property: string, from: unknown, to: unknown, changed: boolean) => {
    if (isUnknown(to)) changes.push({ property, from, to, effect: "unknown" });
    else if (changed) changes.push({ property, from, to, effect: "replace" });
  };
  reference("tenant", state.tenant, news.tenant, differs(state.tenant, news.tenant));
  reference("license", state.license, news.license, licenceChanged(state, news, observed.catalogue));
  reference("parent", state.parent, news.parent, differs(state.parent, news.parent));
  const status = observed.subscription?.status ?? state.status;
  if (isFailedOrder(status)) {
    changes.push({ property: "status", from: status, to: "active", effect: "replace" });
    warnings.push({
      code: "SUBSCRIPTION_ORDER_FAILED",
      property: "status",
      message: `Subscription ${id} shows "${status}" at OVHcloud: its order failed and it holds no working seats. Apply orders ${state.licenseName} again (${isUnknown(news.quantity) ? "the declared" : news.quantity} seats) and cancels ${id}; nothing is bought twice.`,
    });
  }
  const replacing = changes.some((c) => c.effect === "replace");
  const quantityChanged = isUnknown(news.quantity) || news.quantity !== state.quantity;
  if (quantityChanged) {
    changes.push({
      property: "quantity",
      from: state.quantity,
      to: news.quantity,
      effect: replacing ? "replace" : "update",
    });
  }

  const tenantName = isUnknown(news.tenant) ? state.tenant : news.tenant;
  if (replacing || quantityChanged) {
    const action = replacing
      ? `Ordering a new subscription of ${news.license}`
      : `Changing the seats of subscription ${id}`;
    const property = replacing ? "license" : "quantity";
    refusals.push(...tenantRefusals(observed, action, property));
  }

  if (!replacing && quantityChanged && !isUnknown(news.quantity) && !isUnknown(state.quantity)) {
    if (news.quantity > state.quantity) {
      const licence = observed.catalogue?.find((l) => l.id === state.licenseId);
      if (licence && licence.newSeatsAllowed === false) {
        refusals.push(newSeatsNotAllowed({ licenseName: licence.name, serviceName: tenantName }).toRefusal());
      }
    } else {
      const window = observedWindow(state, observed);
      if (window?.state === "closed") {
        const start = windowStart(observed.subscription ?? state);
        warnings.push({
          code: "SEAT_REDUCTION_OUTSIDE_WINDOW",
          property: "quantity",
          message:
            `Reducing ${id} from ${state.quantity} to ${news.quantity} seats will likely be refused: Microsoft allows ` +
            `reductions only within 168 hours of a purchase, renewal or seat addition, and the last one seen was ` +
            `${start?.toISOString() ?? "unknown"}. Keep the quantity until renewal (next window, assumed: ` +
            `${day(window.opensAt)} to ${day(window.closesAt)}), then reduce within its first 7 days.`,
        });
      }
    }
  }
  if (replacing && !isFailedOrder(status)) {
    warnings.push({
      code: "SUBSCRIPTION_REPLACEMENT",
      message: `A new subscription is ordered first; ${id} is cancelled after (Microsoft allows a cancellation only within 168 hours of purchase or renewal; otherwise the delete is refused and ${id} keeps running).`,
    });
  }

  const stateOnly = (property: string, from: unknown, to: unknown) => {
    if ((from ?? undefined) !== (to ?? undefined)) changes.push({ property, from, to, effect: "state" });
  };
  stateOnly("adoptSubscriptionId", state.adoptSubscriptionId, news.adoptSubscriptionId);
  if (!sameTimeouts(state.timeouts, news.timeouts)) {
    changes.push({ property: "timeouts", from: state.timeouts, to: news.timeouts, effect: "state" });
  }
  return makePlan(changes, refusals, warnings);
}

/** Creating (ordering or adopting) a subscription: the tenant's account and the MCA rule. */
export function planSubscriptionCreate(
  news: SubscriptionInputs,
  observed: SubscriptionObserved,
): LifecyclePlan {
  const refusals = accountRefusals(undefined, news.tenant, observed, `${String(news.tenant)}/(new)`);
  const adopting = news.adoptSubscriptionId !== undefined && news.adoptSubscriptionId !== null;
  if (!adopting) refusals.push(...tenantRefusals(observed, `Ordering ${news.license}`, "license"));
  return { action: refusals.length > 0 ? "refuse" : adopting ? "adopt" : "create", refusals, warnings: [] };
}

/** Deleting cancels; outside the window the cancellation will likely be refused (a warning). */
export function planSubscriptionDelete(
  state: SubscriptionState,
  observed: SubscriptionObserved,
): LifecyclePlan {
  const id = subscriptionResourceId(state);
  const refusals: Refusal[] = [];
  if (state.ovhAccount && observed.account && state.ovhAccount !== observed.account) {
    refusals.push(
      ownershipMismatch({
        kind: "subscription",
        id,
        owner: state.ovhAccount,
        current: observed.account,
      }).toRefusal(),
    );
  }
  const warnings: Warning[] = [];
  const window = observedWindow(state, observed);
  if (window?.state === "closed") {
    const start = windowStart(observed.subscription ?? state);
    warnings.push({
      code: "CANCELLATION_OUTSIDE_WINDOW",
      message:
        `Cancelling ${id} will likely be refused: Microsoft allows it only within 168 hours of purchase or renewal ` +
        `(last seen ${start?.toISOString() ?? "unknown"}; next window, assumed: ${day(window.opensAt)} to ${day(window.closesAt)}).`,
    });
  }
  return { action: refusals.length > 0 ? "refuse" : "delete", refusals, warnings };
}

/**
 * What the tenant's own state forbids for a purchase or a seat change: a customer who has not accepted
 * the new MCA, and a tenant whose status is not `ok` (an unpublished status included: an open enum value
 * is never taken for `ok`).
 */
function tenantRefusals(observed: SubscriptionObserved, action: string, property: string): Refusal[] {
  const tenant = observed.tenant;
  if (!tenant) return [];
  const out: Refusal[] = [];
  if (tenant.hasAcceptedNewMCA === false) {
    out.push(mcaNotAccepted({ serviceName: tenant.serviceName, action, property }).toRefusal());
  }
  if (tenant.status !== undefined && tenant.status !== "ok") {
    out.push(
      tenantNotActive({
        serviceName: tenant.serviceName,
        status: tenant.status,
        published: isKnown(SERVICE_STATES, tenant.status),
        action,
        property,
      }).toRefusal(),
    );
  }
  return out;
}

function accountRefusals(
  owner: string | null | undefined,
  newTenant: string,
  observed: SubscriptionObserved,
  id: string,
): Refusal[] {
  const out: Refusal[] = [];
  const current = observed.account;
  if (owner && current && owner !== current) {
    out.push(ownershipMismatch({ kind: "subscription", id, owner, current }).toRefusal());
    return out;
  }
  const t = observed.tenant;
  if (t && current && !isUnknown(newTenant)) {
    if (t.ovhAccount && t.ovhAccount !== current) {
      out.push(
        ownershipMismatch({
          kind: "tenant",
          id: t.serviceName,
          owner: t.ovhAccount,
          current,
          property: "tenant",
        }).toRefusal(),
      );
    } else if (!t.visible) {
      out.push(tenantNotInAccount({ serviceName: t.serviceName, current }).toRefusal());
    }
  }
  return out;
}

function licenceChanged(
  state: SubscriptionState,
  news: SubscriptionInputs,
  catalogue: readonly OfficeLicence[] | undefined,
): boolean {
  if (isUnknown(news.license)) return true;
  const key = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
  const n = key(String(news.license));
  if (n === key(state.license) || n === key(state.licenseName) || n === String(state.licenseId)) return false;
  const resolved = catalogue ? findLicence(news.license, catalogue) : undefined;
  if (resolved) return resolved.id !== state.licenseId;
  return true;
}
