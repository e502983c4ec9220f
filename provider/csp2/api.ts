// createCsp2Api: the CSP2 operations over an OvhClient, one file per family (tenants.ts,
// subscriptions.ts, orders.ts). No HTTP here: every call goes through the client (signing, limits,
// retries, errors); every answer is checked against its zod model.
import { setTimeout as delay } from "node:timers/promises";
import type { OvhClient } from "../ovh/client.js";
import type { CallContext } from "./common.js";
import { orderCalls } from "./orders.js";
import { subscriptionCalls } from "./subscriptions.js";
import { tenantCalls } from "./tenants.js";
import type { Csp2Api } from "./types.js";
import type { PollSettings } from "./wait.js";

export interface Csp2ApiOptions {
  /** Pauses between task reads. Default 2 s growing ×1.5 to 15 s: tasks take seconds to minutes. */
  taskPoll?: PollSettings | undefined;
  /** Pauses between order-status reads. Default 5 s growing ×1.5 to 30 s: deliveries take minutes. */
  orderPoll?: PollSettings | undefined;
  /** Default wait for a task: 30 min. */
  taskTimeoutMs?: number | undefined;
  /** Default wait for an order delivery: 60 min (OVHcloud's own terraform provider waits 30 to 120). */
  orderTimeoutMs?: number | undefined;
  /** Injected clock and sleep (tests). */
  now?: (() => number) | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export function createCsp2Api(client: OvhClient, options: Csp2ApiOptions = {}): Csp2Api {
  const api = {} as Csp2Api;
  const ctx: CallContext = {
    client,
    api,
    clock: {
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
    },
    taskPoll: options.taskPoll ?? { initialMs: 2_000, maxMs: 15_000, factor: 1.5 },
    orderPoll: options.orderPoll ?? { initialMs: 5_000, maxMs: 30_000, factor: 1.5 },
    taskTimeoutMs: options.taskTimeoutMs ?? 30 * 60_000,
    orderTimeoutMs: options.orderTimeoutMs ?? 60 * 60_000,
  };
  const calls: Csp2Api = { ...tenantCalls(ctx), ...subscriptionCalls(ctx), ...orderCalls(ctx) };
  return Object.assign(api, calls);
}
