/*
 * Carrying out a subscription plan with what the plan observed. Apply decides nothing: it re-reads
 * only what it must confirm before acting, where acting on an older view could cost money or leave
 * the declared state unreached:
 * - before ordering, the tenant's list, read now (create.ts: never buying twice);
 * - before changing seats, nothing: the plan saw the subscription; a pending task it saw is waited for
 *   and the subscription then read again; a seat count is a total, so a stale "from" cannot buy twice;
 * - after a write whose answer was lost, the tenant's list, to see what happened.
 * The state after a seat change is the plan's view with the new total and the task's end as the last
 * update: the task being done is OVHcloud's confirmation.
 */
import type { OfficeSubscription, OfficeTask } from "../../ovh/models/index.js";
import { type OperationContext, progress } from "../context.js";
import {
  apiFailure,
  apiFields,
  cancellationRefused,
  changeInProgress,
  isForbidden,
  isNotFound,
  mayHaveApplied,
  ResourceError,
  replaceNotUpdate,
  seatChangeFailed,
  seatChangeUnconfirmed,
  seatReductionRefused,
} from "../errors.js";
import { readsOf } from "../reads.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { adoptFromPlan, orderFromPlan, refusedPlan } from "./create.js";
import { windowStart } from "./diff.js";
import type { SubscriptionPlan } from "./plan.js";
import { SUBSCRIPTION_STATE_VERSION, type SubscriptionState, subscriptionResourceId } from "./schema.js";
import { nowMs, stateFrom, stripUndefined, waitTask } from "./shared.js";
import { hasEnded, isPartialSubscriptionState } from "./status.js";

/** The state after the plan, or null when it deleted the subscription. */
export async function applySubscription(
  ctx: OperationContext,
  plan: SubscriptionPlan,
): Promise<SubscriptionState | null> {
  switch (plan.action) {
    case "refuse":
      throw refusedPlan(plan);
    case "create":
      return orderFromPlan(ctx, plan);
    case "adopt":
      return adoptFromPlan(ctx, plan);
    case "delete":
      await cancelFromPlan(ctx, plan);
      return null;
    case "replace":
      // Engines carry out a replace as a create and a delete, each planned on its own.
      throw replaceNotUpdate({
        kind: "subscription",
        id: subscriptionResourceId(plan.prior!),
        replaces: plan.replaces,
      });
    case "noop":
    case "update":
      return changeFromPlan(ctx, plan);
  }
}

