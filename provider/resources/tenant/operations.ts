// Tenant operations through the port: create (order exactly once, or adopt), read, update, delete.
// Every operation starts with the ownership guard.
import type { OfficeTenant } from "../../ovh/models/index.js";
import { currentAccount, guardOwnership, type OperationContext, planRefused, progress } from "../context.js";
import {
  adoptNotFound,
  apiFailure,
  isNotFound,
  ownershipUnconfirmed,
  PartialCreateError,
  ResourceError,
  replaceNotUpdate,
  tenantDeletionRefused,
  tenantNotInAccount,
  tenantTerminationUnavailable,
} from "../errors.js";
import type { ReadResult } from "../plan.js";
import type { Account, TenantOrderConfiguration } from "../port.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { diffTenant, type TenantObserved } from "./diff.js";
import { orderTenantOnce } from "./order.js";
import { ADMIN_PORTAL_URL, TENANT_STATE_VERSION, type TenantInputs, type TenantState } from "./schema.js";

export interface TenantCreateOptions {
  /**
   * Same on every retry of the same resource (Pulumi: project/stack/resource name; Terraform: a hash of
   * the inputs). It marks the cart, so a retried create finds the first attempt's order.
   */
  idempotencyKey: string;
}

export async function createTenant(
  ctx: OperationContext,
  inputs: TenantInputs,
  options: TenantCreateOptions,
): Promise<TenantState> {
  if (inputs.adoptServiceName) return adoptTenant(ctx, inputs);
  const account = await currentAccount(ctx);
  const deadline = new Deadline(timeoutMs("tenant", "create", inputs.timeouts ?? undefined), () =>
    (ctx.now ? ctx.now() : new Date()).getTime(),
  );
  const { serviceName, orderId } = await orderTenantOnce(ctx, {
    key: options.idempotencyKey,
    account,
    configuration: orderConfiguration(inputs),
    licences: inputs.licenses ?? [],
    deadline,
  });
  try {
    const tenant = await ctx.api.getTenant(serviceName);
    return stateFrom(inputs, tenant, account, orderId);
  } catch (error) {
    throw new PartialCreateError(serviceName, partialState(inputs, serviceName, account, orderId), error);
  }
}

/** Brings an existing tenant under management: no order, no write; the state records what is there. */
export async function adoptTenant(ctx: OperationContext, inputs: TenantInputs): Promise<TenantState> {
  const serviceName = inputs.adoptServiceName!;
  const account = await currentAccount(ctx);
  let tenant: OfficeTenant;
  try {
    tenant = await ctx.api.getTenant(serviceName);
  } catch (error) {
    if (isNotFound(error)) {
      throw adoptNotFound({
        kind: "tenant",
        id: serviceName,
        current: account.nic,
        property: "adoptServiceName",
      });
    }
    throw apiFailure(`Reading tenant ${serviceName}`, error);
  }
  progress(ctx, `Tenant ${serviceName} adopted (no order placed).`);
  if ((inputs.licenses ?? []).length > 0) {
    progress(ctx, "licenses only count when a tenant is ordered: nothing is bought for an adopted tenant.");
  }
  // The state holds the tenant as it is; a difference with the inputs shows in the next plan as an update.
  return stateFrom(inputs, tenant, account, null, true);
}

/** What the tenant diff needs to know, read through the port (front ends call this, then `diffTenant`). */
export async function observeTenant(ctx: OperationContext): Promise<TenantObserved> {
  return { account: (await currentAccount(ctx)).nic };
}

/**
 * Import (Terraform `import` blocks, the CLI's adoption): the state of an existing tenant with the
 * inputs taken from what OVHcloud reports. The sub-domain is not readable from the API and stays unset.
 */
export async function importTenant(ctx: OperationContext, serviceName: string): Promise<TenantState> {
  const account = await currentAccount(ctx);
  let tenant: OfficeTenant;
  try {
    tenant = await ctx.api.getTenant(serviceName);
  } catch (error) {
    if (isNotFound(error)) throw tenantNotInAccount({ serviceName, current: account.nic, property: "id" });
    throw apiFailure(`Reading tenant ${serviceName}`, error);
  }
  const blank = { firstName: "", lastName: "", email: "", phone: "", address: "", city: "", zipCode: "" };
  return stateFrom({ displayName: "", mpnId: "", contact: blank }, tenant, account, null, true);
}

export async function readTenant(
  ctx: OperationContext,
  state: TenantState,
): Promise<ReadResult<TenantState>> {
  const account = await guardOwnership(ctx, "tenant", state.serviceName, state.ovhAccount);
  let tenant: OfficeTenant;
  try {
    tenant = await ctx.api.getTenant(state.serviceName);
  } catch (error) {
    if (!isNotFound(error)) throw apiFailure(`Reading tenant ${state.serviceName}`, error);
    // 404 is also what another account's tenant looks like: "gone" only when the state names this account.
    if (!state.ovhAccount)
      throw ownershipUnconfirmed({ kind: "tenant", id: state.serviceName, current: account.nic });
    return { status: "gone" };
  }
  return { status: "found", state: stateFrom(state, tenant, account, state.orderId ?? null, true) };
}

