// Subscription operations through the port after create: observe (for plans), read, update, delete.
// Every operation starts with the ownership guard.
import type { OfficeLicence, OfficeSubscription, OfficeTask } from "../../ovh/models/index.js";
import { currentAccount, guardOwnership, type OperationContext, planRefused, progress } from "../context.js";
import {
  apiFailure,
  cancellationRefused,
  isForbidden,
  isNotFound,
  ownershipUnconfirmed,
  ResourceError,
  replaceNotUpdate,
  seatReductionRefused,
} from "../errors.js";
import type { ReadResult } from "../plan.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { diffSubscription, type SubscriptionObserved, windowStart } from "./diff.js";
import {
  SUBSCRIPTION_STATE_VERSION,
  type SubscriptionInputs,
  type SubscriptionState,
  subscriptionResourceId,
} from "./schema.js";
import {
  findTenant,
  hasEnded,
  isPartialSubscriptionState,
  nowMs,
  stateFrom,
  stripUndefined,
  waitTask,
} from "./shared.js";

/** What the diff needs to know, read through the port (front ends call this, then `diffSubscription`). */
export async function observeSubscription(
  ctx: OperationContext,
  state: SubscriptionState | undefined,
  news: SubscriptionInputs,
  options: { tenantAccount?: string | null } = {},
): Promise<SubscriptionObserved> {
  const account = await currentAccount(ctx);
  const observed: SubscriptionObserved = { account: account.nic, now: new Date(nowMs(ctx)) };
  if (state?.ovhAccount && state.ovhAccount !== account.nic) return observed; // refused anyway: read nothing
  if (typeof news.tenant === "string") {
    const tenant = await findTenant(ctx, news.tenant);
    observed.tenant = {
      serviceName: news.tenant,
      visible: tenant !== undefined,
      hasAcceptedNewMCA: tenant?.hasAcceptedNewMCA,
      status: tenant?.status,
      ovhAccount: options.tenantAccount,
    };
    if (tenant) observed.catalogue = await ctx.api.listOrderableLicences(news.tenant);
  }
  if (state) {
    try {
      observed.subscription = await ctx.api.getSubscription(state.tenant, state.subscriptionId);
    } catch (error) {
      if (!isNotFound(error))
        throw apiFailure(`Reading subscription ${subscriptionResourceId(state)}`, error);
    }
  }
  return observed;
}

export async function readSubscription(
  ctx: OperationContext,
  state: SubscriptionState,
): Promise<ReadResult<SubscriptionState>> {
  const id = subscriptionResourceId(state);
  const account = await guardOwnership(ctx, "subscription", id, state.ovhAccount);
  let sub: OfficeSubscription;
  try {
    sub = await ctx.api.getSubscription(state.tenant, state.subscriptionId);
  } catch (error) {
    if (!isNotFound(error)) throw apiFailure(`Reading subscription ${id}`, error);
    if (!state.ovhAccount) throw ownershipUnconfirmed({ kind: "subscription", id, current: account.nic });
    return { status: "gone" };
  }
  if (hasEnded(sub.status)) return { status: "gone" };
  let licence: Pick<OfficeLicence, "id" | "name"> = { id: state.licenseId, name: state.licenseName };
  if (sub.licenseId !== state.licenseId) {
    const catalogue = await ctx.api.listOrderableLicences(state.tenant);
    licence = catalogue.find((l) => l.id === sub.licenseId) ?? {
      id: sub.licenseId,
      name: String(sub.licenseId),
    };
  }
  return { status: "found", state: stateFrom(state, sub, licence, account, true) };
}

