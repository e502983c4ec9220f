// Drift: what is declared (states of Pulumi stacks and Terraform/OpenTofu workspaces, read into the
// core's state shapes) against what lives in the scanned accounts. Pure: the front end scans the
// accounts and reads the states; this decides what counts as changed, gone or unmanaged.
//
// The ownership rule of DESIGN.md holds here too: a declared object is reported "gone" only when the
// account its state names was scanned (or its tenant was seen) and it was not there. An object of an
// account that was not scanned is "not checked", never "gone".
import type { OfficeSubscription, OfficeTenant } from "../ovh/models/index.js";
import { differs } from "./compare.js";
import { type SubscriptionState, subscriptionResourceId } from "./subscription/schema.js";
import { CONTACT_FIELDS, type TenantState } from "./tenant/schema.js";
import * as rules from "./validate.js";

export interface AttributeDrift {
  /** camelCase, dotted for nested fields: `displayName`, `contact.email`, `quantity`. */
  attribute: string;
  declared: unknown;
  live: unknown;
}

/** One declared resource: where it was read and its state. */
export interface Declared<S> {
  /** The file it was read from. */
  source: string;
  /** Its address in that file: a Pulumi URN or a Terraform resource address. */
  address: string;
  state: S;
}

export interface DeclaredSet {
  tenants: Declared<TenantState>[];
  subscriptions: Declared<SubscriptionState>[];
}

/** What a scan of one account found. */
export interface ObservedAccount {
  /** The account's name in the accounts file. */
  name: string;
  /** Its NIC handle (`GET /me`). */
  nic: string;
  tenants: Array<{
    tenant: OfficeTenant;
    subscriptions: Array<{ subscription: OfficeSubscription; licenseName?: string | undefined }>;
  }>;
}

export type DriftKind = "tenant" | "subscription";

interface Where {
  kind: DriftKind;
  /** Service name, or `<serviceName>/<subscriptionId>`. */
  id: string;
  source: string;
  address: string;
}

export interface ChangedResource extends Where {
  account: string;
  nic: string;
  attributes: AttributeDrift[];
}

export interface GoneResource extends Where {
  nic: string;
  reason: string;
}

export interface UnmanagedResource {
  kind: DriftKind;
  id: string;
  account: string;
  nic: string;
  serviceName: string;
  displayName?: string | undefined;
  subscriptionId?: number | undefined;
  licenseId?: number | undefined;
  licenseName?: string | undefined;
  quantity?: number | undefined;
  /** For a subscription: whether a state declares its tenant. */
  tenantManaged?: boolean | undefined;
}

export interface NotChecked extends Where {
  reason: string;
}

export interface Conflict {
  kind: DriftKind;
  id: string;
  /** Every `source#address` that declares it. */
  declaredBy: string[];
}

export interface DriftReport {
  changed: ChangedResource[];
  gone: GoneResource[];
  unmanaged: UnmanagedResource[];
  /** One object declared by more than one resource: two stacks would fight over it. */
  conflicts: Conflict[];
  notChecked: NotChecked[];
  /** True when any of changed, gone, unmanaged or conflicts is not empty. */
  drift: boolean;
}

const contactRule: Record<string, rules.Rule<unknown>> = {
  email: rules.email,
  phone: rules.phone,
  zipCode: rules.zipCode,
};

/** The declared (input) fields of a tenant that differ from the live tenant, compared as the diff does. */
export function tenantDrift(state: TenantState, live: OfficeTenant): AttributeDrift[] {
  const out: AttributeDrift[] = [];
  const check = (attribute: string, declared: unknown, value: unknown, rule?: rules.Rule<unknown>) => {
    if (differs(declared, value, rule)) out.push({ attribute, declared, live: value });
  };
  check("displayName", state.displayName, live.displayName);
  check("mpnId", state.mpnId, live.mpnId, rules.mpnId);
  const contact = state.contact as Record<string, unknown>;
  const liveFields = live as unknown as Record<string, unknown>;
  for (const f of CONTACT_FIELDS) check(`contact.${f}`, contact[f], liveFields[f], contactRule[f]);
  return out;
}

/** The fields of a subscription that changed outside: seats and licence. */
export function subscriptionDrift(
  state: SubscriptionState,
  live: OfficeSubscription,
  liveLicenseName?: string,
): AttributeDrift[] {
  const out: AttributeDrift[] = [];
  if (state.quantity !== live.quantity) {
    out.push({ attribute: "quantity", declared: state.quantity, live: live.quantity });
  }
  if (state.licenseId !== live.licenseId) {
    out.push({
      attribute: "license",
      declared: state.licenseName || state.license,
      live: liveLicenseName ?? `#${live.licenseId}`,
    });
  }
  return out;
}

