// Helpers shared by the subscription operations: waiting for a task, building the state from what was
// read, and the status helpers (status.ts).
import type { OfficeLicence, OfficeSubscription, OfficeTask } from "../../ovh/models/index.js";
import { type OperationContext, progress } from "../context.js";
import { apiFailure, isWaitTimeout, ResourceError, taskFailure, timedOut } from "../errors.js";
import type { Account } from "../port.js";
import type { Deadline } from "../timeouts.js";
import { findLicence } from "./check.js";
import { SUBSCRIPTION_STATE_VERSION, type SubscriptionInputs, type SubscriptionState } from "./schema.js";

export const nowMs = (ctx: OperationContext) => (ctx.now ? ctx.now() : new Date()).getTime();

/** How a task that OVHcloud ended in `error` or `cancelled` is reported by the step that waited for it. */
export type TaskFailed = (task: { taskId: number; status: string }) => ResourceError;

/**
 * Waits for a task. A timeout says the work goes on at OVHcloud; a task that ended in error is what
 * `failed` makes of it (never "could not be reached": OVHcloud answered, and said no).
 */
export async function waitTask(
  ctx: OperationContext,
  serviceName: string,
  task: Pick<OfficeTask, "id" | "status"> & Partial<OfficeTask>,
  deadline: Deadline,
  what: string,
  setting: string,
  failed: TaskFailed,
): Promise<Partial<OfficeTask> & Pick<OfficeTask, "id" | "status">> {
  if (task.status === "done") return task;
  try {
    return await ctx.api.waitForTask(serviceName, task.id, {
      timeoutMs: deadline.remainingMs(),
      // A task as the POST that started it answered (an earlier task is known by its id alone).
      justStarted: task.function !== undefined,
      onProgress: (m) => progress(ctx, m),
      signal: ctx.signal,
    });
  } catch (error) {
    const ended = taskFailure(error);
    if (ended) throw failed({ taskId: ended.taskId, status: ended.status });
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
  account: Account | string,
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
    ovhAccount: typeof account === "string" ? account : account.nic,
  };
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
