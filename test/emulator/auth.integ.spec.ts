// Authentication against a live emulator: OVHcloud's signature check with every part tampered, each
// error class of docs/wire-contract.md, OAuth2, access rules, server time and X-Ovh-Queryid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { CurrentCredential, ErrorBody, OAuth2Token } from "../../provider/ovh/models/index.js";
import { admin, api, type Credentials } from "./helpers.js";

let emu: EmulatorHandle;
let creds: Credentials & { nic: string; clientId: string; clientSecret: string };
let serviceName: string;

beforeAll(async () => {
  emu = await startEmulator();
  creds = emu.createAccount({ nic: "ab12345-ovh" });
  serviceName = emu.createTenant({
    account: creds.nic,
    displayName: "Auth test",
    subscriptions: [{ license: "Office 365 E3", quantity: 2 }],
  }).serviceName;
});
afterAll(() => emu.stop());

const QUERY_ID = /^EU\.ext-3\.[0-9a-f]+\.\d+\.[0-9a-f]+$/;

describe("signed requests", () => {
  it("accept a correct signature, query string and body included", async () => {
    const me = await api(emu.url, creds, "GET", "/me?fields=all");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ nichandle: "ab12345-ovh", ovhSubsidiary: "FR" });
    const put = await api(emu.url, creds, "PUT", `/saas/csp2/${serviceName}`, { displayName: "Ünïcode ✓" });
    expect(put.status).toBe(200);
    expect(put.body).toBeNull();
  });

  const body = { displayName: "Tampered" };
  const path = () => `/saas/csp2/${serviceName}`;
  it.each([
    ["method", { method: "POST" }],
    ["path", { url: "PATH" }],
    ["query", { url: "QUERY" }],
    ["body", { body: '{"displayName":"Other"}' }],
    ["timestamp", { timestamp: 1 }],
    ["secret", { secret: "not-the-secret" }],
  ])("refuse a signature whose %s differs from the request: 400 INVALID_SIGNATURE", async (_, tamper) => {
    const sign = { ...tamper } as Record<string, unknown>;
    if (sign.url === "PATH") sign.url = `${emu.url}/saas/csp2/csp2-00000000`;
    if (sign.url === "QUERY") sign.url = `${emu.url}${path()}?x=1`;
    if (sign.timestamp === 1) sign.timestamp = Math.floor(Date.now() / 1000) - 1;
    const answer = await api(emu.url, creds, "PUT", path(), body, { sign });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errorCode: "INVALID_SIGNATURE",
      httpCode: "400 Bad Request",
      message: "Invalid signature",
    });
    const tenant = await api<{ displayName: string }>(emu.url, creds, "GET", path());
    expect(tenant.body.displayName).not.toBe("Tampered");
  });

  it("refuse a body changed after signing (same signature header)", async () => {
    const answer = await api(emu.url, creds, "PUT", path(), body, {
      rawBody: '{"displayName":"Sneaky"}',
      sign: { body: JSON.stringify(body) },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { errorCode: string }).errorCode).toBe("INVALID_SIGNATURE");
  });

  it("refuse a timestamp more than 180 s from server time: 400 QUERY_TIME_OUT", async () => {
    const ts = Math.floor(Date.now() / 1000) - 600;
    const answer = await api(emu.url, creds, "GET", "/me", undefined, { timestamp: ts });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errorCode: "QUERY_TIME_OUT",
      httpCode: "400 Bad Request",
      message: "Query out of time",
    });
  });

  it("refuse an unknown application key: 403 INVALID_KEY", async () => {
    const answer = await api(emu.url, { ...creds, applicationKey: "nope" }, "GET", "/me");
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      errorCode: "INVALID_KEY",
      httpCode: "403 Forbidden",
      message: "Invalid application key",
    });
  });

  it("refuse an unknown consumer key, or one of another application: 403 INVALID_CREDENTIAL", async () => {
    const other = emu.createAccount();
    for (const ck of ["unknown-consumer-key", other.consumerKey]) {
      const answer = await api(emu.url, { ...creds, consumerKey: ck }, "GET", "/me");
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        errorCode: "INVALID_CREDENTIAL",
        httpCode: "403 Forbidden",
        message: "This credential is not valid",
      });
    }
  });

  it("refuse calls without credentials: 401", async () => {
    const answer = await api(emu.url, null, "GET", "/me");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ class: "Client::Unauthorized", message: "You must login first" });
  });
});