export async function updateTenant(
  ctx: OperationContext,
  state: TenantState,
  news: TenantInputs,
): Promise<TenantState> {
  const account = await guardOwnership(ctx, "tenant", state.serviceName, state.ovhAccount);
  const plan = diffTenant(state, news, { account: account.nic });
  if (plan.action === "refuse") throw planRefused(plan);
  if (plan.action === "replace") {
    throw replaceNotUpdate({ kind: "tenant", id: state.serviceName, replaces: plan.replaces });
  }
  const merged: TenantState = { ...state, ...stripUndefined(news), schemaVersion: TENANT_STATE_VERSION };
  if (plan.action === "noop" || plan.stateOnly) {
    if (!isPartialTenantState(state)) return merged;
    // A create that stopped half-way recorded what it knew (status "unknown"). Pulumi runs an update
    // on the next up with nothing changed: the state becomes true with a read (no write), without
    // waiting for a refresh.
    try {
      const tenant = await ctx.api.getTenant(state.serviceName);
      progress(ctx, `Tenant ${state.serviceName} read again: its create did not finish last time.`);
      return stateFrom(merged, tenant, account, state.orderId ?? null, false);
    } catch (error) {
      throw apiFailure(`Reading tenant ${state.serviceName} (its create did not finish)`, error);
    }
  }

  const body: Record<string, string> = {};
  for (const change of plan.changes) {
    if (change.effect !== "update") continue;
    const field = change.property.startsWith("contact.") ? change.property.slice(8) : change.property;
    if (field === "contact") Object.assign(body, news.contact);
    else body[field] = String(change.to);
  }
  progress(ctx, `Updating tenant ${state.serviceName}: ${Object.keys(body).join(", ")}.`);
  try {
    await ctx.api.updateTenant(state.serviceName, body);
    const tenant = await ctx.api.getTenant(state.serviceName);
    return stateFrom(merged, tenant, account, state.orderId ?? null, false);
  } catch (error) {
    throw apiFailure(`Updating tenant ${state.serviceName}`, error);
  }
}

/** Ends the tenant at expiry, only with allowTermination. A tenant already gone counts as deleted. */
export async function deleteTenant(ctx: OperationContext, state: TenantState): Promise<void> {
  await guardOwnership(ctx, "tenant", state.serviceName, state.ovhAccount);
  if (state.allowTermination !== true) throw tenantDeletionRefused({ serviceName: state.serviceName });
  try {
    const infos = await ctx.api.getServiceInfos(state.serviceName);
    if (infos.renew?.deleteAtExpiration) {
      progress(ctx, `Tenant ${state.serviceName} is already set to end on ${infos.expiration}.`);
      return;
    }
    if (!infos.canDeleteAtExpiration) throw tenantTerminationUnavailable({ serviceName: state.serviceName });
    await ctx.api.terminateTenantAtExpiry(state.serviceName);
    progress(ctx, `Tenant ${state.serviceName} will end at its expiry date (${infos.expiration}).`);
  } catch (error) {
    if (error instanceof ResourceError) throw error;
    if (isNotFound(error) && state.ovhAccount) return;
    throw apiFailure(`Ending tenant ${state.serviceName}`, error);
  }
}

export function orderConfiguration(inputs: TenantInputs): TenantOrderConfiguration {
  return {
    mpnId: inputs.mpnId,
    displayName: inputs.displayName,
    contact: { ...inputs.contact },
    ...(inputs.subdomain ? { subdomain: inputs.subdomain } : {}),
  };
}

/**
 * The state from the tenant as read. With `fromRemote`, the editable fields take the remote values
 * (drift shows in the next plan); otherwise the inputs are kept (right after create or update, where
 * the normalised inputs are what was sent).
 */
function stateFrom(
  base: TenantInputs,
  tenant: OfficeTenant,
  account: Account,
  orderId: number | null,
  fromRemote = false,
): TenantState {
  const inputs = stripUndefined(base) as TenantInputs;
  const remote = fromRemote
    ? {
        displayName: tenant.displayName,
        mpnId: tenant.mpnId ?? "",
        contact: {
          firstName: tenant.firstName,
          lastName: tenant.lastName,
          email: tenant.email,
          phone: tenant.phone,
          address: tenant.address,
          city: tenant.city,
          zipCode: tenant.zipCode,
        },
      }
    : {};
  return {
    ...pickInputs(inputs),
    ...remote,
    schemaVersion: TENANT_STATE_VERSION,
    serviceName: tenant.serviceName,
    status: tenant.status,
    creationDate: tenant.creationDate,
    adminPortalUrl: ADMIN_PORTAL_URL,
    ovhAccount: account.nic,
    orderId,
    hasAcceptedNewMCA: tenant.hasAcceptedNewMCA ?? null,
  };
}

/** The status recorded by a create that stopped after the tenant came to exist. */
export const PARTIAL_TENANT_STATUS = "unknown";

/** Whether the state was recorded by a create that did not finish (its outputs are not read yet). */
export function isPartialTenantState(state: Pick<TenantState, "status">): boolean {
  return state.status === PARTIAL_TENANT_STATUS;
}

function partialState(
  inputs: TenantInputs,
  serviceName: string,
  account: Account,
  orderId: number,
): TenantState {
  return {
    ...pickInputs(inputs),
    schemaVersion: TENANT_STATE_VERSION,
    serviceName,
    status: PARTIAL_TENANT_STATUS,
    creationDate: "",
    adminPortalUrl: ADMIN_PORTAL_URL,
    ovhAccount: account.nic,
    orderId,
    hasAcceptedNewMCA: null,
  };
}

function pickInputs(i: TenantInputs): TenantInputs {
  return stripUndefined({
    displayName: i.displayName,
    mpnId: i.mpnId,
    contact: i.contact,
    subdomain: i.subdomain,
    licenses: i.licenses,
    allowReplacement: i.allowReplacement,
    allowTermination: i.allowTermination,
    adoptServiceName: i.adoptServiceName,
    timeouts: i.timeouts,
  }) as TenantInputs;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
