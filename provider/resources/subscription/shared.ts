// Helpers shared by the subscription operations: reading the tenant, waiting for a task, building the
// state from what was read, and what counts as an ended subscription.
import type { OfficeLicence, OfficeSubscription, OfficeTask, OfficeTenant } from "../../ovh/models/index.js";
import { type OperationContext, planRefused, progress } from "../context.js";
import { apiFailure, isNotFound, isWaitTimeout, ResourceError, timedOut } from "../errors.js";
import type { Account } from "../port.js";
import type { Deadline } from "../timeouts.js";
import { findLicence } from "./check.js";
import { SUBSCRIPTION_STATE_VERSION, type SubscriptionInputs, type SubscriptionState } from "./schema.js";

/**
 * Statuses of a subscription that has ended. OVHcloud's real status strings are unconfirmed (the API
 * types it as a free string; the emulator removes a cancelled subscription): these are Microsoft's
 * and the obvious spellings. An ended subscription reads as gone and is never adopted.
 */
export function hasEnded(status: string): boolean {
  return /^(deleted|deleting|cancell?ed|terminated|expired|disabled)$/i.test(status.trim());
}

/** The status recorded by a create that stopped after the subscription came to exist. */
export const PARTIAL_SUBSCRIPTION_STATUS = "unknown";

/** Whether the state was recorded by a create that did not finish (its outputs may be stale). */
export function isPartialSubscriptionState(state: { status: string }): boolean {
  return state.status === PARTIAL_SUBSCRIPTION_STATUS;
}

export const nowMs = (ctx: OperationContext) => (ctx.now ? ctx.now() : new Date()).getTime();

export async function findTenant(
  ctx: OperationContext,
  serviceName: string,
): Promise<OfficeTenant | undefined> {
  try {
    return await ctx.api.getTenant(serviceName);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw apiFailure(`Reading tenant ${serviceName}`, error);
  }
}

export async function waitTask(
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
export function stateFrom(
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

export function planRefusedLifecycle(
  refusals: { code: string; property?: string | undefined; message: string }[],
) {
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

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
