// A scripted stand-in for the HTTP layer, and a manual clock: for the pure-pipeline specs.
import type { Transport, TransportRequest, TransportResponse } from "../../provider/ovh/index.js";

export type Reply =
  | TransportResponse
  | Error
  | ((req: TransportRequest) => TransportResponse | Error | Promise<TransportResponse | Error>);

export interface FakeTransport {
  send: Transport;
  requests: TransportRequest[];
  /** Replies for a route, served in order; the last one repeats. Keyed "METHOD /path" (no query). */
  on(route: string, ...replies: Reply[]): FakeTransport;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  return {
    status,
    headers: { "x-ovh-queryid": `FAKE.${status}`, ...headers },
    text: body === undefined ? "" : JSON.stringify(body),
  };
}

export function netError(code: string): Error {
  return Object.assign(new Error(`fake ${code}`), { code });
}

export function fakeTransport(serverTime = 1_700_000_000): FakeTransport {
  const routes = new Map<string, Reply[]>();
  const requests: TransportRequest[] = [];
  const fake: FakeTransport = {
    requests,
    on(route, ...replies) {
      routes.set(route, replies);
      return fake;
    },
    send: async (req) => {
      requests.push(req);
      const url = new URL(req.url);
      const path = url.pathname.replace(/^\/1\.0/, "");
      const key = `${req.method} ${path}`;
      const queue = routes.get(key) ?? (path === "/auth/time" ? [json(200, serverTime)] : undefined);
      if (!queue) return json(404, { class: "Client::NotFound", message: `no fake for ${key}` });
      const next = queue.length > 1 ? queue.shift()! : queue[0]!;
      const reply = typeof next === "function" ? await next(req) : next;
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  return fake;
}

/** A clock that only moves when slept on; records every sleep. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

export const SECRETS = {
  applicationKey: "AK_public_1234",
  applicationSecret: "AS_very_secret_5678",
  consumerKey: "CK_very_secret_9012",
  clientId: "client-id-public",
  clientSecret: "CS_very_secret_3456",
};
