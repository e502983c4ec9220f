/*
 * Carrying out a create plan: order once, or adopt; and importing by id.
 *
 * Never buying twice. What the tenant already holds of the licence is decided from a list read right
 * before the POST, never from the run's cache (recognise.ts says what counts as what): nothing alive,
 * order; one the tenant's order bought or an interrupted attempt of this create bought, adopt it;
 * anything else, refuse. When the POST fails without a definite answer (a reset, a timeout, a 5xx: the
 * client's `mayHaveApplied`), the list is read again and the subscription that was not there before is
 * adopted; if none shows yet, the run stops saying so and the next run finds it by the same rule.
 *
 * Once the subscription exists, every later failure is a PartialCreateError carrying its id, so that
 * the front end records it: a task that ended in error records it as a failed order (the next plan
 * replaces it), anything else (a timeout, a lost answer) as `unknown` (the next plan reads it).
 */
import type { OfficeSubscription, OfficeTask } from "../../ovh/models/index.js";
import { checkFailed, currentAccount, type OperationContext, planRefused, progress } from "../context.js";
import {
  apiFailure,
  isNotFound,
  mayHaveApplied,
  orderRefused,
  PartialCreateError,
  ResourceError,
  subscriptionCreateLost,
  subscriptionNotInAccount,
  subscriptionOrderFailed,
  timedOut,
} from "../errors.js";
import { readsOf } from "../reads.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { planSubscription, type SubscriptionPlan } from "./plan.js";
import { classifyExisting } from "./recognise.js";
import {
  parseSubscriptionResourceId,
  type SubscriptionInputs,
  type SubscriptionState,
  subscriptionResourceId,
} from "./schema.js";
import { nowMs, stateFrom, waitTask } from "./shared.js";
import { hasEnded, isBeingCreated, isFailedOrder, PARTIAL_SUBSCRIPTION_STATUS } from "./status.js";

/** The refusals and bad inputs of a plan as the one error to throw. */
export function refusedPlan(plan: SubscriptionPlan): ResourceError {
  return plan.refusals.length > 0 ? planRefused(plan) : checkFailed(plan.failures);
}