async function changeFromPlan(ctx: OperationContext, plan: SubscriptionPlan): Promise<SubscriptionState> {
  const prior = plan.prior!;
  const inputs = plan.inputs!;
  const id = subscriptionResourceId(prior);
  for (const w of plan.warnings) progress(ctx, w.message);
  const merged: SubscriptionState = {
    ...prior,
    ...stripUndefined(inputs),
    schemaVersion: SUBSCRIPTION_STATE_VERSION,
  };
  const seats = plan.changes.some((c) => c.property === "quantity" && c.effect === "update");
  if (!seats) {
    const kept = { ...merged, quantity: prior.quantity };
    return isPartialSubscriptionState(prior) ? confirmPartial(ctx, plan, kept) : kept;
  }

  const deadline = new Deadline(timeoutMs("subscription", "update", inputs.timeouts ?? undefined), () =>
    nowMs(ctx),
  );
  const reads = readsOf(ctx);
  const target = inputs.quantity;
  const from = prior.quantity;
  const licence = { id: prior.licenseId, name: prior.licenseName };
  const done = (sub: OfficeSubscription, task?: Partial<OfficeTask>): SubscriptionState => ({
    ...stateFrom(merged, sub, licence, plan.observed.account, false),
    quantity: target,
    lastUpdate: task?.finishDate ?? sub.lastUpdate ?? new Date(nowMs(ctx)).toISOString(),
  });
  const refreshed = async (): Promise<OfficeSubscription | null> => {
    try {
      return await reads
        .freshSubscriptions(prior.tenant)
        .then((list) => list?.find((s) => s.id === prior.subscriptionId) ?? null);
    } catch (error) {
      throw apiFailure(`Reading subscription ${id}`, error);
    }
  };

  let current = plan.observed.subscription ?? null;
  if (current && current.taskPendingId > 0) {
    progress(
      ctx,
      `Subscription ${id} has task ${current.taskPendingId} still running (an earlier change): waiting for it first.`,
    );
    await waitForEarlierTask(ctx, prior.tenant, current.taskPendingId, deadline, id);
    current = await refreshed();
  }
  if (current && current.quantity === target) {
    progress(
      ctx,
      `Subscription ${id} already has ${target} seats (an earlier change went through); nothing sent.`,
    );
    return done(current);
  }

  progress(ctx, `Changing subscription ${id} from ${from} to ${target} seats.`);
  let task: OfficeTask;
  try {
    task = await ctx.api.changeQuantity(prior.tenant, prior.subscriptionId, target);
  } catch (error) {
    reads.forgetSubscriptions(prior.tenant);
    if (isForbidden(error) && target < from) {
      const start = windowStart(current ?? prior);
      throw seatReductionRefused(
        {
          serviceName: prior.tenant,
          subscriptionId: prior.subscriptionId,
          from,
          to: target,
          windowStart: start?.toISOString(),
        },
        error,
      );
    }
    if (apiFields(error)?.status === 409)
      throw changeInProgress({ id, taskId: current?.taskPendingId }, error);
    if (!mayHaveApplied(error))
      throw apiFailure(`Changing the seats of subscription ${id} from ${from} to ${target}`, error);
    // The answer was lost: the change may be applied, running, or not there.
    progress(
      ctx,
      `The seat change of ${id} got no clear answer; reading the subscription to see where it stands.`,
    );
    let seen = await refreshed();
    if (seen && seen.taskPendingId > 0) {
      await waitForEarlierTask(ctx, prior.tenant, seen.taskPendingId, deadline, id);
      seen = await refreshed();
    }
    if (seen && seen.quantity === target) {
      progress(ctx, `Subscription ${id} has ${target} seats: the change went through.`);
      return done(seen);
    }
    throw seatChangeUnconfirmed({ id, from, to: target, seen: seen?.quantity }, error);
  }
  reads.forgetSubscriptions(prior.tenant);
  const finished = await waitTask(
    ctx,
    prior.tenant,
    task,
    deadline,
    `Seat change of subscription ${id}`,
    "timeouts.update",
    ({ taskId, status }) => seatChangeFailed({ id, from, to: target, taskId, status }),
  );
  return done(current ?? (await refreshed()) ?? missing(id), finished);
}

/** An earlier change's task: its outcome is read afterwards, so its failure only means "not applied". */
async function waitForEarlierTask(
  ctx: OperationContext,
  tenant: string,
  taskId: number,
  deadline: Deadline,
  id: string,
): Promise<void> {
  try {
    await waitTask(
      ctx,
      tenant,
      { id: taskId, status: "todo" },
      deadline,
      `Task ${taskId} of ${id}`,
      "timeouts.update",
      () => ended,
    );
  } catch (error) {
    if (error !== ended) throw error;
  }
  readsOf(ctx).forgetSubscriptions(tenant);
}
const ended = new ResourceError({ code: "TASK_ENDED", kind: "failure", what: "", why: "", todo: "" });

function missing(id: string): never {
  throw new ResourceError({
    code: "SUBSCRIPTION_NOT_VISIBLE",
    kind: "failure",
    what: `Subscription ${id} is not listed after its seat change.`,
    why: "It may have been cancelled meanwhile.",
    todo: "Run a refresh (pulumi refresh, or tofu/terraform apply -refresh-only), then apply again.",
  });
}

/**
 * A create that stopped half-way recorded what it knew (status "unknown"). The plan read it: the state
 * becomes what OVHcloud lists, without a write (Pulumi runs an update on the next up with nothing
 * changed; Terraform plans the outputs unknown).
 */
