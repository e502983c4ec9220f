// What OVHcloud's schema allows but the emulator never answers, through the real client and the real
// resource core: the emulator runs the whole flow, and a local server in front of it rewrites chosen
// answers (test/ovh/rewriting-proxy.ts).
// - Nulls: an order line whose extension has null `type`, `action`, `plan.*` and `product.name`, cart
//   items with null `settings.*`, an order with a null `date`. A tenant order read after it was paid
//   must never fail on them, on the first run or on a retry.
// - Enum values OVHcloud adds later: a tenant, task or order status outside the published list is read,
//   said once, and never taken for a known one (a tenant in such a state is not "ok" for writes).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials } from "../../emulator/index.js";
import { OvhWaitTimeoutError } from "../../provider/ovh/index.js";
import { type OperationContext, subscription, tenant } from "../../provider/resources/index.js";
import { type Rewrite, type RewritingProxy, startRewritingProxy } from "../ovh/rewriting-proxy.js";
import { apiAt, type EmulatorHandle, Killed, killAt, startWorld } from "./harness.js";

let em: EmulatorHandle;
let alice: AccountCredentials;
let proxy: RewritingProxy;
/** The rewrites in force; tests add theirs and the afterEach hook removes them. */
const rules: Rewrite[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  em = await startWorld();
  alice = em.createAccount({ nic: "ab123-ovh" });
  proxy = await startRewritingProxy(em.url, rules);
});
afterAll(async () => {
  await proxy?.close();
  await em?.stop();
});
afterEach(() => {
  rules.length = 0;
  warnings.length = 0;
  expect(proxy.unexpected.join("\n")).toBe("");
});

/** The real client and core, through the rewriting server; warnings about unknown values collected. */
function ctx(): OperationContext {
  const api = apiAt(proxy.url, alice, { warn: (m) => warnings.push(m) });
  return { api, now: () => em.now() };
}

let n = 0;
function inputs(): tenant.TenantInputs {
  n += 1;
  return {
    displayName: `Nullable ${n} GmbH`,
    mpnId: "1234567",
    contact: {
      firstName: "Anna",
      lastName: "Muster",
      email: `it${n}@nullable.example`,
      phone: "+49.301234567",
      address: "Hauptstr. 1",
      city: "Berlin",
      zipCode: "10115",
    },
  };
}

const ordersFor = (displayName: string) =>
  Object.values(em.state().orders).filter((o) =>
    o.details.some((d) => d.configurations.some((c) => c.value === displayName)),
  );

type Json = Record<string, unknown>;

/** Every null the schema allows in a tenant's order, in the answers that carry them. */
const NULLS: Rewrite[] = [
  {
    match: /^GET \/me\/order\/\d+\/details\/\d+\/extension$/,
    rewrite: (body) => {
      const order = (body as { order: Json }).order;
      return {
        order: {
          action: null,
          configurations: order.configurations,
          plan: { code: null, duration: null, pricingMode: null, product: { name: null }, quantity: null },
          type: null,
        },
      };
    },
  },
  {
    match: /^GET \/me\/order\/\d+\/details\/\d+$/,
    rewrite: (body) => ({ ...(body as Json), detailType: null }),
  },
  { match: /^GET \/me\/order\/\d+$/, rewrite: (body) => ({ ...(body as Json), date: null }) },
  {
    match: /^(POST \/order\/cart\/[^/]+\/csp2|GET \/order\/cart\/[^/]+\/item\/\d+)$/,
    rewrite: (body) => ({
      ...(body as Json),
      settings: { planCode: null, pricingMode: null, quantity: null },
    }),
  },
];

