/*
 * Carrying out a tenant plan with what the plan observed:
 * - create: orders exactly once (order.ts finds an earlier attempt's cart or order first); a failure
 *   says which tenant, how far the order got, whether anything may have been ordered, and what to do;
 * - adopt: records the tenant the plan read (no order, no write);
 * - update: writes the whole writable body (every field is an input of the resource), built from the
 *   tenant the plan read with the changes on top, so no read of its own is needed; the state is that
 *   body with the outputs the plan read (a PUT of contact fields changes no status);
 * - delete: ends the tenant at expiry (with allowTermination, checked by the plan).
 */

import { OvhError } from "../../ovh/errors.js";
import type { OfficeTenant, OfficeTenantUpdate } from "../../ovh/models/index.js";
import { checkFailed, currentAccount, type OperationContext, planRefused, progress } from "../context.js";
import {
  apiFailure,
  apiFields,
  doneMarkFailed,
  isNotFound,
  mayHaveApplied,
  PartialCreateError,
  ResourceError,
  replaceNotUpdate,
  tenantTerminationUnavailable,
} from "../errors.js";
import type { Warning } from "../plan.js";
import {
  type Account,
  basePort,
  type Csp2Port,
  type TenantOrderConfiguration,
  WRAPPED_PORT,
} from "../port.js";
import { readsOf } from "../reads.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { markDone, releaseClaims } from "./attempt-search.js";
import type { KeyScope } from "./attempts.js";
import { diffTenant } from "./diff.js";
import { type OrderedTenant, orderTenantOnce } from "./order.js";
import { isPartialTenantState, PARTIAL_TENANT_STATUS } from "./partial.js";
import type { TenantPlan } from "./plan.js";
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

/** The state after the plan, or null when it ended the tenant. */
export async function applyTenant(
  ctx: OperationContext,
  plan: TenantPlan,
  options?: TenantCreateOptions,
): Promise<TenantState | null> {
  switch (plan.action) {
    case "refuse":
      throw plan.refusals.length > 0 ? planRefused(plan) : checkFailed(plan.failures);
    case "create":
      if (!options) throw new Error("a tenant create needs its idempotency key");
      return orderFromPlan(ctx, plan, options);
    case "adopt":
      return adoptFromPlan(ctx, plan);
    case "delete":
      await endAtExpiry(ctx, plan);
      return null;
    case "replace":
      throw replaceNotUpdate({ kind: "tenant", id: plan.prior!.serviceName, replaces: plan.replaces });
    case "noop":
    case "update":
      return changeFromPlan(ctx, plan);
  }
}