async function confirmPartial(
  ctx: OperationContext,
  plan: SubscriptionPlan,
  kept: SubscriptionState,
): Promise<SubscriptionState> {
  const prior = plan.prior!;
  const id = subscriptionResourceId(prior);
  let sub = plan.observed.subscription;
  if (sub === undefined) sub = await readsOf(ctx).subscription(prior.tenant, prior.subscriptionId);
  if (sub && sub.taskPendingId > 0) {
    const deadline = new Deadline(timeoutMs("subscription", "create", prior.timeouts ?? undefined), () =>
      nowMs(ctx),
    );
    await waitForEarlierTask(ctx, prior.tenant, sub.taskPendingId, deadline, id);
    sub = await readsOf(ctx).subscription(prior.tenant, prior.subscriptionId);
  }
  if (!sub || hasEnded(sub.status)) {
    throw new ResourceError({
      code: "SUBSCRIPTION_NOT_VISIBLE",
      kind: "failure",
      what: `Subscription ${id}, whose create did not finish, is not found in tenant ${prior.tenant}.`,
      why: "It may have been cancelled, or its order failed; the state still holds what the create recorded.",
      todo: "Run a refresh (pulumi refresh, tofu/terraform apply -refresh-only): a subscription that is gone leaves the state, and the next apply orders it.",
    });
  }
  progress(ctx, `Subscription ${id} read again: its create did not finish last time.`);
  return stateFrom(kept, sub, { id: prior.licenseId, name: prior.licenseName }, plan.observed.account, false);
}

/**
 * Cancels the subscription and waits for it to go. Already gone (own account) counts as cancelled, and
 * so does a cancellation already running (an earlier attempt's, or a failed order's clean-up).
 */
async function cancelFromPlan(ctx: OperationContext, plan: SubscriptionPlan): Promise<void> {
  const prior = plan.prior!;
  const id = subscriptionResourceId(prior);
  const reads = readsOf(ctx);
  for (const w of plan.warnings) progress(ctx, w.message);
  const deadline = new Deadline(timeoutMs("subscription", "delete", prior.timeouts ?? undefined), () =>
    nowMs(ctx),
  );
  const cancelled = ({ taskId, status }: { taskId: number; status: string }) =>
    new ResourceError({
      code: "CANCELLATION_FAILED",
      kind: "failure",
      what: `The cancellation of subscription ${id} ended in "${status}" at OVHcloud (task ${taskId}).`,
      why: "OVHcloud did not carry it out: the subscription still runs.",
      todo: "Run apply again: it asks for the cancellation again.",
    });
  progress(ctx, `Cancelling subscription ${id} (${prior.licenseName}, ${prior.quantity} seats).`);
  let task: OfficeTask;
  try {
    task = await ctx.api.cancelSubscription(prior.tenant, prior.subscriptionId);
  } catch (error) {
    reads.forgetSubscriptions(prior.tenant);
    if (isNotFound(error) && prior.ovhAccount) return;
    if (isForbidden(error)) {
      const start = windowStart(plan.observed.subscription ?? prior);
      throw cancellationRefused(
        {
          serviceName: prior.tenant,
          subscriptionId: prior.subscriptionId,
          windowStart: start?.toISOString(),
        },
        error,
      );
    }
    const conflict = apiFields(error)?.status === 409;
    if (!conflict && !mayHaveApplied(error)) throw apiFailure(`Cancelling subscription ${id}`, error);
    // Lost answer, or a task already running: what does OVHcloud list now?
    const seen = await reads.subscription(prior.tenant, prior.subscriptionId).catch((e: unknown) => {
      throw apiFailure(`Reading subscription ${id}`, e);
    });
    if (!seen || hasEnded(seen.status)) {
      if (seen && seen.taskPendingId > 0) {
        await waitTask(
          ctx,
          prior.tenant,
          { id: seen.taskPendingId, status: "todo" },
          deadline,
          `Cancellation of subscription ${id}`,
          "timeouts.delete",
          cancelled,
        );
      }
      progress(ctx, `Subscription ${id} cancelled.`);
      return;
    }
    if (conflict) throw changeInProgress({ id, taskId: seen.taskPendingId || undefined }, error);
    throw apiFailure(`Cancelling subscription ${id}`, error);
  }
  reads.forgetSubscriptions(prior.tenant);
  await waitTask(
    ctx,
    prior.tenant,
    task,
    deadline,
    `Cancellation of subscription ${id}`,
    "timeouts.delete",
    cancelled,
  );
  progress(ctx, `Subscription ${id} cancelled.`);
}
