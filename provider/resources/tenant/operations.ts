// Tenant operations through the port: create (order exactly once, or adopt), read, update, delete.
// Every operation starts with the ownership guard.
import type { OfficeTenant } from "../../ovh/models/index.js";
import { currentAccount, guardOwnership, type OperationContext, planRefused, progress } from "../context.js";
import {
  adoptNotFound,
  apiFailure,
  doneMarkFailed,
  isNotFound,
  ownershipUnconfirmed,
  PartialCreateError,
  ResourceError,
  replaceNotUpdate,
  tenantDeletionRefused,
  tenantNotInAccount,
  tenantTerminationUnavailable,
} from "../errors.js";
import type { Plan, ReadResult, Warning } from "../plan.js";
import type { Account, TenantOrderConfiguration } from "../port.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { markDone, releaseClaims } from "./attempt-search.js";
import type { KeyScope } from "./attempts.js";
import { diffTenant, type TenantObserved } from "./diff.js";
import { type OrderedTenant, orderTenantOnce } from "./order.js";
import { ADMIN_PORTAL_URL, TENANT_STATE_VERSION, type TenantInputs, type TenantState } from "./schema.js";

export interface TenantCreateOptions {
  /**
   * Fixed for the life of the resource, whatever the user edits (Pulumi: project/stack/resource name;
   * Terraform: one key for every tenant of the account). It marks the cart, so that a retried create
   * finds the first attempt's order (order.ts).
   */
  idempotencyKey: string;
  /**
   * "resource" (the default): the key names this resource alone. "shared": every resource of the front
   * end shares it, and an earlier attempt is this resource's only when its inputs resemble these.
   */
  keyScope?: KeyScope;
  /** Where a create's warnings go (Terraform: diagnostics; Pulumi: engine warnings); default: progress. */
  onWarning?: (warning: Warning) => void;
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
  const ordered = await orderTenantOnce(ctx, {
    key: options.idempotencyKey,
    scope: options.keyScope ?? "resource",
    account,
    configuration: orderConfiguration(inputs),
    licences: inputs.licenses ?? [],
    deadline,
  });
  const warn = options.onWarning ?? ((w: Warning) => progress(ctx, w.message));
  const { serviceName, orderId } = ordered;
  try {
    for (const w of takeOverWarnings(ordered, inputs)) warn(w);
    let state: TenantState | undefined;
    let partial: PartialCreateError | undefined;
    try {
      const tenant = await ctx.api.getTenant(serviceName);
      state = await withEdits(ctx, { inputs, tenant, account, ordered });
    } catch (error) {
      partial =
        error instanceof PartialCreateError
          ? error
          : new PartialCreateError(serviceName, partialState(inputs, serviceName, account, orderId), error);
    }
    // Marked only now that the tenant is as declared: a create cut off before would leave an
    // attempt that the next run still takes up as unfinished.
    if (!ordered.finished) {
      try {
        await markDone(ctx, {
          cartId: ordered.cartId,
          description: ordered.description,
          orderId,
          serviceName,
          fingerprint: ordered.inputs,
          subsidiary: account.subsidiary,
        });
      } catch (error) {
        throw doneMarkFailed({ serviceName, orderId }, error);
      }
    }
    if (partial) throw partial;
    return state!;
  } catch (error) {
    // A recorded partial create keeps its claim; anything else leaves the attempt unfinished.
    if (!(error instanceof PartialCreateError)) releaseClaims(ctx.api, ordered);
    throw error;
  }
}

/** What a create that took over an earlier attempt's order says about it. */
function takeOverWarnings(ordered: OrderedTenant, inputs: TenantInputs): Warning[] {
  const { orderId, serviceName, placedWith } = ordered;
  const out: Warning[] = [];
  if (ordered.finished) {
    out.push({
      code: "FINISHED_ORDER_TAKEN",
      message: `Tenant ${serviceName} (order ${orderId}) was ordered by an earlier create with these inputs that finished, but the engine did not record it: it is taken for this resource and nothing is ordered. If another resource already manages ${serviceName}, remove one of the two: both would manage the same tenant.`,
    });
  }
  if (!placedWith) return out;
  const differs = placedWith.differs.filter((f) => f !== "subdomain");
  if (!ordered.finished && differs.length > 0) {
    const mail = differs.includes("contact.email")
      ? " The Microsoft login data went to the e-mail address given at order time."
      : "";
    out.push({
      code: "EARLIER_ORDER_TAKEN",
      message: `Order ${orderId} of an earlier attempt of this create was placed with other values of ${differs.join(", ")}: tenant ${serviceName} is taken and updated in place to the declared ones; nothing is ordered twice.${mail}`,
    });
  }
  const declared = (inputs.licenses ?? []).length > 0;
  if (placedWith.sameLicences === false || (placedWith.sameLicences === null && declared)) {
    out.push({
      code: "LICENSES_ORDER_TIME_ONLY",
      property: "licenses",
      message: `Tenant ${serviceName} comes with the licences order ${orderId} bought${placedWith.sameLicences === false ? ", which are not the ones licenses declares now" : ""}. licenses counts at order time only: nothing more is bought or cancelled here; manage seats with subscription resources.`,
    });
  }
  return out;
}

/**
 * The state of a tenant just ordered. When an earlier attempt placed the order with other values,
 * the tenant is updated in place to the inputs first (the changed fields only, as an update does); if
 * that fails the state records the tenant as it is, so the next plan shows the update again.
 */
async function withEdits(
  ctx: OperationContext,
  args: { inputs: TenantInputs; tenant: OfficeTenant; account: Account; ordered: OrderedTenant },
): Promise<TenantState> {
  const { inputs, tenant, account, ordered } = args;
  const fresh = stateFrom(inputs, tenant, account, ordered.orderId);
  if (!ordered.placedWith || ordered.placedWith.sameConfiguration) return fresh;
  const remote = stateFrom(inputs, tenant, account, ordered.orderId, true);
  const body = updateBody(diffTenant(remote, inputs, { account: account.nic }), inputs);
  if (Object.keys(body).length === 0) return fresh;
  progress(ctx, `Updating tenant ${tenant.serviceName}: ${Object.keys(body).join(", ")}.`);
  try {
    await ctx.api.updateTenant(tenant.serviceName, body);
    return stateFrom(inputs, await ctx.api.getTenant(tenant.serviceName), account, ordered.orderId);
  } catch (error) {
    throw new PartialCreateError(
      tenant.serviceName,
      remote,
      apiFailure(`Updating tenant ${tenant.serviceName}`, error),
    );
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

  const body = updateBody(plan, news);
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

/** The PUT body of a plan's in-place changes: the changed fields (a contact change sends the contact). */
function updateBody(plan: Plan, news: TenantInputs): Record<string, string> {
  const body: Record<string, string> = {};
  for (const change of plan.changes) {
    if (change.effect !== "update") continue;
    const field = change.property.startsWith("contact.") ? change.property.slice(8) : change.property;
    if (field === "contact") Object.assign(body, news.contact);
    else body[field] = String(change.to);
  }
  return body;
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
