/*
 * Creating a subscription through the port: order once, adopt, or import.
 *
 * Never buying twice. A tenant holds one subscription per licence (OVHcloud's own model: the
 * subscription id is "unique per licence type ordered"), and the core manages at most one per licence
 * per tenant (per parent, for add-ons). So:
 * - Before the POST the core lists the tenant's subscriptions of that licence. None: it orders.
 *   Exactly one, created in the last 24 hours with exactly the declared quantity: it is taken to be
 *   what an interrupted earlier attempt bought (a crash, a lost answer) and is adopted, with a progress
 *   line saying so. Exactly one that was bought with the tenant's own order (`licenses` of the tenant
 *   resource): created at the tenant's delivery, i.e. within TENANT_ORDER_WINDOW_MS after the tenant's
 *   creationDate (OVHcloud delivers an order's licences with its tenant; the emulator creates both at
 *   the same instant): adopted, and its seats then brought to the declared quantity in place
 *   (changeQuantity), never bought a second time. Anything else (older, other quantity, several):
 *   refused with "adopt it with adoptSubscriptionId: N" — adopting silently could later cancel seats
 *   nobody declared.
 * - When the POST fails without a definite answer (a reset, a timeout, a 5xx: the client's
 *   `mayHaveApplied`), the core lists again and adopts the subscription of that licence that was not
 *   there before the POST. If none shows yet, it stops with an error saying so; the next run finds it
 *   by the rule above.
 * - Once the subscription exists, every later failure (task error, timeout) is a PartialCreateError
 *   carrying its id, so that the front end records it.
 */
import type { OfficeLicence, OfficeSubscription, OfficeTask } from "../../ovh/models/index.js";
import { checkFailed, currentAccount, type OperationContext, progress } from "../context.js";
import {
  adoptMismatch,
  adoptNotFound,
  apiFailure,
  isNotFound,
  mayHaveApplied,
  PartialCreateError,
  ResourceError,
  subscriptionCreateLost,
  subscriptionExists,
  subscriptionNotInAccount,
  tenantNotInAccount,
} from "../errors.js";
import type { Account } from "../port.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { checkSubscriptionLicence, findLicence } from "./check.js";
import { planSubscriptionCreate, type SubscriptionObserved } from "./diff.js";
import { updateSubscription } from "./operations.js";
import {
  parseSubscriptionResourceId,
  type SubscriptionInputs,
  type SubscriptionState,
  subscriptionResourceId,
} from "./schema.js";
import {
  findTenant,
  hasEnded,
  nowMs,
  PARTIAL_SUBSCRIPTION_STATUS,
  planRefusedLifecycle,
  stateFrom,
  waitTask,
} from "./shared.js";

/** A subscription this old or younger, with the declared quantity, is taken for an interrupted attempt's. */
export const RECOVERY_WINDOW_MS = 24 * 3_600_000;
/**
 * A subscription created this long after its tenant (or up to TENANT_ORDER_SKEW_MS before: clocks of
 * two systems) is taken for one bought with the tenant's order. Narrow on purpose: a subscription it
 * does not recognise is refused with SUBSCRIPTION_EXISTS (adopt it by id), never bought twice.
 */
export const TENANT_ORDER_WINDOW_MS = 3_600_000;
export const TENANT_ORDER_SKEW_MS = 5 * 60_000;

