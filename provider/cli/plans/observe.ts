// Which tenants of a plan plan-summary reads live, and reading them: per tenant its subscriptions (one
// expanded listing), this billing period's peaks and, when a window depends on it, the usage
// statistics (lib/usage.ts). Each tenant is read once, through the account its state records (or, when
// none is recorded, the first selected account that has it).
import { isNotFound } from "../../resources/errors.js";
import type { PlanDocument, PlanSummary } from "../../resources/plan-summary.js";
import type { TenantObservation } from "../../resources/usage.js";
import type { Connection } from "../lib/connect.js";
import { messageOf } from "../lib/errors.js";
import { observeTenant } from "../lib/usage.js";

/** Service name → the NIC its state records (undefined when none is recorded). */
export type TenantOwners = Map<string, string | undefined>;

/** Existing tenants whose seats or subscriptions the plan changes, with the account their state records. */
export function tenantsToObserve(doc: PlanDocument, summary: PlanSummary): TenantOwners {
  const recorded = new Map<string, string>();
  for (const c of doc.changes) {
    if (!c.before?.ovhAccount) continue;
    recorded.set(c.kind === "tenant" ? c.before.serviceName : c.before.tenant, c.before.ovhAccount);
  }
  const owners: TenantOwners = new Map();
  for (const t of summary.tenants) {
    if (t.serviceName === undefined || t.change === "create") continue;
    if (t.licences.length === 0 && t.cancelled.length === 0 && t.reductions.length === 0) continue;
    owners.set(t.serviceName, recorded.get(t.serviceName));
  }
  return owners;
}

/**
 * Reads, through one account, the pending tenants it may hold, and removes them from `pending`. With
 * `nic` (several accounts selected) a tenant whose state records another account is left for that
 * one; a 404 leaves it for the next account.
 */
export async function observeThrough(
  connection: Connection,
  pending: TenantOwners,
  observed: Map<string, TenantObservation>,
  now: Date,
  nic: string | undefined,
): Promise<void> {
  for (const [serviceName, owner] of [...pending]) {
    if (nic !== undefined && owner !== undefined && owner !== nic) continue;
    let subscriptions: Awaited<ReturnType<Connection["api"]["listSubscriptions"]>>;
    try {
      subscriptions = await connection.api.listSubscriptions(serviceName);
    } catch (error) {
      if (isNotFound(error)) continue;
      observed.set(serviceName, { error: `account ${connection.spec.name}: ${messageOf(error)}` });
      pending.delete(serviceName);
      continue;
    }
    observed.set(serviceName, await observeTenant(connection.api, serviceName, subscriptions, now));
    pending.delete(serviceName);
  }
}
