// Contract: authentication against the real emulator: every error class it answers surfaced as a
// readable OvhApiError without a secret, clock skew, and OAuth2 service accounts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createCsp2Api } from "../../provider/csp2/index.js";
import {
  createOvhClient,
  createUndiciTransport,
  NoContent,
  OvhApiError,
  type OvhClientOptions,
} from "../../provider/ovh/index.js";
import { credentialsOf, FAST, FAST_POLL, type Harness, startHarness } from "./emulator-harness.js";

let h: Harness;
let serviceName: string;
beforeAll(async () => {
  h = await startHarness({ tokenTtlSeconds: 2 });
  serviceName = h.emu.createTenant({ account: h.account.nic, displayName: "Auth" }).serviceName;
});
afterAll(() => h.close());

function secretsOf(over: Partial<OvhClientOptions>): string[] {
  return [
    h.account.applicationSecret,
    h.account.consumerKey,
    h.account.clientSecret,
    over.applicationSecret,
    over.consumerKey,
    over.clientSecret,
  ].filter((s): s is string => typeof s === "string");
}

type Connected = ReturnType<Harness["connect"]>;

async function apiError(
  over: Partial<OvhClientOptions>,
  run = (c: Connected): Promise<unknown> => c.api.whoAmI(),
) {
  const lines: string[] = [];
  const connected = h.connect({ ...over, log: (l) => lines.push(l) });
  const error = await run(connected).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OvhApiError);
  const text = [
    (error as Error).message,
    JSON.stringify(error),
    String((error as Error).stack),
    ...lines,
  ].join("\n");
  for (const secret of secretsOf(over)) expect(text).not.toContain(secret);
  return error as OvhApiError;
}