export async function createSubscription(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
): Promise<SubscriptionState> {
  const account = await currentAccount(ctx);
  const serviceName = inputs.tenant;
  const tenant = await findTenant(ctx, serviceName);
  if (!tenant) throw tenantNotInAccount({ serviceName, current: account.nic });
  const observed: SubscriptionObserved = {
    account: account.nic,
    tenant: {
      serviceName,
      visible: true,
      hasAcceptedNewMCA: tenant.hasAcceptedNewMCA,
      status: tenant.status,
    },
    now: new Date(nowMs(ctx)),
  };
  const plan = planSubscriptionCreate(inputs, observed);
  if (plan.action === "refuse") throw planRefusedLifecycle(plan.refusals);
  if (plan.action === "adopt") return adoptSubscription(ctx, inputs);

  const catalogue = await ctx.api.listOrderableLicences(serviceName);
  const resolution = checkSubscriptionLicence(inputs, catalogue, { creating: true });
  if (resolution.failures.length > 0) throw checkFailed(resolution.failures);
  const licence = resolution.licence!;
  const deadline = new Deadline(timeoutMs("subscription", "create", inputs.timeouts ?? undefined), () =>
    nowMs(ctx),
  );

  const before = await subscriptionsOfLicence(ctx, inputs, licence);
  if (before.length > 0) {
    const withTenant = boughtWithTenant(before, inputs, tenant);
    if (withTenant) {
      // A young one of the declared size may as well be an interrupted attempt's: the same adoption.
      const also = recoverable(before, inputs, nowMs(ctx))
        ? " or by an interrupted earlier attempt of this create"
        : "";
      progress(
        ctx,
        `Subscription ${withTenant.id} of ${licence.name} (${withTenant.quantity} seats, created ${withTenant.creationDate}) was bought with tenant ${serviceName}'s order${also}; adopting it instead of ordering again.`,
      );
      return adoptTenantPurchase(ctx, inputs, licence, account, withTenant);
    }
    const recovered = recoverable(before, inputs, nowMs(ctx));
    if (!recovered) {
      const s = before[0]!;
      throw subscriptionExists({
        serviceName,
        subscriptionId: s.id,
        licenseName: licence.name,
        quantity: s.quantity,
        creationDate: s.creationDate,
      });
    }
    progress(
      ctx,
      `Subscription ${recovered.id} of ${licence.name} (${recovered.quantity} seats, created ${recovered.creationDate}) was most likely bought by an interrupted earlier attempt; adopting it instead of ordering again.`,
    );
    return finishCreate(ctx, inputs, licence, account, recovered, undefined, deadline);
  }

  const beforeIds = new Set(before.map((s) => s.id));
  const body = { licenseId: licence.id, quantity: inputs.quantity };
  progress(ctx, `Ordering ${inputs.quantity} seats of ${licence.name} in tenant ${serviceName}.`);
  let task: OfficeTask | undefined;
  try {
    task =
      inputs.parent !== undefined && inputs.parent !== null
        ? await ctx.api.orderAddon(serviceName, inputs.parent, body)
        : await ctx.api.addSubscription(serviceName, body);
  } catch (error) {
    if (!mayHaveApplied(error)) throw apiFailure(`Ordering ${licence.name} in tenant ${serviceName}`, error);
    progress(
      ctx,
      `The order of ${licence.name} got no clear answer; looking for the subscription it may have created.`,
    );
    const after = (await subscriptionsOfLicence(ctx, inputs, licence)).filter((s) => !beforeIds.has(s.id));
    if (after.length !== 1) throw subscriptionCreateLost({ serviceName, licenseName: licence.name }, error);
    progress(ctx, `Found subscription ${after[0]!.id}: the order went through; adopting it.`);
    return finishCreate(ctx, inputs, licence, account, after[0]!, undefined, deadline);
  }
  const created = await findCreated(ctx, inputs, licence, beforeIds, task);
  if (!created) {
    throw new ResourceError({
      code: "SUBSCRIPTION_NOT_VISIBLE",
      kind: "failure",
      what: `OVHcloud accepted the order of ${licence.name} in tenant ${serviceName} (task ${task.id}) but the new subscription is not listed.`,
      why: "The listing may lag behind the order.",
      todo: "Run again: the run adopts the new subscription instead of ordering again.",
    });
  }
  return finishCreate(ctx, inputs, licence, account, created, task, deadline);
}