export function detectDrift(declared: DeclaredSet, observed: readonly ObservedAccount[]): DriftReport {
  const report: DriftReport = {
    changed: [],
    gone: [],
    unmanaged: [],
    conflicts: [],
    notChecked: [],
    drift: false,
  };
  const scanned = new Set(observed.map((a) => a.nic));
  const liveTenants = new Map<string, { account: ObservedAccount; tenant: OfficeTenant }>();
  const liveSubs = new Map<
    string,
    { account: ObservedAccount; subscription: OfficeSubscription; licenseName?: string | undefined }
  >();
  for (const account of observed) {
    for (const t of account.tenants) {
      liveTenants.set(t.tenant.serviceName, { account, tenant: t.tenant });
      for (const s of t.subscriptions) {
        liveSubs.set(`${t.tenant.serviceName}/${s.subscription.id}`, { account, ...s });
      }
    }
  }

  const tenants = dedupe("tenant", declared.tenants, (s) => s.serviceName, report);
  const subscriptions = dedupe("subscription", declared.subscriptions, subscriptionResourceId, report);

  for (const [id, d] of tenants) {
    const where = { kind: "tenant" as const, id, source: d.source, address: d.address };
    const live = liveTenants.get(id);
    if (live) {
      const attributes = tenantDrift(d.state, live.tenant);
      if (d.state.ovhAccount && d.state.ovhAccount !== live.account.nic) {
        attributes.unshift({ attribute: "ovhAccount", declared: d.state.ovhAccount, live: live.account.nic });
      }
      if (attributes.length > 0) {
        report.changed.push({ ...where, account: live.account.name, nic: live.account.nic, attributes });
      }
    } else if (d.state.ovhAccount && scanned.has(d.state.ovhAccount)) {
      report.gone.push({
        ...where,
        nic: d.state.ovhAccount,
        reason: `no tenant ${id} in account ${d.state.ovhAccount} (ended, or terminated outside)`,
      });
    } else {
      report.notChecked.push({ ...where, reason: notScannedReason(d.state.ovhAccount) });
    }
  }

  for (const [id, d] of subscriptions) {
    const where = { kind: "subscription" as const, id, source: d.source, address: d.address };
    const live = liveSubs.get(id);
    const tenant = liveTenants.get(d.state.tenant);
    if (live) {
      const attributes = subscriptionDrift(d.state, live.subscription, live.licenseName);
      if (attributes.length > 0) {
        report.changed.push({ ...where, account: live.account.name, nic: live.account.nic, attributes });
      }
    } else if (tenant && (!d.state.ovhAccount || d.state.ovhAccount === tenant.account.nic)) {
      report.gone.push({
        ...where,
        nic: tenant.account.nic,
        reason: `tenant ${d.state.tenant} has no subscription ${d.state.subscriptionId} (cancelled outside)`,
      });
    } else if (!tenant && d.state.ovhAccount && scanned.has(d.state.ovhAccount)) {
      report.gone.push({
        ...where,
        nic: d.state.ovhAccount,
        reason: `its tenant ${d.state.tenant} is not in account ${d.state.ovhAccount}`,
      });
    } else {
      report.notChecked.push({ ...where, reason: notScannedReason(d.state.ovhAccount) });
    }
  }

  for (const account of observed) {
    for (const t of account.tenants) {
      const serviceName = t.tenant.serviceName;
      const tenantManaged = tenants.has(serviceName);
      if (!tenantManaged) {
        report.unmanaged.push({
          kind: "tenant",
          id: serviceName,
          account: account.name,
          nic: account.nic,
          serviceName,
          displayName: t.tenant.displayName,
        });
      }
      for (const s of t.subscriptions) {
        const id = `${serviceName}/${s.subscription.id}`;
        if (subscriptions.has(id)) continue;
        report.unmanaged.push({
          kind: "subscription",
          id,
          account: account.name,
          nic: account.nic,
          serviceName,
          subscriptionId: s.subscription.id,
          licenseId: s.subscription.licenseId,
          licenseName: s.licenseName,
          quantity: s.subscription.quantity,
          tenantManaged,
        });
      }
    }
  }

  report.drift =
    report.changed.length + report.gone.length + report.unmanaged.length + report.conflicts.length > 0;
  return report;
}

function notScannedReason(owner: string | null | undefined): string {
  return owner
    ? `account ${owner} was not scanned (add it to the accounts file, or select it with --account)`
    : "the state records no owning account and no scanned account has it";
}

function dedupe<S>(
  kind: DriftKind,
  items: readonly Declared<S>[],
  idOf: (state: S) => string,
  report: DriftReport,
): Map<string, Declared<S>> {
  const first = new Map<string, Declared<S>>();
  const all = new Map<string, string[]>();
  for (const d of items) {
    const id = idOf(d.state);
    if (!first.has(id)) first.set(id, d);
    const by = `${d.source}#${d.address}`;
    const seen = all.get(id) ?? [];
    if (!seen.includes(by)) all.set(id, [...seen, by]);
  }
  for (const [id, declaredBy] of all) {
    if (declaredBy.length > 1) report.conflicts.push({ kind, id, declaredBy });
  }
  return first;
}