async function orderFromPlan(
  ctx: OperationContext,
  plan: TenantPlan,
  options: TenantCreateOptions,
): Promise<TenantState> {
  const inputs = plan.inputs!;
  const account = await currentAccount(ctx);
  const deadline = new Deadline(timeoutMs("tenant", "create", inputs.timeouts ?? undefined), () =>
    (ctx.now ? ctx.now() : new Date()).getTime(),
  );
  const tracked = trackOrder(ctx.api);
  let ordered: OrderedTenant;
  try {
    ordered = await orderTenantOnce(
      { ...ctx, api: tracked.api },
      {
        key: options.idempotencyKey,
        scope: options.keyScope ?? "resource",
        account,
        configuration: orderConfiguration(inputs),
        licences: inputs.licenses ?? [],
        deadline,
      },
    );
  } catch (error) {
    throw orderFailure(inputs.displayName, tracked.progress, error);
  }
  const warn = options.onWarning ?? ((w: Warning) => progress(ctx, w.message));
  const { serviceName, orderId } = ordered;
  try {
    for (const w of takeOverWarnings(ordered, inputs)) warn(w);
    let state: TenantState | undefined;
    let partial: PartialCreateError | undefined;
    try {
      const tenant = await readsOf(ctx).tenant(serviceName);
      if (!tenant) {
        // Just delivered: a 404 means "not yet", and is not kept for the rest of the run.
        readsOf(ctx).forgetTenant(serviceName);
        throw new Error(`tenant ${serviceName} of order ${orderId} is not visible yet`);
      }
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
 * the tenant is updated in place to the inputs first (its whole writable body, as an update writes
 * it); if that fails the state records the tenant as it is, so the next plan shows the update again.
 */
async function withEdits(
  ctx: OperationContext,
  args: { inputs: TenantInputs; tenant: OfficeTenant; account: Account; ordered: OrderedTenant },
): Promise<TenantState> {
  const { inputs, tenant, account, ordered } = args;
  const fresh = stateFrom(inputs, tenant, account.nic, ordered.orderId);
  if (!ordered.placedWith || ordered.placedWith.sameConfiguration) return fresh;
  const remote = stateFrom(inputs, tenant, account.nic, ordered.orderId, true);
  const changed = diffTenant(remote, inputs, { account: account.nic }).changes.filter(
    (c) => c.effect === "update",
  );
  if (changed.length === 0) return fresh;
  const names = changed.map((c) => c.property.replace(/^contact\./, "")).join(", ");
  progress(ctx, `Updating tenant ${tenant.serviceName}: ${names}.`);
  const body = writableBody(tenant, inputs);
  try {
    await ctx.api.updateTenant(tenant.serviceName, body);
  } catch (error) {
    readsOf(ctx).forgetTenant(tenant.serviceName);
    throw new PartialCreateError(
      tenant.serviceName,
      remote,
      apiFailure(`Updating tenant ${tenant.serviceName}`, error),
    );
  }
  readsOf(ctx).forgetTenant(tenant.serviceName);
  return stateFrom(inputs, { ...tenant, ...body } as OfficeTenant, account.nic, ordered.orderId);
}

function adoptFromPlan(ctx: OperationContext, plan: TenantPlan): TenantState {
  const inputs = plan.inputs!;
  const tenant = plan.observed.tenant;
  if (!tenant) throw new Error(`adoption of ${inputs.adoptServiceName} planned without its tenant`);
  progress(ctx, `Tenant ${tenant.serviceName} adopted (no order placed).`);
  if ((inputs.licenses ?? []).length > 0) {
    progress(ctx, "licenses only count when a tenant is ordered: nothing is bought for an adopted tenant.");
  }
  // The state holds the tenant as it is; a difference with the inputs shows in the next plan as an update.
  return stateFrom(inputs, tenant, plan.observed.account, null, true);
}

async function changeFromPlan(ctx: OperationContext, plan: TenantPlan): Promise<TenantState> {
  const prior = plan.prior!;
  const inputs = plan.inputs!;
  for (const w of plan.warnings) progress(ctx, w.message);
  const merged: TenantState = { ...prior, ...stripUndefined(inputs), schemaVersion: TENANT_STATE_VERSION };
  const fields = plan.changes.filter((c) => c.effect === "update");
  const observed = plan.observed.tenant;
  if (fields.length === 0) {
    if (!isPartialTenantState(prior)) return merged;
    // A create that stopped half-way recorded what it knew; the plan read the tenant.
    const tenant = observed ?? (await readsOf(ctx).tenant(prior.serviceName));
    if (!tenant) {
      readsOf(ctx).forgetTenant(prior.serviceName);
      throw new ResourceError({
        code: "TENANT_NOT_VISIBLE",
        kind: "failure",
        what: `Tenant ${prior.serviceName}, whose create did not finish, is not visible yet.`,
        why: "OVHcloud may not have finished delivering it; its order is not placed again.",
        todo: "Run apply again in a few minutes; nothing will be ordered twice.",
      });
    }
    progress(ctx, `Tenant ${prior.serviceName} read again: its create did not finish last time.`);
    return stateFrom(merged, tenant, plan.observed.account, prior.orderId ?? null);
  }
  if (!observed) throw new Error(`update of tenant ${prior.serviceName} planned without reading it`);
  const body = writableBody(observed, inputs);
  const names = fields.map((c) => c.property.replace(/^contact\./, "")).join(", ");
  progress(ctx, `Updating tenant ${prior.serviceName}: ${names}.`);
  try {
    await ctx.api.updateTenant(prior.serviceName, body);
  } catch (error) {
    readsOf(ctx).forgetTenant(prior.serviceName);
    const maybe = mayHaveApplied(error)
      ? " It may have been applied: the next plan reads the tenant and shows what is left."
      : "";
    const failed = apiFailure(`Updating tenant ${prior.serviceName} (${names})`, error);
    throw new ResourceError(
      {
        code: failed.code,
        kind: "failure",
        what: failed.what,
        why: `${failed.why}${maybe}`,
        todo: "Run apply again; a tenant's fields are written whole, so repeating it changes nothing more.",
        queryId: failed.queryId,
      },
      { cause: error },
    );
  }
  readsOf(ctx).forgetTenant(prior.serviceName);
  return stateFrom(
    merged,
    { ...observed, ...body } as OfficeTenant,
    plan.observed.account,
    prior.orderId ?? null,
  );
}

/** Every writable field: what the plan read, with the inputs on top (all of them are inputs). */
function writableBody(observed: OfficeTenant, inputs: TenantInputs): OfficeTenantUpdate {
  return {
    displayName: inputs.displayName ?? observed.displayName,
    mpnId: inputs.mpnId ?? observed.mpnId,
    firstName: inputs.contact?.firstName ?? observed.firstName,
    lastName: inputs.contact?.lastName ?? observed.lastName,
    email: inputs.contact?.email ?? observed.email,
    phone: inputs.contact?.phone ?? observed.phone,
    address: inputs.contact?.address ?? observed.address,
    city: inputs.contact?.city ?? observed.city,
    zipCode: inputs.contact?.zipCode ?? observed.zipCode,
  };
}

/** Ends the tenant at expiry (the plan checked allowTermination). A tenant already gone counts as ended. */
async function endAtExpiry(ctx: OperationContext, plan: TenantPlan): Promise<void> {
  const state = plan.prior!;
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

// ---- what a tenant order failure says ---------------------------------------------------------------

interface OrderProgress {
  cartId?: string | undefined;
  /** The checkout was sent (its answer may have been lost). */
  checkoutSent: boolean;
  orderId?: number | undefined;
  /** The port step that was running when it failed. */
  step?: string | undefined;
}

const STEP_WORDS: Record<string, string> = {
  findCarts: "looking for an earlier attempt's cart",
  createCart: "creating the cart",
  assignCart: "assigning the cart",
  offeredPlans: "reading the plans the cart offers",
  addTenantItem: "adding the tenant to the cart",
  getCartItem: "reading the cart",
  offeredOptions: "reading the licence options",
  addOption: "adding a licence to the cart",
  updateCartItem: "changing a licence's seats in the cart",
  deleteCartItem: "removing a licence from the cart",
  configureTenantItem: "configuring the tenant (MPN ID, contact)",
  choosePayment: "checking how the order would be paid",
  checkout: "checking out the cart",
  listOrders: "looking for the order in the order history",
  orderSummary: "reading an order of the history",
  orderStatus: "reading the order's status",
  payOrder: "paying the order",
  waitForOrderDelivered: "waiting for delivery",
  serviceNameFromOrder: "reading the delivered tenant's name",
};

const CART_STEPS = new Set([
  "assignCart",
  "offeredPlans",
  "addTenantItem",
  "getCartItem",
  "offeredOptions",
  "addOption",
  "updateCartItem",
  "deleteCartItem",
  "configureTenantItem",
  "choosePayment",
  "checkout",
]);
const ORDER_STEPS = new Set(["payOrder", "orderStatus", "waitForOrderDelivered", "serviceNameFromOrder"]);

/** The port, watched: which step runs, whether the checkout was sent, which order exists. */
function trackOrder(api: Csp2Port): { api: Csp2Port; progress: OrderProgress } {
  const progress: OrderProgress = { checkoutSent: false };
  const watched = new Proxy(api, {
    get(target, prop, receiver) {
      if (prop === WRAPPED_PORT) return basePort(target);
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return async (...args: unknown[]) => {
        progress.step = prop;
        if (prop === "checkout") progress.checkoutSent = true;
        if (CART_STEPS.has(prop) && typeof args[0] === "string") progress.cartId = args[0];
        if (ORDER_STEPS.has(prop) && typeof args[0] === "number") progress.orderId = args[0];
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (prop === "createCart") progress.cartId = (result as { cartId: string }).cartId;
        if (prop === "checkout") {
          const orderId = (result as { orderId?: number | null }).orderId;
          if (typeof orderId === "number") progress.orderId = orderId;
        }
        return result;
      };
    },
  });
  return { api: watched, progress };
}

/**
 * A failure while ordering, in words: which tenant, how far the order got, whether anything may have
 * been ordered, and the one thing to do. The core's own refusals keep their code and advice, with the
 * tenant named.
 */
function orderFailure(displayName: string, p: OrderProgress, error: unknown): unknown {
  const who = `Ordering tenant "${displayName}"`;
  if (error instanceof PartialCreateError) return error;
  // Only the API's and the client's failures are described here; anything else is not an answer of
  // OVHcloud (a bug, or the process being stopped) and goes on as it is.
  if (!(error instanceof ResourceError || error instanceof OvhError || apiFields(error))) return error;
  if (error instanceof ResourceError) {
    return new ResourceError(
      {
        code: error.code,
        kind: error.kind,
        property: error.property,
        what: `${who}: ${error.what}`,
        why: error.why,
        todo: error.todo,
        queryId: error.queryId,
      },
      { cause: error },
    );
  }
  const failed = apiFailure(
    `${who} stopped while ${STEP_WORDS[p.step ?? ""] ?? p.step ?? "ordering"}`,
    error,
  );
  const cart = p.cartId ? `cart ${p.cartId}` : "its cart";
  const why =
    p.orderId !== undefined
      ? `Order ${p.orderId} exists and is not ordered again.`
      : p.checkoutSent
        ? `The checkout of ${cart} was sent and its answer lost: an order may exist; it is found, not placed again.`
        : `Nothing was ordered: the order stopped before the checkout of ${cart}.`;
  const todo =
    p.orderId !== undefined
      ? `Run apply again: it finds order ${p.orderId} and carries on; nothing will be ordered twice.`
      : `Run apply again: it resumes ${cart}${p.checkoutSent ? " or finds its order" : ""}; nothing will be ordered twice.`;
  return new ResourceError(
    {
      code: "TENANT_ORDER_FAILED",
      kind: "failure",
      what: failed.what,
      why: `${failed.why} ${why}`,
      todo,
      queryId: failed.queryId,
    },
    { cause: error },
  );
}

// ---- state ------------------------------------------------------------------------------------------

/**
 * The state from the tenant as read. With `fromRemote`, the editable fields take the remote values
 * (drift shows in the next plan); otherwise the inputs are kept (right after create or update, where
 * the normalised inputs are what was sent).
 */
export function stateFrom(
  base: TenantInputs,
  tenant: OfficeTenant,
  account: string,
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
    ovhAccount: account,
    orderId,
    hasAcceptedNewMCA: tenant.hasAcceptedNewMCA ?? null,
  };
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