/** Orders what a create plan planned (or adopts what an earlier attempt bought). */
export async function orderFromPlan(
  ctx: OperationContext,
  planned: SubscriptionPlan,
): Promise<SubscriptionState> {
  let plan = planned;
  if (!plan.licence || !plan.observed.tenant) {
    // Planned while its tenant or licence was not known yet (a tenant ordered in the same run).
    plan = await planSubscription(ctx, { prior: null, inputs: planned.inputs });
    if (plan.action === "refuse") throw refusedPlan(plan);
    if (plan.action === "adopt") return adoptFromPlan(ctx, plan);
  }
  const inputs = plan.inputs!;
  const licence = plan.licence!;
  const serviceName = inputs.tenant;
  const account = plan.observed.account;
  const reads = readsOf(ctx);
  const deadline = new Deadline(timeoutMs("subscription", "create", inputs.timeouts ?? undefined), () =>
    nowMs(ctx),
  );
  const addon = inputs.parent !== undefined && inputs.parent !== null;
  if (addon) await waitForParent(ctx, inputs, plan, deadline);

  // The decision to buy: on a list read now, never on the cache.
  const listNow = async () => {
    try {
      const list = (await reads.freshSubscriptions(serviceName)) ?? [];
      const addons = addon ? await reads.addons(serviceName, inputs.parent!) : undefined;
      return { list, addons };
    } catch (error) {
      throw apiFailure(`Listing the subscriptions of tenant ${serviceName} before ordering`, error);
    }
  };
  const before = await listNow();
  const found = classifyExisting(before.list, inputs, licence, {
    tenantCreated: plan.observed.tenant?.creationDate,
    now: nowMs(ctx),
    addons: before.addons,
  });
  if (found.kind === "exists") {
    throw new ResourceError({
      code: found.refusal.code,
      kind: "refusal",
      property: found.refusal.property,
      what: found.refusal.message,
      why: "",
      todo: "",
    });
  }
  for (const leftover of found.leftovers) await cancelLeftover(ctx, serviceName, leftover);
  if (found.kind === "adopt") {
    progress(
      ctx,
      `Subscription ${found.subscription.id} of ${licence.name} (${found.subscription.quantity} seats, created ${found.subscription.creationDate}) was ${found.why}; adopting it instead of ordering again.`,
    );
    if (found.withTenant) return adoptTenantPurchase(ctx, inputs, licence, account, found.subscription);
    return finishCreate(ctx, inputs, licence, account, found.subscription, undefined, deadline);
  }

  const beforeIds = new Set(before.list.map((s) => s.id));
  const body = { licenseId: licence.id, quantity: inputs.quantity };
  progress(ctx, `Ordering ${inputs.quantity} seats of ${licence.name} in tenant ${serviceName}.`);
  let task: OfficeTask | undefined;
  try {
    task = addon
      ? await ctx.api.orderAddon(serviceName, inputs.parent!, body)
      : await ctx.api.addSubscription(serviceName, body);
  } catch (error) {
    reads.forgetSubscriptions(serviceName);
    if (!mayHaveApplied(error)) throw orderRefused({ serviceName, licenseName: licence.name }, error);
    progress(
      ctx,
      `The order of ${licence.name} got no clear answer; looking for the subscription it may have created.`,
    );
    const after = (await listNow().catch(() => undefined))?.list ?? [];
    const fresh = ofLicence(after, licence.id).filter((s) => !beforeIds.has(s.id));
    if (fresh.length !== 1) throw subscriptionCreateLost({ serviceName, licenseName: licence.name }, error);
    progress(ctx, `Found subscription ${fresh[0]!.id}: the order went through; adopting it.`);
    return finishCreate(ctx, inputs, licence, account, fresh[0]!, undefined, deadline);
  }
  reads.forgetSubscriptions(serviceName);
  const after = await listNow();
  const fresh = ofLicence(after.list, licence.id).filter((s) => !beforeIds.has(s.id));
  const created =
    fresh.find((s) => s.taskPendingId === task.id) ?? (fresh.length === 1 ? fresh[0] : undefined);
  if (!created) {
    throw new ResourceError({
      code: "SUBSCRIPTION_NOT_VISIBLE",
      kind: "failure",
      what: `OVHcloud accepted the order of ${licence.name} in tenant ${serviceName} (task ${task.id}) but the new subscription is not listed yet.`,
      why: "The listing may lag behind the order; it was not ordered again.",
      todo: "Run apply again: it adopts the new subscription instead of ordering again; nothing will be ordered twice.",
    });
  }
  return finishCreate(ctx, inputs, licence, account, created, task, deadline);
}

