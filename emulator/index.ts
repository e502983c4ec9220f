// The OVH API emulator: `startEmulator()` serves a faithful local stand-in for the OVHcloud API parts
// this project uses (docs/emulator.md) on 127.0.0.1 and returns a handle for tests and demos.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type SubscriptionHistory,
  SubscriptionHistory as SubscriptionHistorySchema,
  setSubscriptionHistory,
} from "./admin/history.js";
import type { TenantPlanInput } from "./admin/schemas.js";
import {
  type AccountCredentials,
  type AccountInput,
  addCredential,
  type CredentialInput,
  createAccount,
  type SeededTenant,
  seedTenant,
  seedTenants,
  setTenantPlan,
  type TenantInput,
} from "./admin/seed.js";
import type { CallRecord } from "./control/call-log.js";
import type { ConformanceMode, ConformanceViolation } from "./control/conformance.js";
import type { FaultSpec } from "./control/faults.js";
import { FaultSpec as FaultSpecSchema } from "./control/faults.js";
import { createControl } from "./control/index.js";
import { VirtualClock } from "./core/clock.js";
import { settle } from "./core/settle.js";
import type { State } from "./core/state.js";
import { Store } from "./core/store.js";
import { type DemoAccount, ensureDemo } from "./demo.js";
import { parseValue } from "./http/body.js";
import type { Env } from "./http/context.js";
import { type EmulatorOptions, resolveOptions } from "./options.js";
import { EmulatorServer } from "./server.js";

export type {
  AccountCredentials,
  AccountInput,
  CallRecord,
  ConformanceMode,
  ConformanceViolation,
  CredentialInput,
  DemoAccount,
  EmulatorOptions,
  FaultSpec,
  SeededTenant,
  State,
  SubscriptionHistory,
  TenantInput,
  TenantPlanInput,
};

export interface EmulatorHandle {
  /** API base URL, a valid OVH_ENDPOINT: `http://127.0.0.1:PORT/1.0`. */
  url: string;
  /** Admin API base: `http://127.0.0.1:PORT/_emulator`. */
  adminUrl: string;
  /** `http://127.0.0.1:PORT` (the OAuth2 token URL is origin + `/auth/oauth2/token`). */
  origin: string;
  port: number;
  dataDir: string;
  /** The `--demo` account, when `demo: true`. */
  demo: DemoAccount | null;
  /** Stops serving (open connections are closed); removes dataDir when it was a temp dir of ours. */
  stop(): Promise<void>;
  /** Same as `POST /_emulator/accounts`. */
  createAccount(input?: AccountInput): AccountCredentials;
  /** Same as `POST /_emulator/accounts/{nic}/credentials`. */
  addCredential(nic: string, input?: CredentialInput): AccountCredentials;
  /** Same as `POST /_emulator/tenants`. */
  createTenant(input: TenantInput): SeededTenant;
  /** Same as `POST /_emulator/tenants/bulk {tenants}`: all at once (one state write), or none. */
  createTenants(inputs: readonly TenantInput[]): SeededTenant[];
  /** Same as `PUT /_emulator/tenantPlan`: the CSP2 plan's rules (e.g. a licence option required). */
  setTenantPlan(input: TenantPlanInput): void;
  /** Same as `PUT /_emulator/tenants/{s}/subscriptions/{id}/history`: the subscription's purchase and seat changes. */
  setSubscriptionHistory(serviceName: string, subscriptionId: number, history: SubscriptionHistory): void;
  /** Same as `POST /_emulator/clock {advanceSeconds}`. */
  advanceClock(seconds: number): void;
  /** Virtual now. */
  now(): Date;
  /** Same as `POST /_emulator/faults`; returns the fault id. */
  addFault(spec: FaultSpec): number;
  clearFaults(): void;
  /** Same as `GET /_emulator/calls`. */
  calls(): CallRecord[];
  clearCalls(): void;
  /** A deep copy of the whole state. */
  state(): State;
  /** Answers (and our client's request bodies) that broke OVHcloud's schema; = GET /_emulator/conformance. */
  conformanceViolations(): ConformanceViolation[];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveOptions(options);
  const ownsDir = resolved.dataDir === undefined;
  const dataDir = resolved.dataDir
    ? resolve(resolved.dataDir)
    : await mkdtemp(join(tmpdir(), "o365r-emulator-"));
  const store = Store.open(dataDir);
  const clock = new VirtualClock(store);
  let origin = "";
  const env: Env = { store, clock, options: resolved, origin: () => origin };
  const control = createControl(resolved.rateLimitPerMinute, resolved.latencyMs, resolved.conformance);
  const server = new EmulatorServer(env, control);
  let port: number;
  try {
    port = await server.listen(resolved.port);
  } catch (error) {
    if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  origin = `http://127.0.0.1:${port}`;

  /** Handle mutations go through the same settle-mutate-settle-persist cycle as admin calls. */
  const mutate = <T>(fn: () => T): T => {
    if (settle(store.state, clock.now(), resolved)) store.changed();
    const result = fn();
    store.changed();
    settle(store.state, clock.now(), resolved);
    store.flush();
    return result;
  };

  const demo = resolved.demo ? mutate(() => ensureDemo(store.state, clock.now())) : null;
  let stopped = false;

  return {
    url: `${origin}/1.0`,
    adminUrl: `${origin}/_emulator`,
    origin,
    port,
    dataDir,
    demo,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      store.flush();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
    createAccount: (input = {}) => mutate(() => createAccount(store.state, input, clock.now())),
    addCredential: (nic, input = {}) => mutate(() => addCredential(store.state, nic, input)),
    createTenant: (input) => mutate(() => seedTenant(store.state, input, clock.now())),
    createTenants: (inputs) => mutate(() => seedTenants(store.state, inputs, clock.now())),
    setTenantPlan: (input) => {
      mutate(() => setTenantPlan(store.state, input));
    },
    setSubscriptionHistory: (serviceName, subscriptionId, history) =>
      mutate(() => {
        const tenant = store.state.tenants[serviceName];
        const sub = tenant?.deletedAt === null ? tenant.subscriptions[subscriptionId] : undefined;
        if (!tenant || !sub) throw new Error(`No subscription ${subscriptionId} in ${serviceName}`);
        setSubscriptionHistory(tenant, sub, parseValue(SubscriptionHistorySchema, history), clock.now());
      }),
    advanceClock: (seconds) => mutate(() => clock.advance(seconds)),
    now: () => new Date(clock.now()),
    addFault: (spec) => control.faults.add(parseValue(FaultSpecSchema, spec)),
    clearFaults: () => control.faults.clear(),
    calls: () => control.calls.list(),
    clearCalls: () => control.calls.clear(),
    state: () => structuredClone(store.state),
    conformanceViolations: () => control.conformance.list(),
  };
}
