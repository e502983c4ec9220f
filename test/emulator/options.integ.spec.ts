// Licence options of the CSP2 plan: listed with prices, attached to the tenant item, priced in the
// preview and the order, delivered as subscriptions; the plan rule that requires one; paying a free
// order from the fidelity account (and only a free one); PUT cart, summary and the label filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import {
  Cart,
  CartItem,
  MeOrder,
  OfficeSubscription,
  OptionDefinition,
  Order,
  OrderDetail,
  OrderDetailExtension,
  RequiredConfiguration,
} from "../../provider/ovh/models/index.js";
import { admin, client } from "./helpers.js";

let emu: EmulatorHandle;
let call: ReturnType<typeof client>;

const CONFIG = {
  mpnId: "1234567",
  displayName: "Optioned Ltd",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@optioned.invalid",
  phone: "+44 20 7946 0000",
  address: "1 Example Street",
  city: "London",
  zipCode: "N1 9GU",
};

beforeAll(async () => {
  emu = await startEmulator({ taskSeconds: 1, orderStepSeconds: 5 });
  call = client(emu.url, emu.createAccount({ ovhSubsidiary: "GB" }));
});
afterAll(() => emu.stop());

/** An assigned cart with a configured tenant item. */
async function tenantCart(description: string, as = call) {
  const cart = Cart.parse((await as("POST", "/order/cart", { ovhSubsidiary: "GB", description })).body);
  expect((await as("POST", `/order/cart/${cart.cartId}/assign`)).status).toBe(200);
  const item = CartItem.parse(
    (
      await as("POST", `/order/cart/${cart.cartId}/csp2`, {
        planCode: "csp2-tenant",
        duration: "P1M",
        pricingMode: "default",
        quantity: 1,
      })
    ).body,
  );
  for (const [label, value] of Object.entries(CONFIG)) {
    await as("POST", `/order/cart/${cart.cartId}/item/${item.itemId}/configuration`, { label, value });
  }
  return { cart, item };
}

async function options(cartId: string, as = call): Promise<OptionDefinition[]> {
  const answer = await as<unknown[]>("GET", `/order/cart/${cartId}/csp2/options?planCode=csp2-tenant`);
  expect(answer.status).toBe(200);
  return answer.body.map((o) => OptionDefinition.parse(o));
}

const optionOf = (list: OptionDefinition[], name: string) => list.find((o) => o.productName === name)!;

async function addOption(cartId: string, itemId: number, planCode: string, quantity: number, as = call) {
  return as<unknown>("POST", `/order/cart/${cartId}/csp2/options`, {
    itemId,
    planCode,
    duration: "P1M",
    pricingMode: "default",
    quantity,
  });
}