describe("every authentication error class, readable and without secrets", () => {
  it("INVALID_SIGNATURE: wrong application secret", async () => {
    const error = await apiError({ applicationSecret: "wrong-secret-000" });
    expect(error).toMatchObject({ status: 400, errorClass: "INVALID_SIGNATURE" });
    expect(error.message).toMatch(/signature did not match.*OVH_APPLICATION_SECRET/);
  });

  it("INVALID_KEY: unknown application key", async () => {
    const error = await apiError({ applicationKey: "nope" });
    expect(error).toMatchObject({ status: 403, errorClass: "INVALID_KEY" });
    expect(error.message).toMatch(/does not know this application key.*OVH_ENDPOINT/);
  });

  it("INVALID_CREDENTIAL: unknown consumer key", async () => {
    const error = await apiError({ consumerKey: "unknown-consumer-key" });
    expect(error).toMatchObject({ status: 403, errorClass: "INVALID_CREDENTIAL" });
    expect(error.message).toMatch(/consumer key is unknown, expired, revoked or not validated/);
  });

  it("NOT_GRANTED_CALL: a consumer key whose rules do not cover the route", async () => {
    const narrow = h.emu.addCredential(h.account.nic, { accessRules: [{ method: "GET", path: "/me" }] });
    const error = await apiError({ consumerKey: narrow.consumerKey }, ({ api }) => api.listTenantNames());
    expect(error).toMatchObject({ status: 403, errorClass: "NOT_GRANTED_CALL" });
    expect(error.message).toMatch(/access rules do not allow GET \/saas\/csp2/);
  });

  it("QUERY_TIME_OUT: a clock that keeps running away is re-synchronised once, then reported", async () => {
    let reads = 0;
    // Every reading of the clock is 1000 s later than the one before.
    const runaway = () => Date.now() + ++reads * 1_000_000;
    const error = await apiError({ now: runaway });
    expect(error).toMatchObject({ status: 400, errorClass: "QUERY_TIME_OUT" });
    expect(error.message).toMatch(/check this machine's clock/);
    const calls = (await h.admin.calls()).filter((c) => c.status === 400 && c.path === "/me");
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });

  it("Client::Unauthorized: requests that arrive without credentials", async () => {
    const real = createUndiciTransport({ connections: 2, connectTimeoutMs: 1_000 });
    const error = await apiError({
      ...credentialsOf(h.account, "oauth2"),
      applicationKey: undefined,
      applicationSecret: undefined,
      consumerKey: undefined,
      transport: (req) => {
        const { Authorization: _dropped, ...headers } = req.headers;
        return real.send({ ...req, headers });
      },
    });
    await real.close();
    expect(error).toMatchObject({ status: 401, errorClass: "Client::Unauthorized" });
    expect(error.serverMessage).toBe("You must login first");
  });

  it("Client::NotFound for removed routes and unknown services; Client::BadRequest naming the field", async () => {
    const removed = await apiError({}, ({ client }) =>
      client.post(`/saas/csp2/${serviceName}/configureDomain`, { body: {}, schema: NoContent }),
    );
    expect(removed).toMatchObject({ status: 404, errorClass: "Client::NotFound" });
    const unknown = await apiError({}, ({ api }) => api.getTenant("csp2-00000000"));
    expect(unknown.message).toMatch(/404 Client::NotFound: This service does not exist: csp2-00000000/);
    const bad = await apiError({}, ({ api }) =>
      api.addSubscription(serviceName, { licenseId: 999, quantity: 1 }),
    );
    expect(bad).toMatchObject({ status: 400, errorClass: "Client::BadRequest" });
    expect(bad.serverMessage).toMatch(/licenseId/);
  });

  it("Client::TooManyRequests from the fair-use limit, waited out on GET", async () => {
    await h.admin.call("PUT", "/rateLimit", { perMinute: 60 });
    try {
      const fresh = h.emu.addCredential(h.account.nic);
      const { client } = h.connect({ consumerKey: fresh.consumerKey });
      await h.admin.clearCalls();
      // 60 in the bucket, refilled at one a second: the 61st waits out one Retry-After.
      for (let i = 0; i < 61; i++) await client.get("/me", { schema: z.unknown() });
      const statuses = (await h.admin.calls()).filter((c) => c.path === "/me").map((c) => c.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(61);
    } finally {
      await h.admin.call("PUT", "/rateLimit", { perMinute: 0 });
    }
  });
});

describe("clock skew", () => {
  it("learns the server's clock from /auth/time and recovers when it moves (PUT /_emulator/skew)", async () => {
    const { api } = h.connect();
    await api.whoAmI();
    await h.admin.call("PUT", "/skew", { seconds: 3_600 });
    try {
      await h.admin.clearCalls();
      await expect(api.whoAmI()).resolves.toMatchObject({ nic: h.account.nic });
      const calls = (await h.admin.calls()).map((c) => `${c.method} ${c.path} ${c.status}`);
      expect(calls).toEqual(["GET /me 400", "GET /auth/time 200", "GET /me 200"]);
      // A new client learns the skew before its first signed call.
      await expect(h.connect().api.whoAmI()).resolves.toMatchObject({ nic: h.account.nic });
      await expect(h.connect().client.serverTimeOffset()).resolves.toBeGreaterThanOrEqual(3_599);
    } finally {
      await h.admin.call("PUT", "/skew", { seconds: 0 });
    }
  });
});

describe("OAuth2 service account", () => {
  it("gets a token, uses it as a bearer, and renews it before it expires", async () => {
    const lines: string[] = [];
    const client = createOvhClient({
      endpoint: h.emu.url,
      env: {},
      configFiles: [],
      ...credentialsOf(h.account, "oauth2"),
      ...FAST,
      log: (l) => lines.push(l),
    });
    try {
      const api = createCsp2Api(client, { taskPoll: FAST_POLL });
      expect(client.authMethod).toBe("oauth2");
      expect(client.credentialId).toBe(h.account.clientId);
      await expect(api.whoAmI()).resolves.toEqual({ nic: h.account.nic, subsidiary: expect.any(String) });
      await api.getTenant(serviceName);
      expect(lines.filter((l) => l.includes("OAuth2 token"))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_100)); // token lifetime 2 s: renewed from half-way
      await api.listTenantNames();
      expect(lines.filter((l) => l.includes("OAuth2 token"))).toHaveLength(2);
      const text = lines.join("\n");
      expect(text).not.toContain(h.account.clientSecret);
      expect(text).not.toMatch(/Bearer/);
    } finally {
      await client.close();
    }
  });

  it("a wrong client secret is refused with a readable error", async () => {
    const error = await apiError({
      ...credentialsOf(h.account, "oauth2"),
      applicationKey: undefined,
      applicationSecret: undefined,
      consumerKey: undefined,
      clientSecret: "wrong-client-secret",
    });
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.message).toMatch(/OVH_CLIENT_ID and OVH_CLIENT_SECRET/);
  });
});