/** Brings an existing subscription under management as the plan found it: no order, no write. */
export async function adoptFromPlan(
  ctx: OperationContext,
  plan: SubscriptionPlan,
): Promise<SubscriptionState> {
  const inputs = plan.inputs!;
  const id = inputs.adoptSubscriptionId!;
  let target = (plan.observed.siblings ?? []).find((s) => s.id === id);
  let licence = plan.licence;
  if (!target || !licence) {
    const again = await planSubscription(ctx, { prior: null, inputs });
    if (again.action === "refuse") throw refusedPlan(again);
    target = (again.observed.siblings ?? []).find((s) => s.id === id);
    licence = again.licence;
  }
  if (!target || !licence)
    throw new Error(`adoption of ${inputs.tenant}/${id} planned without its subscription`);
  if (inputs.parent !== undefined && inputs.parent !== null) {
    const addons = await readsOf(ctx).addons(inputs.tenant, inputs.parent);
    if (!addons.includes(id)) {
      throw new ResourceError({
        code: "ADOPT_MISMATCH",
        kind: "refusal",
        property: "parent",
        what: `Subscription ${inputs.tenant}/${id} cannot be adopted for this resource: it is not an add-on of subscription ${inputs.parent}, which the resource declares as its parent.`,
        why: "Adopting it would manage it under the wrong parent.",
        todo: "Declare the parent the subscription really has, or adopt another subscription.",
      });
    }
  }
  progress(ctx, `Subscription ${inputs.tenant}/${id} adopted (${target.quantity} seats; nothing ordered).`);
  return stateFrom(inputs, target, licence, plan.observed.account, true);
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
  const catalogue = (await readsOf(ctx).catalogue(parsed.tenant)) ?? [];
  const licence = catalogue.find((l) => l.id === sub.licenseId) ?? {
    id: sub.licenseId,
    name: String(sub.licenseId),
  };
  let parent: number | undefined;
  if (catalogue.find((l) => l.id === sub.licenseId)?.licenceType === "ADDON") {
    for (const other of (await readsOf(ctx).subscriptions(parsed.tenant)) ?? []) {
      if (other.id === sub.id) continue;
      if ((await readsOf(ctx).addons(parsed.tenant, other.id)).includes(sub.id)) {
        parent = other.id;
        break;
      }
    }
  }
  const inputs: SubscriptionInputs = { tenant: parsed.tenant, license: licence.name, quantity: sub.quantity };
  if (parent !== undefined) inputs.parent = parent;
  return stateFrom(inputs, sub, licence, account, true);
}

function ofLicence(list: readonly OfficeSubscription[], licenseId: number): OfficeSubscription[] {
  return list.filter((s) => s.licenseId === licenseId && !hasEnded(s.status) && !isFailedOrder(s.status));
}

/**
 * An add-on is ordered on an active parent. A parent still being delivered (ordered earlier in this
 * run, or by an interrupted one) is waited for through its pending task; a parent whose order failed
 * stops the add-on before anything is ordered.
 */
async function waitForParent(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  plan: SubscriptionPlan,
  deadline: Deadline,
): Promise<void> {
  const reads = readsOf(ctx);
  const parentId = inputs.parent!;
  let parent = plan.observed.parent?.subscription ?? (await reads.subscription(inputs.tenant, parentId));
  if (parent && isBeingCreated(parent.status) && parent.taskPendingId > 0) {
    progress(
      ctx,
      `Parent subscription ${parentId} is "${parent.status}": waiting for it to be active before ordering the add-on.`,
    );
    await waitTask(
      ctx,
      inputs.tenant,
      { id: parent.taskPendingId, status: "todo" },
      deadline,
      `Delivery of parent subscription ${inputs.tenant}/${parentId}`,
      "timeouts.create",
      ({ status }) => parentFailed(inputs, parentId, status),
    );
    reads.forgetSubscriptions(inputs.tenant);
    parent = await reads.subscription(inputs.tenant, parentId);
  }
  if (!parent || hasEnded(parent.status)) {
    throw checkFailed([
      {
        property: "parent",
        value: parentId,
        reason: `is not a subscription of tenant ${inputs.tenant} any more; nothing was ordered`,
      },
    ]);
  }
  if (isFailedOrder(parent.status)) throw parentFailed(inputs, parentId, parent.status);
  if (isBeingCreated(parent.status)) {
    throw timedOut({
      what: `Waiting for parent subscription ${inputs.tenant}/${parentId} to be active before ordering the add-on (nothing ordered)`,
      timeoutMs: deadline.totalMs,
      setting: "timeouts.create",
    });
  }
}

function parentFailed(inputs: SubscriptionInputs, parentId: number, status: string): ResourceError {
  return new ResourceError({
    code: "PARENT_ORDER_FAILED",
    kind: "refusal",
    property: "parent",
    what: `The add-on's parent subscription ${inputs.tenant}/${parentId} ended in "${status}": its order failed, and an add-on needs an active subscription.`,
    why: "Nothing was ordered for the add-on.",
    todo: "Run apply again: the parent's resource orders it again, then the add-on is ordered on it; nothing will be ordered twice.",
  });
}

