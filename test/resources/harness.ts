// Integration harness: the real emulator on an ephemeral port and the real client over HTTP. The only
// stand-in is `killAt`, which simulates the process dying at a given step: it stops the run at the
// port boundary exactly as a kill would (all state lives at OVHcloud, none in the process).

import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { type Csp2Api, createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient, type OvhClientOptions } from "../../provider/ovh/index.js";
import type { Csp2Port, OperationContext } from "../../provider/resources/index.js";

export type { EmulatorHandle };

export async function startWorld(): Promise<EmulatorHandle> {
  return startEmulator({ port: 0, taskSeconds: 0.3, orderStepSeconds: 0.3, log: () => {} });
}

const fastPoll = { initialMs: 50, maxMs: 200, factor: 1.5 };

export function apiFor(em: EmulatorHandle, creds: AccountCredentials): Csp2Api {
  return apiAt(em.url, creds);
}

/** The real client at another endpoint in front of the emulator (a local server that rewrites answers). */
export function apiAt(
  endpoint: string,
  creds: AccountCredentials,
  over: Partial<OvhClientOptions> = {},
): Csp2Api {
  const client = createOvhClient({
    endpoint,
    applicationKey: creds.applicationKey,
    applicationSecret: creds.applicationSecret,
    consumerKey: creds.consumerKey,
    env: {},
    configFiles: [],
    log: false,
    // OVHcloud's fair use is about 60 calls a minute per key; a test run makes more, faster.
    requestsPerMinute: 100_000,
    ...over,
  });
  return createCsp2Api(client, { taskPoll: fastPoll, orderPoll: fastPoll });
}

/** The real Csp2Api satisfies the core's port as it is (a compile-time check as much as a helper). */
export function ctxFor(em: EmulatorHandle, creds: AccountCredentials, lines?: string[]): OperationContext {
  const api: Csp2Port = apiFor(em, creds);
  return { api, now: () => em.now(), onProgress: (m) => lines?.push(m) };
}

export class Killed extends Error {
  override name = "Killed";
  /** Nothing may recover from a kill: the core only retries what may have been applied. */
  readonly mayHaveApplied = false;
}

/**
 * The port, killed the `nth` time (default the first) `method` is reached ("before" it is sent, or
 * "after" it returned). Every call after the kill is killed too, as nothing runs in a dead process.
 */
export function killAt(api: Csp2Port, method: keyof Csp2Port, when: "before" | "after", nth = 1): Csp2Port {
  let reached = 0;
  let dead = false;
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (dead) throw new Killed(`killed (${String(prop)} after the kill)`);
        const fires = prop === method && ++reached === nth;
        if (fires && when === "before") {
          dead = true;
          throw new Killed(`killed before ${String(method)}`);
        }
        const result = await value.apply(target, args);
        if (fires && when === "after") {
          dead = true;
          throw new Killed(`killed after ${String(method)}`);
        }
        return result;
      };
    },
  });
}

export const MUTATING = new Set(["POST", "PUT", "DELETE"]);
