// Contract: ordering a tenant through the cart, step by step, with delivery driven by
// the emulator's virtual clock (POST /_emulator/clock), against the real emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantConfiguration } from "../../provider/csp2/index.js";
import { OvhOperationError } from "../../provider/ovh/index.js";
import { startRewritingProxy } from "../rewriting-proxy.js";
import { type Harness, startHarness } from "./emulator-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CONFIG: TenantConfiguration = {
  mpnId: "1234567",
  displayName: "Northwind",
  contact: {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@northwind.example",
    phone: "+33 1 23 45 67 89",
    address: "1 rue de la Paix",
    city: "Paris",
    zipCode: "75002",
  },
  subdomain: "northwind",
};

/** Moves the virtual clock forward over HTTP until `work` settles, as the passing of time would. */
async function whileAdvancing<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const ticker = (async () => {
    while (!settled) {
      await h.admin.advanceClock(30);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    return await work;
  } finally {
    settled = true;
    await ticker;
  }
}

describe("tenant order, step by step", () => {
  it("cart → plan → item → configuration → checkout → pay → delivery → service name", async () => {
    const { api } = h;
    const description = `o365r:steps-${Date.now()}`;
    const cart = await api.createCart({ description });
    expect(cart).toMatchObject({ description, readOnly: false });
    await api.assignCart(cart.cartId);
    expect((await api.findCarts({ description })).map((c) => c.cartId)).toEqual([cart.cartId]);
    expect(await api.findCarts({ description: "o365r:none" })).toEqual([]);

    const plans = await api.offeredPlans(cart.cartId);
    expect(plans).toHaveLength(1);
    const item = await api.addTenantItem(cart.cartId, plans[0]!);
    expect(item.settings.planCode).toBe(plans[0]!.planCode);
    await expect(api.getCartItem(cart.cartId, item.itemId)).resolves.toMatchObject({ itemId: item.itemId });

    const labels = await api.requiredConfiguration(cart.cartId, item.itemId);
    expect(labels.filter((l) => l.required).length).toBeGreaterThanOrEqual(9);
    await h.admin.clearCalls();
    const first = await api.configureTenantItem(cart.cartId, item.itemId, CONFIG);
    expect(first).toHaveLength(10);
    // Again, as after a crash: nothing sent twice; a changed value replaced.
    const again = await api.configureTenantItem(cart.cartId, item.itemId, {
      ...CONFIG,
      displayName: "Northwind EU",
    });
    expect(again.find((c) => c.label === "displayName")!.value).toBe("Northwind EU");
    const posts = (await h.admin.calls()).filter(
      (c) => c.method === "POST" && c.path.endsWith("/configuration"),
    );
    expect(posts).toHaveLength(11);

    const order = await api.checkout(cart.cartId);
    expect(order.orderId).toEqual(expect.any(Number));
    expect((await api.getCart(cart.cartId)).readOnly).toBe(true);
    expect(await api.orderStatus(order.orderId)).toBe("notPaid");
    await expect(api.payWithDefaultMethod(order.orderId)).resolves.toEqual({
      paymentMethodId: expect.any(Number),
    });

    const statuses: string[] = [];
    await whileAdvancing(
      api.waitForOrderDelivered(order.orderId, {
        timeoutMs: 10_000,
        onProgress: (_m, e) => e.kind === "order" && statuses.push(e.status),
      }),
    );
    expect(statuses.at(-1)).toBe("delivered");

    const serviceName = await api.serviceNameFromOrder(order.orderId, { planCode: plans[0]!.planCode });
    expect(serviceName).toMatch(/^csp2-[0-9a-f]{8}$/);
    const tenant = await api.getTenant(serviceName);
    expect(tenant).toMatchObject({
      displayName: "Northwind EU",
      mpnId: "1234567",
      status: "ok",
      hasAcceptedNewMCA: true,
    });

    const now = h.emu.now();
    const ids = await api.listOrders({
      from: new Date(now.getTime() - 86_400_000),
      to: new Date(now.getTime() + 86_400_000),
    });
    expect(ids).toContain(order.orderId);
    const summary = await api.orderSummary(order.orderId);
    expect(summary.details).toHaveLength(1);
    expect(summary.details[0]).toMatchObject({ domain: serviceName, planCode: plans[0]!.planCode });
    expect(summary.details[0]!.configurations).toEqual(
      expect.arrayContaining([{ label: "mpnId", value: "1234567" }]),
    );
    const lines = await api.orderDetails(order.orderId);
    expect(lines[0]!.extension?.order.plan.code).toBe(plans[0]!.planCode);
  });
});

describe("licence options", () => {
  it("lists the options with prices, attaches them, changes and removes one, and prices the order", async () => {
    const { api } = h;
    const cart = await api.createCart({ description: `o365r:options-${Date.now()}` });
    await api.assignCart(cart.cartId);
    const plan = (await api.offeredPlans(cart.cartId))[0]!;
    const item = await api.addTenantItem(cart.cartId, plan);
    const offered = await api.offeredOptions(cart.cartId, plan.planCode);
    const e3 = offered.find((o) => o.productName === "Office 365 E3")!;
    expect(e3.prices[0]!.price).toMatchObject({ value: 22.7, currencyCode: "EUR" });
    const choice = { planCode: e3.planCode, duration: "P1M", pricingMode: "default" };
    const option = await api.addOption(cart.cartId, { ...choice, itemId: item.itemId, quantity: 3 });
    expect(option).toMatchObject({ parentItemId: item.itemId, settings: { quantity: 3 } });
    await expect(api.updateCartItem(cart.cartId, option.itemId, { quantity: 4 })).resolves.toMatchObject({
      settings: { quantity: 4 },
    });
    const basic = offered.find((o) => o.productName === "Microsoft 365 Business Basic")!;
    const extra = await api.addOption(cart.cartId, {
      ...choice,
      planCode: basic.planCode,
      itemId: item.itemId,
      quantity: 1,
    });
    await api.deleteCartItem(cart.cartId, extra.itemId);
    expect((await api.getCartItem(cart.cartId, item.itemId)).options).toEqual([option.itemId]);
    await api.configureTenantItem(cart.cartId, item.itemId, { ...CONFIG, subdomain: undefined });
    const order = await api.checkout(cart.cartId);
    expect(order.prices.withoutTax.value).toBe(90.8);
    await api.payOrder(order.orderId);
    await whileAdvancing(api.waitForOrderDelivered(order.orderId, { timeoutMs: 10_000 }));
    const serviceName = await api.serviceNameFromOrder(order.orderId);
    const subs = await api.listSubscriptions(serviceName);
    expect(subs.map((s) => [s.licenseId, s.quantity])).toEqual([[5, 4]]);
    const summary = await api.orderSummary(order.orderId);
    expect(summary.details.map((d) => d.planCode)).toEqual([plan.planCode, e3.planCode]);
  });

  it("refuses to pay an order that costs money on an account without a payment method, before paying", async () => {
    const poor = h.emu.createAccount({ paymentMethod: false });
    const { api } = h.connect({
      applicationKey: poor.applicationKey,
      applicationSecret: poor.applicationSecret,
      consumerKey: poor.consumerKey,
    });
    const cart = await api.createCart({ description: `o365r:poor-options-${Date.now()}` });
    await api.assignCart(cart.cartId);
    const plan = (await api.offeredPlans(cart.cartId))[0]!;
    const item = await api.addTenantItem(cart.cartId, plan);
    const basic = (await api.offeredOptions(cart.cartId, plan.planCode)).find(
      (o) => o.productName === "Microsoft 365 Business Basic",
    )!;
    await api.addOption(cart.cartId, {
      planCode: basic.planCode,
      duration: "P1M",
      pricingMode: "default",
      itemId: item.itemId,
      quantity: 2,
    });
    await api.configureTenantItem(cart.cartId, item.itemId, { ...CONFIG, subdomain: undefined });
    // Decided before checkout, from the cart's summary: no unpayable order is placed.
    await expect(api.choosePayment(cart.cartId)).rejects.toThrow(
      /Cart \S+ \(11\.20 € excl\. tax\) cannot be paid: the account has no default payment method.*Nothing was ordered\./,
    );
    // An order placed anyway (e.g. in the control panel) is refused the same way when paid.
    const order = await api.checkout(cart.cartId);
    await h.admin.clearCalls();
    await expect(api.payOrder(order.orderId)).rejects.toThrow(
      /Order \d+ \(11\.20 € excl\. tax\) cannot be paid: the account has no default payment method, and only a free order is paid from the fidelity account/,
    );
    expect((await h.admin.calls()).filter((c) => c.method === "POST")).toEqual([]);
    await expect(api.orderStatus(order.orderId)).resolves.toBe("notPaid");
  });
});

/** A tenant order of `api`, configured, checked out and paid: its id (delivery not waited for). */
async function paidOrder(api: Harness["api"], description: string): Promise<number> {
  const cart = await api.createCart({ description });
  await api.assignCart(cart.cartId);
  const item = await api.addTenantItem(cart.cartId, (await api.offeredPlans(cart.cartId))[0]!);
  await api.configureTenantItem(cart.cartId, item.itemId, CONFIG);
  const payment = await api.choosePayment(cart.cartId);
  const { orderId } = await api.checkout(cart.cartId);
  await api.payOrder(orderId, payment);
  return orderId;
}

describe("a tenant order's delivery and configuration", () => {
  it("pays a free tenant order from the fidelity account when the account has no payment method", async () => {
    const poor = h.emu.createAccount({ paymentMethod: false });
    const { api } = h.connect({
      applicationKey: poor.applicationKey,
      applicationSecret: poor.applicationSecret,
      consumerKey: poor.consumerKey,
    });
    await h.admin.clearCalls();
    await paidOrder(api, "o365r:poor");
    const paid = (await h.admin.calls()).filter(
      (c) => c.method === "POST" && c.path.startsWith("/me/order/"),
    );
    expect(paid.map((c) => c.path.replace(/\d+/, "{id}"))).toEqual([
      "/me/order/{id}/payWithRegisteredPaymentMean",
    ]);
  });

  it("an order OVHcloud cancels ends the wait with a readable error", async () => {
    await h.admin.fault({ method: "POST", path: "/order/cart/*/checkout", order: "fail", count: 1 });
    const orderId = await paidOrder(h.api, `o365r:fail-${Date.now()}`);
    const error = await whileAdvancing(h.api.waitForOrderDelivered(orderId, { timeoutMs: 10_000 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OvhOperationError);
    expect((error as Error).message).toMatch(/was cancelled by OVHcloud/);
  });

  it("an order that never delivers times out naming the order", async () => {
    await h.admin.fault({ method: "POST", path: "/order/cart/*/checkout", order: "stuck", count: 1 });
    const orderId = await paidOrder(h.api, `o365r:stuck-${Date.now()}`);
    const error = await whileAdvancing(h.api.waitForOrderDelivered(orderId, { timeoutMs: 300 })).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      new RegExp(`Order ${orderId} was still "(checking|delivering)"`),
    );
  });

  it("stops before checkout, naming them, when the order form requires labels o365r cannot fill", async () => {
    // OVHcloud's order form may ask for more than the emulator's: here a VAT number and a company id.
    const proxy = await startRewritingProxy(h.emu.origin, (answer) =>
      answer.path.endsWith("/requiredConfiguration") && Array.isArray(answer.body)
        ? [
            ...answer.body,
            { fields: null, label: "vatNumber", required: true, type: "string" },
            { fields: null, label: "companyNationalId", required: true, type: "string" },
          ]
        : undefined,
    );
    try {
      const { api } = h.connect({ endpoint: proxy.url });
      await h.admin.clearCalls();
      const cart = await api.createCart({ description: `o365r:labels-${Date.now()}` });
      await api.assignCart(cart.cartId);
      const item = await api.addTenantItem(cart.cartId, (await api.offeredPlans(cart.cartId))[0]!);
      const error = await api.configureTenantItem(cart.cartId, item.itemId, CONFIG).catch((e: unknown) => e);
      expect(proxy.rewritten()).toBe(1);
      expect(error).toBeInstanceOf(OvhOperationError);
      expect((error as Error).message).toMatch(
        /asks for "vatNumber", "companyNationalId", which o365r cannot fill.*nothing was sent/,
      );
      const calls = (await h.admin.calls()).map(
        (c) =>
          `${c.method} ${c.path.replace(/\/order\/cart\/[^/]+/, "/order/cart/{c}").replace(/\/item\/\d+/, "/item/{i}")}`,
      );
      expect(calls).toContain("GET /order/cart/{c}/item/{i}/requiredConfiguration");
      expect(calls).not.toContain("POST /order/cart/{c}/item/{i}/configuration");
      expect(calls.filter((c) => c.includes("checkout"))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
