// A real emulator on an ephemeral port, clients for its accounts tuned for fast tests (small
// backoffs, no client-side rate limit to speak of), and its admin API over HTTP.
import {
  type AccountCredentials,
  type EmulatorHandle,
  type EmulatorOptions,
  startEmulator,
} from "../../emulator/index.js";
import { type Csp2Api, createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient, type OvhClient, type OvhClientOptions } from "../../provider/ovh/index.js";

export interface Harness {
  emu: EmulatorHandle;
  account: AccountCredentials;
  client: OvhClient;
  api: Csp2Api;
  /** Another client of the same test (closed with the harness). */
  connect(over?: Partial<OvhClientOptions>): { client: OvhClient; api: Csp2Api };
  admin: Admin;
  close(): Promise<void>;
}

export interface Admin {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  advanceClock(seconds: number): Promise<void>;
  fault(spec: Record<string, unknown>): Promise<number>;
  clearFaults(): Promise<void>;
  calls(): Promise<
    Array<{
      at: string;
      method: string;
      path: string;
      status: number;
      account: string | null;
      dropped?: string;
    }>
  >;
  clearCalls(): Promise<void>;
}

/** Client settings for tests: real retries, but milliseconds instead of seconds. */
export const FAST: Partial<OvhClientOptions> = {
  baseDelayMs: 5,
  maxDelayMs: 40,
  maxRetryAfterMs: 3_000,
  requestsPerMinute: 100_000,
  maxInFlight: 16,
  timeoutMs: 5_000,
  log: false,
};

export const FAST_POLL = { initialMs: 5, maxMs: 25, factor: 1.5 };

export function credentialsOf(account: AccountCredentials, kind: "signature" | "oauth2" = "signature") {
  return kind === "signature"
    ? {
        applicationKey: account.applicationKey,
        applicationSecret: account.applicationSecret,
        consumerKey: account.consumerKey,
      }
    : { clientId: account.clientId, clientSecret: account.clientSecret };
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ port: 0, ...options });
  const account = emu.createAccount({});
  const opened: OvhClient[] = [];
  const connect = (over: Partial<OvhClientOptions> = {}) => {
    const client = createOvhClient({
      endpoint: emu.url,
      env: {},
      configFiles: [],
      ...credentialsOf(account),
      ...FAST,
      ...over,
    });
    opened.push(client);
    return { client, api: createCsp2Api(client, { taskPoll: FAST_POLL, orderPoll: FAST_POLL }) };
  };
  const { client, api } = connect();
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emu.adminUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const admin: Admin = {
    call,
    advanceClock: async (seconds) => {
      await call("POST", "/clock", { advanceSeconds: seconds });
    },
    fault: async (spec) => (await call<{ id: number }>("POST", "/faults", spec)).id,
    clearFaults: async () => {
      await call("DELETE", "/faults");
    },
    calls: () => call("GET", "/calls"),
    clearCalls: async () => {
      await call("DELETE", "/calls");
    },
  };
  return {
    emu,
    account,
    client,
    api,
    connect,
    admin,
    close: async () => {
      await Promise.all(opened.map((c) => c.close()));
      await emu.stop();
    },
  };
}

/** Waits on a task while moving the emulator's virtual clock, as time passing would. */
export function advancing(emu: EmulatorHandle, seconds = 5) {
  return { onProgress: () => emu.advanceClock(seconds), timeoutMs: 10_000 };
}
