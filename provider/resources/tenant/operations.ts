// The tenant's read (refresh) and import, and each operation as one call for callers without an engine
// between plan and apply (scripts, tests): a plan and its apply, nothing more.
import type { OfficeTenant } from "../../ovh/models/index.js";
import { currentAccount, guardOwnership, type OperationContext } from "../context.js";
import { apiFailure, ownershipUnconfirmed, tenantNotInAccount } from "../errors.js";
import type { ReadResult } from "../plan.js";
import { readsOf } from "../reads.js";
import { applyTenant, stateFrom, type TenantCreateOptions } from "./apply.js";
import { planTenant, type TenantObservation } from "./plan.js";
import type { TenantInputs, TenantState } from "./schema.js";

/**
 * The tenant as OVHcloud reports it now (refresh), through the run's cache. `observed` is what the
 * read saw, for the plan that follows in the same run (Terraform carries it in private bytes).
 */
export async function readTenant(
  ctx: OperationContext,
  state: TenantState,
): Promise<ReadResult<TenantState> & { observed?: TenantObservation }> {
  const account = await guardOwnership(ctx, "tenant", state.serviceName, state.ovhAccount);
  let tenant: OfficeTenant | null;
  try {
    tenant = await readsOf(ctx).tenant(state.serviceName);
  } catch (error) {
    throw apiFailure(`Reading tenant ${state.serviceName}`, error);
  }
  if (!tenant) {
    // 404 is also what another account's tenant looks like: "gone" only when the state names this account.
    if (!state.ovhAccount)
      throw ownershipUnconfirmed({ kind: "tenant", id: state.serviceName, current: account.nic });
    return { status: "gone" };
  }
  const at = (ctx.now ? ctx.now() : new Date()).toISOString();
  return {
    status: "found",
    state: stateFrom(state, tenant, account.nic, state.orderId ?? null, true),
    observed: { at, account: account.nic, tenant },
  };
}

/**
 * Import (Terraform `import` blocks, the CLI's adoption): the state of an existing tenant with the
 * inputs taken from what OVHcloud reports. The sub-domain is not readable from the API and stays unset.
 */
export async function importTenant(ctx: OperationContext, serviceName: string): Promise<TenantState> {
  const account = await currentAccount(ctx);
  let tenant: OfficeTenant | null;
  try {
    tenant = await readsOf(ctx).tenant(serviceName);
  } catch (error) {
    throw apiFailure(`Reading tenant ${serviceName}`, error);
  }
  if (!tenant) throw tenantNotInAccount({ serviceName, current: account.nic, property: "id" });
  const blank = { firstName: "", lastName: "", email: "", phone: "", address: "", city: "", zipCode: "" };
  return stateFrom({ displayName: "", mpnId: "", contact: blank }, tenant, account.nic, null, true);
}

/** Plans and applies a create: orders exactly once, or adopts with adoptServiceName. */
export async function createTenant(
  ctx: OperationContext,
  inputs: TenantInputs,
  options: TenantCreateOptions,
): Promise<TenantState> {
  return (await applyTenant(ctx, await planTenant(ctx, { prior: null, inputs }), options))!;
}

/** Plans and applies an adoption (inputs with adoptServiceName). */
export async function adoptTenant(ctx: OperationContext, inputs: TenantInputs): Promise<TenantState> {
  return (await applyTenant(ctx, await planTenant(ctx, { prior: null, inputs })))!;
}

/** Plans and applies a change of an existing tenant (a replace is refused: engines split it). */
export async function updateTenant(
  ctx: OperationContext,
  state: TenantState,
  news: TenantInputs,
): Promise<TenantState> {
  return (await applyTenant(ctx, await planTenant(ctx, { prior: state, inputs: news })))!;
}

/** Plans and applies a delete: refused without allowTermination, else the tenant ends at expiry. */
export async function deleteTenant(ctx: OperationContext, state: TenantState): Promise<void> {
  await applyTenant(ctx, await planTenant(ctx, { prior: state, inputs: null }));
}