describe("a tenant order whose answers carry every null the schema allows", () => {
  it("orders the tenant once and records it", async () => {
    rules.push(...NULLS);
    const ins = inputs();
    const state = await tenant.createTenant(ctx(), ins, { idempotencyKey: "nulls/first-run" });
    const orders = ordersFor(ins.displayName);
    expect(orders).toHaveLength(1);
    expect(state).toMatchObject({ orderId: orders[0]!.orderId, serviceName: orders[0]!.details[0]!.domain });
    expect(proxy.rewritten.get(NULLS[0]!.match)).toBeGreaterThan(0);
    expect(proxy.rewritten.get(NULLS[3]!.match)).toBeGreaterThan(0);
  });

  it.each([
    ["after checkout", "checkout"],
    ["after payment", "payOrder"],
  ] as const)(
    "killed %s, then run again: finds the paid order by its configuration, orders nothing",
    async (_label, step) => {
      rules.push(...NULLS);
      const ins = inputs();
      const key = `nulls/killed-${step}`;
      const first = ctx();
      first.api = killAt(first.api, step, "after");
      await expect(tenant.createTenant(first, ins, { idempotencyKey: key })).rejects.toBeInstanceOf(Killed);
      const state = await tenant.createTenant(ctx(), ins, { idempotencyKey: key });
      const orders = ordersFor(ins.displayName);
      expect(orders).toHaveLength(1);
      expect(orders[0]!.status).toBe("delivered");
      expect(state.serviceName).toBe(orders[0]!.details[0]!.domain);
      // The order was recognised through /me/order with a null date and a line of null type.
      expect(proxy.rewritten.get(NULLS[2]!.match)).toBeGreaterThan(0);
    },
  );
});

describe("an enum value OVHcloud adds after its published list", () => {
  it("a tenant status: read, said once, and never taken for ok (a purchase is refused before any call)", async () => {
    const { serviceName } = em.createTenant({ account: alice.nic, displayName: "Migrating AG" });
    rules.push({
      match: new RegExp(`^GET /saas/csp2/${serviceName}$`),
      rewrite: (body) => ({ ...(body as Json), status: "migrating" }),
      allow: ["enum"],
    });
    const c = ctx();
    const adopted = await tenant.createTenant(
      c,
      { ...inputs(), adoptServiceName: serviceName },
      { idempotencyKey: "enum/tenant" },
    );
    expect(adopted.status).toBe("migrating");
    const read = await tenant.readTenant(c, adopted);
    expect(read.status === "found" && read.state.status).toBe("migrating");
    await c.api.getTenant(serviceName);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      '"migrating" for saas.csp2.ServiceStateEnum, a value outside its published list',
    );

    em.clearCalls();
    const refused = await subscription
      .createSubscription(c, { tenant: serviceName, license: "Microsoft 365 Business Standard", quantity: 5 })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "TENANT_NOT_ACTIVE" });
    expect((refused as Error).message).toContain('"migrating", a status outside its published list');
    expect(em.calls().filter((x) => x.method !== "GET")).toEqual([]);
  });

  it("a task status: read, and waited on as not finished (never taken for done)", async () => {
    const { serviceName, subscriptions } = em.createTenant({
      account: alice.nic,
      displayName: "Paused Tasks SA",
      subscriptions: [{ license: "Office 365 E3", quantity: 3 }],
    });
    rules.push({
      match: new RegExp(`^GET /saas/csp2/${serviceName}/task/\\d+$`),
      rewrite: (body) => ({ ...(body as Json), status: "paused" }),
      allow: ["enum"],
    });
    const c = ctx();
    const task = await c.api.changeQuantity(serviceName, subscriptions[0]!.id, 4);
    const error = await c.api.waitForTask(serviceName, task.id, { timeoutMs: 600 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhWaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: "paused" });
    expect(warnings.filter((w) => w.includes("saas.csp2.TaskStatusEnum"))).toHaveLength(1);
  });

  it("an order status: waited on (not failed, not paid again), and the next run takes the delivered order", async () => {
    rules.push({
      match: /^GET \/me\/order\/\d+\/status$/,
      rewrite: () => "onHold",
      allow: ["enum"],
    });
    const ins = inputs();
    const slow = await tenant
      .createTenant(ctx(), { ...ins, timeouts: { create: "1s" } }, { idempotencyKey: "enum/order" })
      .catch((e: unknown) => e);
    expect(slow).toMatchObject({ code: "TIMEOUT" });
    expect((slow as Error).message).toMatch(/order \d+/i);
    expect(warnings.filter((w) => w.includes("billing.order.OrderStatusEnum"))).toHaveLength(1);

    rules.length = 0;
    const state = await tenant.createTenant(ctx(), ins, { idempotencyKey: "enum/order" });
    const orders = ordersFor(ins.displayName);
    expect(orders).toHaveLength(1);
    expect(state.orderId).toBe(orders[0]!.orderId);
  });
});