describe("consumer keys requested through POST /auth/credential", () => {
  it("are pending (403 INVALID_CREDENTIAL) until validationUrl is opened, then limited to their rules", async () => {
    const asked = await fetch(`${emu.url}/auth/credential`, {
      method: "POST",
      headers: { "X-Ovh-Application": creds.applicationKey, "Content-Type": "application/json" },
      body: JSON.stringify({ accessRules: [{ method: "GET", path: "/saas/csp2/*" }] }),
    });
    const { consumerKey, state, validationUrl } = (await asked.json()) as Record<string, string>;
    expect(state).toBe("pendingValidation");
    const pending = { ...creds, consumerKey: consumerKey! };
    expect((await api(emu.url, pending, "GET", `/saas/csp2/${serviceName}`)).status).toBe(403);
    expect((await fetch(validationUrl!)).status).toBe(200);
    expect((await api(emu.url, pending, "GET", `/saas/csp2/${serviceName}/subscription`)).status).toBe(200);
    const denied = await api(emu.url, pending, "GET", "/me");
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      errorCode: "NOT_GRANTED_CALL",
      message: "This call has not been granted",
    });
    const current = await api(emu.url, pending, "GET", "/auth/currentCredential");
    expect(CurrentCredential.parse(current.body).rules).toEqual([{ method: "GET", path: "/saas/csp2/*" }]);
  });
});

describe("access rules of admin-made credentials", () => {
  it("refuse calls outside the rules: 403 NOT_GRANTED_CALL", async () => {
    const readOnly = (
      await admin<Credentials>(emu.adminUrl, "POST", `/accounts/${creds.nic}/credentials`, {
        accessRules: [{ method: "GET", path: "/*" }],
      })
    ).body;
    expect((await api(emu.url, readOnly, "GET", `/saas/csp2/${serviceName}`)).status).toBe(200);
    const put = await api(emu.url, readOnly, "PUT", `/saas/csp2/${serviceName}`, { displayName: "x" });
    expect(put.status).toBe(403);
    expect(put.body).toEqual({
      errorCode: "NOT_GRANTED_CALL",
      httpCode: "403 Forbidden",
      message: "This call has not been granted",
    });
  });
  it("logout expires the consumer key", async () => {
    const spare = emu.addCredential(creds.nic);
    expect((await api(emu.url, spare, "POST", "/auth/logout")).status).toBe(200);
    expect((await api(emu.url, spare, "GET", "/me")).status).toBe(403);
  });
});

describe("OAuth2 client credentials", () => {
  it("issue a bearer token that authenticates API calls", async () => {
    const res = await fetch(`${emu.origin}/auth/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
        scope: "all",
      }),
    });
    expect(res.status).toBe(200);
    const token = OAuth2Token.parse(await res.json());
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "all" });
    const me = await fetch(`${emu.url}/me`, { headers: { Authorization: `Bearer ${token.access_token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { nichandle: string }).nichandle).toBe(creds.nic);
  });
  it("accept HTTP Basic client authentication", async () => {
    const basic = Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString("base64");
    const res = await fetch(`${emu.origin}/auth/oauth2/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&scope=all",
    });
    expect(res.status).toBe(200);
  });
  it("refuse a wrong secret (401 invalid_client) and a bad token (401)", async () => {
    const res = await fetch(`${emu.origin}/auth/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: creds.clientId,
        client_secret: "x",
      }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
    const me = await fetch(`${emu.url}/me`, { headers: { Authorization: "Bearer expired-or-forged" } });
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ class: "Client::Unauthorized", message: "Invalid or expired token" });
  });
});

describe("server time and query ids", () => {
  it("/auth/time is a bare integer of the real clock plus the admin skew", async () => {
    const before = Math.floor(Date.now() / 1000);
    const time = (await (await fetch(`${emu.url}/auth/time`)).json()) as number;
    expect(Number.isInteger(time)).toBe(true);
    expect(Math.abs(time - before)).toBeLessThanOrEqual(1);
    emu.advanceClock(86_400); // the virtual clock does not move server time
    await admin(emu.adminUrl, "PUT", "/skew", { seconds: 3600 });
    const skewed = (await (await fetch(`${emu.url}/auth/time`)).json()) as number;
    expect(skewed - before).toBeGreaterThanOrEqual(3599);
    expect(skewed - before).toBeLessThanOrEqual(3601);
    // A client that did not sync is now out of time; one that did is fine.
    expect((await api(emu.url, creds, "GET", "/me")).status).toBe(400);
    expect((await api(emu.url, creds, "GET", "/me", undefined, { timestamp: skewed })).status).toBe(200);
    await admin(emu.adminUrl, "PUT", "/skew", { seconds: 0 });
  });

  it("every answer carries X-Ovh-Queryid, errors included, and error bodies parse as ErrorBody", async () => {
    const answers = await Promise.all([
      fetch(`${emu.url}/auth/time`),
      fetch(`${emu.url}/me`),
      fetch(`${emu.url}/no/such/route`),
      fetch(`${emu.origin}/elsewhere`),
      fetch(`${emu.adminUrl}/calls`),
    ]);
    for (const res of answers) {
      expect(res.headers.get("x-ovh-queryid")).toMatch(QUERY_ID);
      const body = await res.json();
      if (res.status >= 400) ErrorBody.parse(body);
    }
  });
});