/** Brings an existing subscription under management: no order; the account and licence are checked. */
export async function adoptSubscription(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
): Promise<SubscriptionState> {
  const account = await currentAccount(ctx);
  const id = inputs.adoptSubscriptionId!;
  const label = `${inputs.tenant}/${id}`;
  let sub: OfficeSubscription;
  try {
    sub = await ctx.api.getSubscription(inputs.tenant, id);
  } catch (error) {
    if (isNotFound(error)) {
      throw adoptNotFound({
        kind: "subscription",
        id: label,
        current: account.nic,
        property: "adoptSubscriptionId",
      });
    }
    throw apiFailure(`Reading subscription ${label}`, error);
  }
  if (hasEnded(sub.status)) {
    throw adoptNotFound({
      kind: "subscription",
      id: label,
      current: account.nic,
      property: "adoptSubscriptionId",
    });
  }
  const catalogue = await ctx.api.listOrderableLicences(inputs.tenant);
  const declared = findLicence(inputs.license, catalogue);
  const actual = catalogue.find((l) => l.id === sub.licenseId);
  if (!declared || declared.id !== sub.licenseId) {
    throw adoptMismatch({
      id: label,
      property: "license",
      expected: declared ? `${declared.name} (id ${declared.id})` : `"${inputs.license}"`,
      actual: `${actual?.name ?? "licence"} (id ${sub.licenseId})`,
    });
  }
  if (inputs.parent !== undefined && inputs.parent !== null) {
    const addons = await ctx.api.addonSubscriptionIds(inputs.tenant, inputs.parent);
    if (!addons.includes(id)) {
      throw adoptMismatch({
        id: label,
        property: "parent",
        expected: `an add-on of subscription ${inputs.parent}`,
        actual: "not an add-on of it",
      });
    }
  }
  progress(ctx, `Subscription ${label} adopted (${sub.quantity} seats; nothing ordered).`);
  return stateFrom(inputs, sub, declared, account, true);
}

/**
 * Import (Terraform `import` blocks, the CLI's adoption) from the id `<tenant>/<subscriptionId>`: the
 * state with the inputs taken from what OVHcloud reports (for an add-on, its parent is looked up).
 */
export async function importSubscription(ctx: OperationContext, id: string): Promise<SubscriptionState> {
  const parsed = parseSubscriptionResourceId(id);
  if (!parsed) {
    throw checkFailed([
      {
        property: "id",
        value: id,
        reason: "must be <tenant service name>/<subscription id>, e.g. csp2-1a2b3c4d/100042",
      },
    ]);
  }
  const account = await currentAccount(ctx);
  let sub: OfficeSubscription;
  try {
    sub = await ctx.api.getSubscription(parsed.tenant, parsed.subscriptionId);
  } catch (error) {
    if (isNotFound(error))
      throw subscriptionNotInAccount({ id: id.trim(), tenant: parsed.tenant, current: account.nic });
    throw apiFailure(`Reading subscription ${id}`, error);
  }
  const catalogue = await ctx.api.listOrderableLicences(parsed.tenant);
  const licence = catalogue.find((l) => l.id === sub.licenseId) ?? {
    id: sub.licenseId,
    name: String(sub.licenseId),
  };
  let parent: number | undefined;
  if (catalogue.find((l) => l.id === sub.licenseId)?.licenceType === "ADDON") {
    for (const other of await ctx.api.listSubscriptions(parsed.tenant)) {
      if (other.id === sub.id) continue;
      if ((await ctx.api.addonSubscriptionIds(parsed.tenant, other.id)).includes(sub.id)) {
        parent = other.id;
        break;
      }
    }
  }
  const inputs: SubscriptionInputs = { tenant: parsed.tenant, license: licence.name, quantity: sub.quantity };
  if (parent !== undefined) inputs.parent = parent;
  return stateFrom(inputs, sub, licence, account, true);
}

/** The tenant's subscriptions of this licence (for an add-on: among the parent's add-ons). */
async function subscriptionsOfLicence(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: OfficeLicence,
): Promise<OfficeSubscription[]> {
  const all = (await ctx.api.listSubscriptions(inputs.tenant)).filter(
    (s) => s.licenseId === licence.id && !hasEnded(s.status),
  );
  if (inputs.parent === undefined || inputs.parent === null) return all;
  const addons = new Set(await ctx.api.addonSubscriptionIds(inputs.tenant, inputs.parent));
  return all.filter((s) => addons.has(s.id));
}

