// What the families of CSP2 calls share (tenants.ts, subscriptions.ts, orders.ts): the client, the
// clock and pauses of waits, the paths, and the checks of path segments and numbers from caller data.
import { z } from "zod";
import type { OvhClient } from "../ovh/client.js";
import { OvhInputError } from "../ovh/errors.js";
import type { Csp2Api } from "./types.js";
import type { PollClock, PollSettings } from "./wait.js";

export interface CallContext {
  client: OvhClient;
  /** The whole API, for a call of one family that uses another's (filled once every family is made). */
  api: Csp2Api;
  clock: PollClock;
  taskPoll: PollSettings;
  orderPoll: PollSettings;
  taskTimeoutMs: number;
  orderTimeoutMs: number;
}

export const Ids = z.array(z.number().int());
export const StringIds = z.array(z.string());

/** A path segment from caller data; refuses empty values, which would address another route. */
export function seg(name: string, value: string | number): string {
  const text = String(value);
  if (text.trim() === "" || (typeof value === "number" && !Number.isSafeInteger(value))) {
    throw new OvhInputError(
      `${name} must be a non-empty ${typeof value === "number" ? "integer" : "string"}.`,
    );
  }
  return encodeURIComponent(text);
}

export function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new OvhInputError(`${name} must be an integer of at least ${min}; got ${String(value)}.`);
  }
  return value;
}

export const tenantPath = (s: string) => `/saas/csp2/${seg("serviceName", s)}`;
export const subPath = (s: string, id: number) =>
  `${tenantPath(s)}/subscription/${seg("subscriptionId", id)}`;
export const cartPath = (c: string) => `/order/cart/${seg("cartId", c)}`;
export const itemPath = (c: string, i: number) => `${cartPath(c)}/item/${seg("itemId", i)}`;
export const orderPath = (o: number) => `/me/order/${seg("orderId", o)}`;

export function seconds(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}
