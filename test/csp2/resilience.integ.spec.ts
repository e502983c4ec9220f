// Contract: faults injected by the emulator. GET/PUT/DELETE ride out 429, 5xx, drops and timeouts;
// a POST hit by a 5xx or a drop is never repeated, a POST refused with 429 (before acting) is repeated
// after Retry-After (proved with GET /_emulator/calls); an exhausted budget fails clearly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OvhApiError, OvhNetworkError } from "../../provider/ovh/index.js";
import { type Harness, startHarness } from "./emulator-harness.js";

let h: Harness;
let serviceName: string;
let subscriptionId: number;

beforeAll(async () => {
  h = await startHarness();
  const tenant = h.emu.createTenant({
    account: h.account.nic,
    displayName: "Resilient",
    subscriptions: [
      { license: 1, quantity: 3 },
      { license: 2, quantity: 2 },
    ],
  });
  serviceName = tenant.serviceName;
  subscriptionId = tenant.subscriptions[0]!.id;
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.admin.clearFaults();
  await h.admin.clearCalls();
});

const callsTo = async (method: string, suffix: string) =>
  (await h.admin.calls()).filter((c) => c.method === method && c.path.endsWith(suffix));

describe("ridden out on GET, PUT and DELETE", () => {
  it("a 429 with Retry-After is waited out", async () => {
    await h.admin.fault({ method: "GET", path: "/saas/csp2/*", status: 429, retryAfter: 1, count: 1 });
    const started = Date.now();
    await expect(h.api.getTenant(serviceName)).resolves.toMatchObject({ serviceName });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect((await callsTo("GET", serviceName)).map((c) => c.status)).toEqual([429, 200]);
  });

  it("5xx answers on GET, PUT and DELETE are retried", async () => {
    await h.admin.fault({ method: "GET", path: "/saas/csp2/*", status: 503, count: 2 });
    await h.admin.fault({ method: "PUT", path: "/saas/csp2/*", status: 500, count: 1 });
    await h.admin.fault({ method: "DELETE", path: "/saas/csp2/*/subscription/*", status: 502, count: 1 });
    await h.api.updateTenant(serviceName, { city: "Nantes" });
    expect((await h.api.getTenant(serviceName)).city).toBe("Nantes");
    const other = (await h.api.listSubscriptions(serviceName)).find((s) => s.licenseId === 2)!;
    await expect(h.api.cancelSubscription(serviceName, other.id)).resolves.toMatchObject({
      function: "deleteSubscription",
    });
    expect((await callsTo("PUT", serviceName)).map((c) => c.status)).toEqual([500, 200]);
    expect((await callsTo("DELETE", `/subscription/${other.id}`)).map((c) => c.status)).toEqual([502, 200]);
  });

  it("dropped connections are retried: before the answer (GET, DELETE) and after processing (PUT)", async () => {
    await h.admin.fault({ method: "GET", path: "/saas/csp2/*", drop: true, count: 2 });
    await expect(h.api.getTenant(serviceName)).resolves.toMatchObject({ serviceName });
    expect((await callsTo("GET", serviceName)).map((c) => c.dropped ?? "answered")).toEqual([
      "before",
      "before",
      "answered",
    ]);

    await h.admin.fault({ method: "PUT", path: "/saas/csp2/*", drop: "after", count: 1 });
    await h.api.updateTenant(serviceName, { zipCode: "44000" });
    expect((await h.api.getTenant(serviceName)).zipCode).toBe("44000");
    expect((await callsTo("PUT", serviceName)).map((c) => c.dropped ?? "answered")).toEqual([
      "after",
      "answered",
    ]);
  });

  it("a slow answer past the per-attempt timeout is retried", async () => {
    const { api } = h.connect({ timeoutMs: 200 });
    await h.admin.fault({ method: "GET", path: "/saas/csp2/*/subscription/*", delayMs: 1_000, count: 1 });
    await expect(api.getSubscription(serviceName, subscriptionId)).resolves.toMatchObject({
      id: subscriptionId,
    });
  });

  it("an exhausted budget fails with what happened and how often it was tried", async () => {
    const { api } = h.connect({ maxAttempts: 3 });
    await h.admin.fault({ method: "GET", path: "/saas/csp2/*", status: 503 });
    const error = await api.getTenant(serviceName).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error).toMatchObject({ status: 503, errorClass: "Server::ServiceUnavailable", attempts: 3 });
    expect((error as Error).message).toMatch(
      /failed with 503 .*try again in a few minutes.*gave up after 3 attempts: retry budget of 3 attempts used/,
    );
    expect(await callsTo("GET", serviceName)).toHaveLength(3);
  });

  it("a Retry-After longer than the client accepts fails at once, saying how long", async () => {
    await h.admin.fault({ method: "GET", path: "/saas/csp2/*", status: 429, retryAfter: 600, count: 1 });
    const error = await h.api.getTenant(serviceName).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 600_000 });
    expect((error as Error).message).toMatch(/fair-use rate limit/);
  });
});

describe("POST is never repeated after it may have been applied", () => {
  it("a 5xx on POST: one call, an error that says it may have been applied", async () => {
    await h.admin.fault({
      method: "POST",
      path: "/saas/csp2/*/subscription/*/changeQuantity",
      status: 500,
      count: 1,
    });
    const error = await h.api.changeQuantity(serviceName, subscriptionId, 4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error).toMatchObject({ status: 500, attempts: 1, mayHaveApplied: true });
    expect((error as Error).message).toMatch(/not repeated automatically because it may have been applied/);
    expect(await callsTo("POST", "/changeQuantity")).toHaveLength(1);
  });

  it("a 429 on POST is a refusal before acting: repeated after Retry-After, one subscription bought", async () => {
    await h.admin.fault({
      method: "POST",
      path: "/saas/csp2/*/subscription",
      status: 429,
      retryAfter: 1,
      count: 1,
    });
    const task = await h.api.addSubscription(serviceName, { licenseId: 4, quantity: 1 });
    await h.api.waitForTask(serviceName, task.id);
    const calls = await callsTo("POST", "/subscription");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    // Not before the server said: the second call arrived at least Retry-After (1 s) after the first.
    expect(Date.parse(calls[1]!.at) - Date.parse(calls[0]!.at)).toBeGreaterThanOrEqual(1_000);
    const bought = (await h.api.listSubscriptions(serviceName)).filter((s) => s.licenseId === 4);
    expect(bought).toHaveLength(1);
  });

  it("a connection dropped after the POST was processed: one call, and the change did happen", async () => {
    await h.admin.fault({ method: "POST", path: "/saas/csp2/*/subscription", drop: "after", count: 1 });
    const error = await h.api
      .addSubscription(serviceName, { licenseId: 7, quantity: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhNetworkError);
    expect(error).toMatchObject({ kind: "reset", mayHaveApplied: true, attempts: 1 });
    expect((error as Error).message).toMatch(
      /POST \/saas\/csp2\/.+\/subscription: .*may have been applied: read the current state/,
    );
    expect(await callsTo("POST", "/subscription")).toHaveLength(1);
    // Looking, as the message says, finds the subscription the lost answer would have named.
    expect((await h.api.listSubscriptions(serviceName)).some((s) => s.licenseId === 7)).toBe(true);
  });
});