/**
 * A failed order an interrupted attempt of this create left behind (recognise.ts): cancelled, so the
 * tenant ends with one subscription of the licence. It holds no seats, so a refusal is only noted.
 */
async function cancelLeftover(ctx: OperationContext, serviceName: string, s: OfficeSubscription) {
  progress(
    ctx,
    `Subscription ${serviceName}/${s.id} of this licence is "${s.status}" (an earlier attempt's order that failed; it holds no seats): cancelling it.`,
  );
  try {
    await ctx.api.cancelSubscription(serviceName, s.id);
  } catch (error) {
    progress(
      ctx,
      `Subscription ${serviceName}/${s.id} could not be cancelled (${apiFailure("Cancelling it", error).what}); it holds no seats and is left as it is.`,
    );
  }
  readsOf(ctx).forgetSubscriptions(serviceName);
}

/**
 * Adopts the subscription the tenant's order bought, then brings its seats to the declared quantity
 * in place (a plan and an apply of that change: its refusals and Microsoft's window apply). A failure
 * of that second step leaves the subscription recorded with the seats it has, so the next plan shows
 * the change again.
 */
async function adoptTenantPurchase(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: { id: number; name: string },
  account: string,
  sub: OfficeSubscription,
): Promise<SubscriptionState> {
  const adopted = stateFrom(inputs, sub, licence, account, true);
  if (sub.quantity === inputs.quantity) return adopted;
  progress(
    ctx,
    `Bringing subscription ${subscriptionResourceId(adopted)} from ${sub.quantity} to ${inputs.quantity} seats.`,
  );
  try {
    const { applySubscription } = await import("./apply.js");
    const change = await planSubscription(ctx, { prior: adopted, inputs });
    const next = await applySubscription(ctx, change);
    return next ?? adopted;
  } catch (error) {
    throw new PartialCreateError(subscriptionResourceId(adopted), adopted, error);
  }
}

async function finishCreate(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: { id: number; name: string },
  account: string,
  sub: OfficeSubscription,
  task: OfficeTask | undefined,
  deadline: Deadline,
): Promise<SubscriptionState> {
  const label = `${inputs.tenant}/${sub.id}`;
  const reads = readsOf(ctx);
  try {
    const taskId = task?.id ?? (sub.taskPendingId > 0 ? sub.taskPendingId : undefined);
    if (taskId !== undefined) {
      await waitTask(
        ctx,
        inputs.tenant,
        task ?? { id: taskId, status: "todo" },
        deadline,
        `Order of subscription ${label}`,
        "timeouts.create",
        ({ taskId: t, status }) =>
          subscriptionOrderFailed({
            serviceName: inputs.tenant,
            subscriptionId: sub.id,
            licenseName: licence.name,
            taskId: t,
            status,
          }),
      );
      reads.forgetSubscriptions(inputs.tenant);
    }
    // The purchase is confirmed by what OVHcloud lists once its task is done.
    const fresh = await reads.subscription(inputs.tenant, sub.id);
    if (!fresh) throw new Error(`subscription ${label} is not listed once its order is done`);
    if (isFailedOrder(fresh.status)) {
      throw subscriptionOrderFailed({
        serviceName: inputs.tenant,
        subscriptionId: sub.id,
        licenseName: licence.name,
        taskId: taskId ?? 0,
        status: fresh.status,
      });
    }
    progress(ctx, `Subscription ${label}: ${fresh.quantity} seats of ${licence.name}, ${fresh.status}.`);
    return stateFrom(inputs, fresh, licence, account, false);
  } catch (error) {
    const failedOrder = error instanceof ResourceError && error.code === "SUBSCRIPTION_ORDER_FAILED";
    // A failed order is recorded as such; anything else as last seen, with a status saying it is stale.
    const recorded = {
      ...stateFrom(inputs, sub, licence, account, false),
      status: failedOrder ? "error" : PARTIAL_SUBSCRIPTION_STATUS,
    };
    throw new PartialCreateError(label, recorded, error);
  }
}
