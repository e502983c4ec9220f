/*
 * Subscription operations through the port: create (order once, or adopt), read, update, delete.
 *
 * Never buying twice. A tenant holds one subscription per licence (OVHcloud's own model: the
 * subscription id is "unique per licence type ordered"), and the core manages at most one per licence
 * per tenant (per parent, for add-ons). So:
 * - Before the POST the core lists the tenant's subscriptions of that licence. None: it orders.
 *   Exactly one, created in the last 24 hours with exactly the declared quantity: it is taken to be
 *   what an interrupted earlier attempt bought (a crash, a lost answer) and is adopted, with a progress
 *   line saying so. Anything else (older, other quantity, several): refused with "adopt it with
 *   adoptSubscriptionId: N" — adopting silently could later cancel seats nobody declared.
 * - When the POST fails without a definite answer (a reset, a timeout, a 5xx: the client's
 *   `mayHaveApplied`), the core lists again and adopts the subscription of that licence that was not
 *   there before the POST. If none shows yet, it stops with an error saying so; the next run finds it
 *   by the rule above.
 * - Once the subscription exists, every later failure (task error, timeout) is a PartialCreateError
 *   carrying its id, so that the front end records it.
 */
import type { OfficeLicence, OfficeSubscription, OfficeTask, OfficeTenant } from "../../ovh/models/index.js";
import {
  checkFailed,
  currentAccount,
  guardOwnership,
  type OperationContext,
  planRefused,
  progress,
} from "../context.js";
import {
  adoptMismatch,
  adoptNotFound,
  apiFailure,
  cancellationRefused,
  isForbidden,
  isNotFound,
  isWaitTimeout,
  mayHaveApplied,
  ownershipUnconfirmed,
  PartialCreateError,
  ResourceError,
  seatReductionRefused,
  subscriptionCreateLost,
  subscriptionExists,
  tenantNotInAccount,
  timedOut,
} from "../errors.js";
import type { ReadResult } from "../plan.js";
import type { Account } from "../port.js";
import { Deadline, timeoutMs } from "../timeouts.js";
import { checkSubscriptionLicence, findLicence } from "./check.js";
import { diffSubscription, planSubscriptionCreate, type SubscriptionObserved, windowStart } from "./diff.js";
import {
  parseSubscriptionResourceId,
  SUBSCRIPTION_STATE_VERSION,
  type SubscriptionInputs,
  type SubscriptionState,
  subscriptionResourceId,
} from "./schema.js";

/** A subscription this old or younger, with the declared quantity, is taken for an interrupted attempt's. */
export const RECOVERY_WINDOW_MS = 24 * 3_600_000;

/**
 * Statuses of a subscription that has ended. OVHcloud's real status strings are unconfirmed (the API
 * types it as a free string; the emulator removes a cancelled subscription): these are Microsoft's
 * and the obvious spellings. An ended subscription reads as gone and is never adopted.
 */
export function hasEnded(status: string): boolean {
  return /^(deleted|deleting|cancell?ed|terminated|expired|disabled)$/i.test(status.trim());
}

const nowMs = (ctx: OperationContext) => (ctx.now ? ctx.now() : new Date()).getTime();

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
    tenant: { serviceName, visible: true, hasAcceptedNewMCA: tenant.hasAcceptedNewMCA },
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
      throw adoptNotFound({ kind: "subscription", id, current: account.nic, property: "id" });
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
    throw new ResourceError({
      code: "REPLACE_NOT_UPDATE",
      kind: "failure",
      property: plan.replaces[0],
      what: `Subscription ${id} needs a replace (${plan.replaces.join(", ")}), not an update.`,
      why: "The engine called update for a change the diff planned as a replace.",
      todo: "Run the plan again; report this if it repeats.",
    });
  }
  const merged: SubscriptionState = {
    ...state,
    ...stripUndefined(news),
    schemaVersion: SUBSCRIPTION_STATE_VERSION,
  };
  if (plan.action === "noop" || plan.stateOnly) return { ...merged, quantity: state.quantity };

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

// ---- helpers ---------------------------------------------------------------------------------------

async function findTenant(ctx: OperationContext, serviceName: string): Promise<OfficeTenant | undefined> {
  try {
    return await ctx.api.getTenant(serviceName);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw apiFailure(`Reading tenant ${serviceName}`, error);
  }
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
      const t = task ?? { id: taskId, function: "addSubscription", status: "todo" as const, todoDate: "" };
      await waitTask(ctx, inputs.tenant, t, deadline, `Order of subscription ${label}`, "timeouts.create");
    }
    const fresh = await ctx.api.getSubscription(inputs.tenant, sub.id);
    progress(ctx, `Subscription ${label}: ${fresh.quantity} seats of ${licence.name}, ${fresh.status}.`);
    return stateFrom(inputs, fresh, licence, account, false);
  } catch (error) {
    throw new PartialCreateError(String(label), stateFrom(inputs, sub, licence, account, false), error);
  }
}

async function waitTask(
  ctx: OperationContext,
  serviceName: string,
  task: OfficeTask,
  deadline: Deadline,
  what: string,
  setting: string,
): Promise<OfficeTask> {
  if (task.status === "done") return task;
  try {
    return await ctx.api.waitForTask(serviceName, task.id, {
      timeoutMs: deadline.remainingMs(),
      onProgress: (m) => progress(ctx, m),
      signal: ctx.signal,
    });
  } catch (error) {
    if (isWaitTimeout(error)) throw timedOut({ what, timeoutMs: deadline.totalMs, setting }, error);
    if (error instanceof ResourceError) throw error;
    throw apiFailure(what, error);
  }
}

/**
 * The state from the subscription as read. With `fromRemote` (read, adopt) the quantity is the remote
 * one, so drift shows in the next plan; `license` keeps the user's spelling while the licence is the same.
 */
function stateFrom(
  base: SubscriptionInputs,
  sub: OfficeSubscription,
  licence: Pick<OfficeLicence, "id" | "name">,
  account: Account,
  fromRemote: boolean,
): SubscriptionState {
  const sameLicence = findLicence(base.license, [{ ...licence } as OfficeLicence])?.id === sub.licenseId;
  return {
    ...(stripUndefined({
      tenant: base.tenant,
      license: sameLicence ? base.license : licence.name,
      quantity: fromRemote ? sub.quantity : base.quantity,
      parent: base.parent,
      adoptSubscriptionId: base.adoptSubscriptionId,
      timeouts: base.timeouts,
    }) as SubscriptionInputs),
    schemaVersion: SUBSCRIPTION_STATE_VERSION,
    subscriptionId: sub.id,
    licenseId: sub.licenseId,
    licenseName: licence.name,
    status: sub.status,
    creationDate: sub.creationDate,
    lastUpdate: sub.lastUpdate ?? null,
    ovhAccount: account.nic,
  };
}

function planRefusedLifecycle(refusals: { code: string; property?: string | undefined; message: string }[]) {
  return planRefused({
    action: "refuse",
    changes: [],
    replaces: [],
    deleteBeforeReplace: false,
    stateOnly: false,
    refusals,
    warnings: [],
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
