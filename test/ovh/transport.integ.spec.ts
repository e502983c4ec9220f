// The real undici transport against a tiny local HTTP server: keep-alive reuse, timeouts and
// dropped connections classified, the debug log on stderr.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  createOvhClient,
  type OvhClientOptions,
  OvhNetworkError,
  OvhTimeoutError,
} from "../../provider/ovh/index.js";
import { SECRETS } from "./fake.js";

let server: Server;
let base: string;
let connections = 0;

function handle(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? "").replace(/^\/1\.0/, "");
  if (path === "/auth/time") {
    res.end(String(Math.floor(Date.now() / 1000)));
  } else if (path === "/hang") {
    // never answers
  } else if (path === "/drop") {
    req.socket.destroy();
  } else {
    res.setHeader("X-Ovh-Queryid", "LOCAL.1");
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ path, signed: Boolean(req.headers["x-ovh-signature"]) }));
  }
}

beforeAll(async () => {
  server = createServer(handle);
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1.0`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(over: Partial<OvhClientOptions> = {}) {
  return createOvhClient({
    endpoint: base,
    applicationKey: SECRETS.applicationKey,
    applicationSecret: SECRETS.applicationSecret,
    consumerKey: `${SECRETS.consumerKey}-${Math.random()}`,
    env: {},
    configFiles: [],
    baseDelayMs: 1,
    maxDelayMs: 5,
    log: false,
    ...over,
  });
}

describe("undici transport", () => {
  it("reuses kept-alive connections instead of opening one per request", async () => {
    const c = client();
    const before = connections;
    for (let i = 0; i < 8; i++) {
      await expect(c.get(`/x/${i}`, { schema: z.object({ signed: z.boolean() }) })).resolves.toEqual({
        signed: true,
      });
    }
    // /auth/time plus 8 calls over at most 2 sockets (undici may open a second while the first is
    // being handed back to the pool).
    expect(connections - before).toBeLessThanOrEqual(2);
    await c.close();
  });

  it("classifies a hung answer as OvhTimeoutError after the per-attempt timeout", async () => {
    const c = client({ timeoutMs: 100, maxAttempts: 2 });
    const error = await c.get("/hang", { schema: z.unknown() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect((error as OvhTimeoutError).attempts).toBe(2);
    await c.close();
  });

  it("classifies a dropped connection as a reset and keeps undici's error as the cause", async () => {
    const c = client();
    const error = await c.post("/drop", { body: {}, schema: z.unknown() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhNetworkError);
    expect(error).toMatchObject({ kind: "reset", attempts: 1, mayHaveApplied: true });
    expect((error as Error).cause).toBeInstanceOf(Error);
    await c.close();
  });

  it("an aborted request rejects with the signal's reason and is not retried", async () => {
    const c = client({ timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = c.get("/hang", { schema: z.unknown(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 20);
    await expect(pending).rejects.toThrow("user cancelled");
    await c.close();
  });

  it("O365R_LOG=debug writes redacted request lines to stderr", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const c = createOvhClient({
        endpoint: base,
        applicationKey: SECRETS.applicationKey,
        applicationSecret: SECRETS.applicationSecret,
        consumerKey: SECRETS.consumerKey,
        env: { O365R_LOG: "debug" },
        configFiles: [],
      });
      await c.get("/me", { schema: z.unknown() });
      await c.close();
      const text = write.mock.calls.map((call) => String(call[0])).join("");
      expect(text).toMatch(/\[o365r ovh\] GET \/me -> 200 in \d+ ms \(attempt 1, query id LOCAL\.1\)/);
      expect(text).not.toContain(SECRETS.consumerKey);
      expect(text).not.toContain(SECRETS.applicationSecret);
    } finally {
      write.mockRestore();
    }
  });
});