describe("licence options of the CSP2 plan", () => {
  it("lists every catalogue licence with its monthly price per seat; the plan code must be the tenant plan's", async () => {
    const { cart } = await tenantCart("list options");
    const list = await options(cart.cartId);
    expect(list).toHaveLength(13);
    const premium = optionOf(list, "Microsoft 365 Business Premium");
    expect(premium).toMatchObject({ family: "licence", mandatory: false, productType: "saas_license" });
    expect(premium.planCode).not.toBe(premium.productName);
    expect(premium.prices).toEqual([
      expect.objectContaining({
        duration: "P1M",
        pricingMode: "default",
        price: expect.objectContaining({ value: 20.6 }),
      }),
    ]);
    expect(optionOf(list, "Microsoft Teams Phone Standard")).toMatchObject({ family: "addon" });
    const wrong = await call<{ message: string }>(
      "GET",
      `/order/cart/${cart.cartId}/csp2/options?planCode=nope`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain("planCode");
  });

  it("attaches options to the tenant item, prices the preview, and delivers one subscription per option", async () => {
    const { cart, item } = await tenantCart("two licences");
    const list = await options(cart.cartId);
    const standard = optionOf(list, "Microsoft 365 Business Standard");
    const e3 = optionOf(list, "Office 365 E3");
    const a = CartItem.parse((await addOption(cart.cartId, item.itemId, standard.planCode, 5)).body);
    expect(a).toMatchObject({
      parentItemId: item.itemId,
      settings: { planCode: standard.planCode, quantity: 5 },
    });
    expect(a.prices.find((p) => p.label === "TOTAL")!.price.value).toBe(58.5);
    const b = CartItem.parse((await addOption(cart.cartId, item.itemId, e3.planCode, 1)).body);
    // A quantity change of an option, in place.
    const changed = await call("PUT", `/order/cart/${cart.cartId}/item/${b.itemId}`, { quantity: 2 });
    expect(CartItem.parse(changed.body).settings.quantity).toBe(2);
    const parent = CartItem.parse((await call("GET", `/order/cart/${cart.cartId}/item/${item.itemId}`)).body);
    expect(parent.options).toEqual([a.itemId, b.itemId]);
    expect(
      (await call("GET", `/order/cart/${cart.cartId}/item/${a.itemId}/requiredConfiguration`)).body,
    ).toEqual([]);

    const summary = Order.parse((await call("GET", `/order/cart/${cart.cartId}/summary`)).body);
    expect(summary.orderId).toBeNull();
    expect(summary.prices.withoutTax.value).toBe(58.5 + 2 * 22.7);
    expect(summary.details.map((d) => [d.description, d.quantity, d.totalPrice.value])).toEqual([
      ["Office 365 Reseller (CSP2) licence group (P1M)", 1, 0],
      ["Microsoft 365 Business Standard (P1M)", 5, 58.5],
      ["Office 365 E3 (P1M)", 2, 45.4],
    ]);

    const placed = Order.parse(
      (await call("POST", `/order/cart/${cart.cartId}/checkout`, { autoPayWithPreferredPaymentMethod: true }))
        .body,
    );
    const orderId = placed.orderId!;
    expect(MeOrder.parse((await call("GET", `/me/order/${orderId}`)).body).priceWithoutTax.value).toBe(103.9);
    await admin(emu.adminUrl, "POST", "/clock", { advanceSeconds: 20 });
    expect((await call("GET", `/me/order/${orderId}/status`)).body).toBe("delivered");

    const lines = await Promise.all(
      (await call<number[]>("GET", `/me/order/${orderId}/details`)).body.map(async (id) => ({
        detail: OrderDetail.parse((await call("GET", `/me/order/${orderId}/details/${id}`)).body),
        extension: OrderDetailExtension.parse(
          (await call("GET", `/me/order/${orderId}/details/${id}/extension`)).body,
        ),
      })),
    );
    const serviceName = lines[0]!.detail.domain;
    expect(serviceName).toMatch(/^csp2-/);
    expect(
      lines.map((l) => [
        l.detail.domain,
        l.detail.quantity,
        l.extension.order.plan.code,
        l.extension.order.plan.quantity,
      ]),
    ).toEqual([
      [serviceName, "1", "csp2-tenant", 1],
      [serviceName, "5", standard.planCode, 5],
      [serviceName, "2", e3.planCode, 2],
    ]);
    expect(lines[1]!.extension.order).toMatchObject({ type: "plan", configurations: [] });

    const tenant = (await call<{ creationDate: string }>("GET", `/saas/csp2/${serviceName}`)).body;
    const subs = (
      await call<unknown[]>("GET", `/saas/csp2/${serviceName}/subscription`, undefined, {
        headers: { "X-Pagination-Mode": "CachedObjectList-Pages" },
      })
    ).body.map((s) => OfficeSubscription.parse(s));
    expect(subs.map((s) => [s.licenseId, s.quantity, s.status, s.taskPendingId])).toEqual([
      [2, 5, "active", 0],
      [5, 2, "active", 0],
    ]);
    // Created at delivery, with the tenant.
    expect(subs.every((s) => s.creationDate === tenant.creationDate)).toBe(true);
  });

  it("refuses options it cannot sell with a tenant, naming the field, and deletes options with their tenant item", async () => {
    const { cart, item } = await tenantCart("refusals");
    const list = await options(cart.cartId);
    const addon = await addOption(
      cart.cartId,
      item.itemId,
      optionOf(list, "Microsoft Teams Phone Standard").planCode,
      1,
    );
    expect(addon.status).toBe(400);
    expect(JSON.stringify(addon.body)).toContain("add-on");
    const retired = await addOption(cart.cartId, item.itemId, optionOf(list, "Office 365 E1").planCode, 1);
    expect(retired.status).toBe(403);
    const unknown = await call<{ message: string }>("POST", `/order/cart/${cart.cartId}/csp2/options`, {
      itemId: item.itemId,
      planCode: "csp2-option-nothing",
      duration: "P1M",
      pricingMode: "default",
      quantity: 1,
    });
    expect(unknown.body.message).toContain("planCode");
    const basic = optionOf(list, "Microsoft 365 Business Basic").planCode;
    expect((await addOption(cart.cartId, item.itemId, basic, 301)).status).toBe(400);
    const ok = CartItem.parse((await addOption(cart.cartId, item.itemId, basic, 3)).body);
    // An option does not take options, nor configuration.
    expect((await addOption(cart.cartId, ok.itemId, basic, 1)).status).toBe(400);
    expect(
      (
        await call("POST", `/order/cart/${cart.cartId}/item/${ok.itemId}/configuration`, {
          label: "city",
          value: "x",
        })
      ).status,
    ).toBe(400);
    expect((await call("DELETE", `/order/cart/${cart.cartId}/item/${item.itemId}`)).status).toBe(200);
    expect((await call<number[]>("GET", `/order/cart/${cart.cartId}/item`)).body).toEqual([]);
  });

  it("requires a licence option while the admin knob says so, naming the rule; the family is then mandatory", async () => {
    const set = await admin<{ requireLicenceOption: boolean }>(emu.adminUrl, "PUT", "/tenantPlan", {
      requireLicenceOption: true,
    });
    expect(set.body).toEqual({ requireLicenceOption: true });
    try {
      const { cart, item } = await tenantCart("rule");
      const list = await options(cart.cartId);
      expect(optionOf(list, "Office 365 E3").mandatory).toBe(true);
      expect(optionOf(list, "Microsoft Teams Phone Standard").mandatory).toBe(false);
      const refused = await call<{ message: string }>("POST", `/order/cart/${cart.cartId}/checkout`, {});
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(
        /no licence option: the CSP2 plan csp2-tenant is sold with at least one licence/,
      );
      expect(Cart.parse((await call("GET", `/order/cart/${cart.cartId}`)).body).readOnly).toBe(false);
      await addOption(cart.cartId, item.itemId, optionOf(list, "Office 365 E3").planCode, 1);
      expect((await call("POST", `/order/cart/${cart.cartId}/checkout`, {})).status).toBe(200);
    } finally {
      await admin(emu.adminUrl, "PUT", "/tenantPlan", { requireLicenceOption: false });
    }
    expect((await admin(emu.adminUrl, "GET", "/tenantPlan")).body).toEqual({ requireLicenceOption: false });
  });

  it("pays from the fidelity account only an order that costs nothing", async () => {
    const poor = client(emu.url, emu.createAccount({ ovhSubsidiary: "GB", paymentMethod: false }));
    const { cart, item } = await tenantCart("not free", poor);
    const planCode = optionOf(await options(cart.cartId, poor), "Microsoft 365 Business Basic").planCode;
    await addOption(cart.cartId, item.itemId, planCode, 2, poor);
    const orderId = Order.parse((await poor("POST", `/order/cart/${cart.cartId}/checkout`, {})).body)
      .orderId!;
    const refused = await poor<{ message: string }>(
      "POST",
      `/me/order/${orderId}/payWithRegisteredPaymentMean`,
      {
        paymentMean: "fidelityAccount",
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(
      /fidelity account's balance \(0\.00 €\) does not cover order \d+ \(11\.20 €\)/,
    );
    expect((await poor("GET", `/me/order/${orderId}/status`)).body).toBe("notPaid");
  });
});

describe("cart routes for resuming", () => {
  it("PUT /order/cart/{cartId} changes description and expiry; the label filter keeps one label", async () => {
    const { cart, item } = await tenantCart("before");
    const expire = new Date(emu.now().getTime() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, "+00:00");
    const updated = Cart.parse(
      (await call("PUT", `/order/cart/${cart.cartId}`, { description: "after", expire })).body,
    );
    expect(updated.description).toBe("after");
    expect(Date.parse(updated.expire!)).toBe(Date.parse(expire));
    const ids = (
      await call<number[]>(
        "GET",
        `/order/cart/${cart.cartId}/item/${item.itemId}/configuration?label=zip_code`,
      )
    ).body;
    expect(ids).toHaveLength(1);
    const found = (
      await call<{ label: string; value: string }>(
        "GET",
        `/order/cart/${cart.cartId}/item/${item.itemId}/configuration/${ids[0]}`,
      )
    ).body;
    expect(found).toMatchObject({ label: "zipCode", value: "N1 9GU" });
    const all = (await call<number[]>("GET", `/order/cart/${cart.cartId}/item/${item.itemId}/configuration`))
      .body;
    expect(all).toHaveLength(Object.keys(CONFIG).length);
    const labels = (
      await call<unknown[]>("GET", `/order/cart/${cart.cartId}/item/${item.itemId}/requiredConfiguration`)
    ).body;
    expect(labels.map((l) => RequiredConfiguration.parse(l).label)).toContain("zipCode");
  });
});