export async function updateSubscription(
  ctx: OperationContext,
  state: SubscriptionState,
  news: SubscriptionInputs,
): Promise<SubscriptionState> {
  const id = subscriptionResourceId(state);
  const account = await guardOwnership(ctx, "subscription", id, state.ovhAccount);
  const observed = await observeSubscription(ctx, state, news);
  const plan = diffSubscription(state, news, observed);
  if (plan.action === "refuse") throw planRefused(plan);
  if (plan.action === "replace") {
    throw replaceNotUpdate({ kind: "subscription", id: id, replaces: plan.replaces });
  }
  const merged: SubscriptionState = {
    ...state,
    ...stripUndefined(news),
    schemaVersion: SUBSCRIPTION_STATE_VERSION,
  };
  if (plan.action === "noop" || plan.stateOnly) {
    const kept = { ...merged, quantity: state.quantity };
    if (!isPartialSubscriptionState(state)) return kept;
    // A create that stopped half-way recorded what it knew (status "unknown"). Pulumi runs an update
    // on the next up with nothing changed: a read (no write) makes the state true without a refresh.
    let sub: OfficeSubscription | undefined;
    try {
      sub = await ctx.api.getSubscription(state.tenant, state.subscriptionId);
    } catch (error) {
      if (!isNotFound(error)) throw apiFailure(`Reading subscription ${id}`, error);
    }
    if (!sub || hasEnded(sub.status)) {
      throw new ResourceError({
        code: "SUBSCRIPTION_NOT_VISIBLE",
        kind: "failure",
        what: `Subscription ${id}, whose create did not finish, is not found in tenant ${state.tenant}.`,
        why: "It may have been cancelled, or its order failed; the state still holds what the create recorded.",
        todo: "Run a refresh (pulumi refresh, terraform apply -refresh-only): a subscription that is gone leaves the state, and the next run orders it.",
      });
    }
    progress(ctx, `Subscription ${id} read again: its create did not finish last time.`);
    return stateFrom(kept, sub, { id: state.licenseId, name: state.licenseName }, account, false);
  }

  for (const w of plan.warnings) progress(ctx, w.message);
  const deadline = new Deadline(timeoutMs("subscription", "update", news.timeouts ?? undefined), () =>
    nowMs(ctx),
  );
  progress(ctx, `Changing subscription ${id} from ${state.quantity} to ${news.quantity} seats.`);
  let task: OfficeTask;
  try {
    task = await ctx.api.changeQuantity(state.tenant, state.subscriptionId, news.quantity);
  } catch (error) {
    if (isForbidden(error) && news.quantity < state.quantity) {
      const start = windowStart(observed.subscription ?? state);
      throw seatReductionRefused(
        {
          serviceName: state.tenant,
          subscriptionId: state.subscriptionId,
          from: state.quantity,
          to: news.quantity,
          windowStart: start?.toISOString(),
        },
        error,
      );
    }
    throw apiFailure(`Changing the seats of subscription ${id}`, error);
  }
  await waitTask(ctx, state.tenant, task, deadline, `Seat change of subscription ${id}`, "timeouts.update");
  const sub = await ctx.api.getSubscription(state.tenant, state.subscriptionId);
  return stateFrom(merged, sub, { id: state.licenseId, name: state.licenseName }, account, false);
}

/** Cancels the subscription and waits for it to go. Already gone (own account) counts as deleted. */
export async function deleteSubscription(ctx: OperationContext, state: SubscriptionState): Promise<void> {
  const id = subscriptionResourceId(state);
  await guardOwnership(ctx, "subscription", id, state.ovhAccount);
  const deadline = new Deadline(timeoutMs("subscription", "delete", state.timeouts ?? undefined), () =>
    nowMs(ctx),
  );
  progress(ctx, `Cancelling subscription ${id} (${state.licenseName}, ${state.quantity} seats).`);
  let task: OfficeTask;
  try {
    task = await ctx.api.cancelSubscription(state.tenant, state.subscriptionId);
  } catch (error) {
    if (isNotFound(error) && state.ovhAccount) return;
    if (isForbidden(error)) {
      const start = windowStart(state);
      throw cancellationRefused(
        {
          serviceName: state.tenant,
          subscriptionId: state.subscriptionId,
          windowStart: start?.toISOString(),
        },
        error,
      );
    }
    throw apiFailure(`Cancelling subscription ${id}`, error);
  }
  await waitTask(ctx, state.tenant, task, deadline, `Cancellation of subscription ${id}`, "timeouts.delete");
  progress(ctx, `Subscription ${id} cancelled.`);
}