/**
 * The subscription bought with the tenant's own order: the only one of the licence (not an add-on),
 * created at the tenant's delivery (within TENANT_ORDER_WINDOW_MS after the tenant's creationDate).
 */
function boughtWithTenant(
  existing: OfficeSubscription[],
  inputs: SubscriptionInputs,
  tenant: { creationDate: string },
): OfficeSubscription | undefined {
  if (existing.length !== 1 || (inputs.parent !== undefined && inputs.parent !== null)) return undefined;
  const s = existing[0]!;
  const created = Date.parse(s.creationDate);
  const tenantCreated = Date.parse(tenant.creationDate);
  if (!Number.isFinite(created) || !Number.isFinite(tenantCreated)) return undefined;
  const after = created - tenantCreated;
  return after >= -TENANT_ORDER_SKEW_MS && after <= TENANT_ORDER_WINDOW_MS ? s : undefined;
}

/**
 * Adopts the subscription the tenant's order bought, then brings its seats to the declared quantity
 * in place (the core's own update: its refusals and Microsoft's window apply). A failure of that
 * second step leaves the subscription recorded with the seats it has, so the next plan shows the
 * change again.
 */
async function adoptTenantPurchase(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: OfficeLicence,
  account: Account,
  sub: OfficeSubscription,
): Promise<SubscriptionState> {
  const adopted = stateFrom(inputs, sub, licence, account, true);
  if (sub.quantity === inputs.quantity) return adopted;
  progress(
    ctx,
    `Bringing subscription ${subscriptionResourceId(adopted)} from ${sub.quantity} to ${inputs.quantity} seats.`,
  );
  try {
    return await updateSubscription(ctx, adopted, inputs);
  } catch (error) {
    throw new PartialCreateError(subscriptionResourceId(adopted), adopted, error);
  }
}

function recoverable(
  existing: OfficeSubscription[],
  inputs: SubscriptionInputs,
  now: number,
): OfficeSubscription | undefined {
  if (existing.length !== 1) return undefined;
  const s = existing[0]!;
  const created = Date.parse(s.creationDate);
  const young = Number.isFinite(created) && now - created <= RECOVERY_WINDOW_MS && created <= now + 60_000;
  return young && s.quantity === inputs.quantity ? s : undefined;
}

async function findCreated(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: OfficeLicence,
  beforeIds: Set<number>,
  task: OfficeTask,
): Promise<OfficeSubscription | undefined> {
  const fresh = (await subscriptionsOfLicence(ctx, inputs, licence)).filter((s) => !beforeIds.has(s.id));
  return fresh.find((s) => s.taskPendingId === task.id) ?? (fresh.length === 1 ? fresh[0] : undefined);
}

async function finishCreate(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: OfficeLicence,
  account: Account,
  sub: OfficeSubscription,
  task: OfficeTask | undefined,
  deadline: Deadline,
): Promise<SubscriptionState> {
  const label = `${inputs.tenant}/${sub.id}`;
  try {
    const taskId = task?.id ?? (sub.taskPendingId > 0 ? sub.taskPendingId : undefined);
    if (taskId !== undefined) {
      const t: OfficeTask = task ?? {
        id: taskId,
        function: "addSubscription",
        status: "todo",
        todoDate: "",
        finishDate: null,
      };
      await waitTask(ctx, inputs.tenant, t, deadline, `Order of subscription ${label}`, "timeouts.create");
    }
    const fresh = await ctx.api.getSubscription(inputs.tenant, sub.id);
    progress(ctx, `Subscription ${label}: ${fresh.quantity} seats of ${licence.name}, ${fresh.status}.`);
    return stateFrom(inputs, fresh, licence, account, false);
  } catch (error) {
    // What was read before the failure may be stale: the status says so, and the next update reads it.
    const partial = {
      ...stateFrom(inputs, sub, licence, account, false),
      status: PARTIAL_SUBSCRIPTION_STATUS,
    };
    throw new PartialCreateError(String(label), partial, error);
  }
}
