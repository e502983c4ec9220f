// Fault injection, latency and the fair-use limit, as a client under test meets them: injected
// statuses with Retry-After, connections dropped before or after the work, counts, seeded
// probability, failing tasks, and the call log that shows what really reached the API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../emulator/control/call-log.js";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { OfficeTask } from "../../provider/ovh/models/index.js";
import { admin, client } from "./helpers.js";

let emu: EmulatorHandle;
let call: ReturnType<typeof client>;
let serviceName: string;
let subscriptionId: number;

beforeAll(async () => {
  emu = await startEmulator();
  const account = emu.createAccount();
  call = client(emu.url, account);
  const seeded = emu.createTenant({
    account: account.nic,
    displayName: "Faulty",
    subscriptions: [{ license: 5, quantity: 10 }],
  });
  serviceName = seeded.serviceName;
  subscriptionId = seeded.subscriptions[0]!.id;
});
afterAll(() => emu.stop());
afterEach(async () => {
  await admin(emu.adminUrl, "DELETE", "/faults");
  await admin(emu.adminUrl, "PUT", "/latency", { ms: 0 });
  await admin(emu.adminUrl, "PUT", "/rateLimit", { perMinute: 0 });
  await admin(emu.adminUrl, "DELETE", "/calls");
});

const fault = (spec: object) => admin<{ id: number }>(emu.adminUrl, "POST", "/faults", spec);
const calls = async () => (await admin<CallRecord[]>(emu.adminUrl, "GET", "/calls")).body;

describe("injected statuses", () => {
  it("answer the status with Retry-After, `count` times, then the real answer", async () => {
    const created = await fault({
      method: "GET",
      path: "/saas/csp2/*",
      status: 503,
      retryAfter: 7,
      count: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(Number));
    const first = await call<{ class: string }>("GET", `/saas/csp2/${serviceName}`);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(first.body.class).toBe("Server::ServiceUnavailable");
    expect(first.headers.get("x-ovh-queryid")).toBeTruthy();
    expect((await call("GET", `/saas/csp2/${serviceName}`)).status).toBe(503);
    expect((await call("GET", `/saas/csp2/${serviceName}`)).status).toBe(200);
    // `*` is one segment: deeper paths are untouched.
    await fault({ path: "/saas/csp2/*", status: 500 });
    expect((await call("GET", `/saas/csp2/${serviceName}/subscription`)).status).toBe(200);
    await fault({ path: "/saas/csp2/**", status: 500 });
    expect((await call("GET", `/saas/csp2/${serviceName}/subscription`)).status).toBe(500);
    const log = await calls();
    expect(log.map((c) => c.status)).toEqual([503, 503, 200, 200, 500]);
    expect(log[0]).toMatchObject({
      method: "GET",
      path: `/saas/csp2/${serviceName}`,
      fault: created.body.id,
    });
  });

  it("fire on the same calls for the same seed", async () => {
    const run = async () => {
      await admin(emu.adminUrl, "DELETE", "/faults");
      await fault({ path: "/me", status: 500, probability: 0.5, seed: 1234 });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i += 1) statuses.push((await call("GET", "/me")).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it("validate their spec", async () => {
    expect((await admin(emu.adminUrl, "POST", "/faults", { path: "/me" })).status).toBe(400);
    expect((await admin(emu.adminUrl, "POST", "/faults", { status: 500 })).status).toBe(400);
  });
});

describe("dropped connections", () => {
  it("drop: before never reaches the API; the call log shows status 0", async () => {
    await fault({ method: "POST", path: "/saas/csp2/*/subscription", drop: true, count: 1 });
    await expect(
      call("POST", `/saas/csp2/${serviceName}/subscription`, { licenseId: 1, quantity: 1 }),
    ).rejects.toThrow();
    const subs = (await call<number[]>("GET", `/saas/csp2/${serviceName}/subscription`)).body;
    expect(subs).toEqual([subscriptionId]);
    const log = await calls();
    expect(log[0]).toMatchObject({ method: "POST", status: 0, dropped: "before" });
  });

  it("drop: after does the work and loses the answer (the subscription exists)", async () => {
    await fault({ method: "POST", path: "/saas/csp2/*/subscription", drop: "after", count: 1 });
    await expect(
      call("POST", `/saas/csp2/${serviceName}/subscription`, { licenseId: 1, quantity: 2 }),
    ).rejects.toThrow();
    const subs = (await call<number[]>("GET", `/saas/csp2/${serviceName}/subscription`)).body;
    expect(subs).toHaveLength(2);
    const log = await calls();
    expect(log[0]).toMatchObject({ method: "POST", status: 200, dropped: "after" });
    expect(log[0]!.account).toBe(emu.state().tenants[serviceName]!.nic);
  });
});

describe("delays", () => {
  it("delayMs and PUT /latency slow answers down", async () => {
    await fault({ path: "/auth/time", delayMs: 150, count: 1 });
    let started = Date.now();
    await call("GET", "/auth/time");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await admin(emu.adminUrl, "PUT", "/latency", { ms: 100 });
    started = Date.now();
    await call("GET", "/auth/time");
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});

describe("task faults", () => {
  it("task: error makes the task of a matching call end in error, changing nothing", async () => {
    await fault({
      method: "POST",
      path: "/saas/csp2/*/subscription/*/changeQuantity",
      task: "error",
      count: 1,
    });
    const t = OfficeTask.parse(
      (
        await call("POST", `/saas/csp2/${serviceName}/subscription/${subscriptionId}/changeQuantity`, {
          quantity: 12,
        })
      ).body,
    );
    emu.advanceClock(10);
    const done = OfficeTask.parse((await call("GET", `/saas/csp2/${serviceName}/task/${t.id}`)).body);
    expect(done.status).toBe("error");
    const sub = (
      await call<{ quantity: number; taskPendingId: number }>(
        "GET",
        `/saas/csp2/${serviceName}/subscription/${subscriptionId}`,
      )
    ).body;
    expect(sub).toMatchObject({ quantity: 10, taskPendingId: 0 });
  });
});

describe("fair use", () => {
  it("answers 429 with Retry-After past the per-consumer-key limit", async () => {
    await admin(emu.adminUrl, "PUT", "/rateLimit", { perMinute: 5 });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 7; i += 1) {
      last = await call("GET", "/me");
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(last!.body).toMatchObject({ class: "Client::TooManyRequests" });
    // Another consumer key of the same account has its own budget.
    const other = client(emu.url, emu.addCredential(emu.state().tenants[serviceName]!.nic));
    expect((await other("GET", "/me")).status).toBe(200);
    // Unsigned routes are not counted.
    expect((await fetch(`${emu.url}/auth/time`)).status).toBe(200);
  });

  it("is configurable at start", async () => {
    const limited = await startEmulator({ rateLimitPerMinute: 2 });
    try {
      const c = client(limited.url, limited.createAccount());
      expect([
        (await c("GET", "/me")).status,
        (await c("GET", "/me")).status,
        (await c("GET", "/me")).status,
      ]).toEqual([200, 200, 429]);
    } finally {
      await limited.stop();
    }
  });
});
