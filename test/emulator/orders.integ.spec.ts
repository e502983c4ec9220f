// Ordering a tenant through the cart, as terraform-provider-ovh does, to delivery on the virtual
// clock; and what a client needs to resume a create: cart description, order history, details.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import {
  Cart,
  CartItem,
  MeOrder,
  OfficeTenant,
  Order,
  OrderDetail,
  OrderDetailExtension,
  OrderFollowUpStep,
  OrderStatus,
  PaymentMethod,
  ProductDefinition,
  RequiredConfiguration,
} from "../../provider/ovh/models/index.js";
import { admin, client } from "./helpers.js";

let emu: EmulatorHandle;
let call: ReturnType<typeof client>;

const CONFIG = {
  mpnId: "1234567",
  displayName: "Ordered Ltd",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@ordered.invalid",
  phone: "+44 20 7946 0000",
  address: "1 Example Street",
  city: "London",
  zipCode: "N1 9GU",
  subDomain: "orderedltd",
};

beforeAll(async () => {
  emu = await startEmulator({ taskSeconds: 2, orderStepSeconds: 10 });
  const account = emu.createAccount({ ovhSubsidiary: "GB" });
  call = client(emu.url, account);
});
afterAll(() => emu.stop());

const advance = (seconds: number) => admin(emu.adminUrl, "POST", "/clock", { advanceSeconds: seconds });

/** Cart → assign → plan → configuration → checkout; returns the order id. */
async function order(description: string, config: Record<string, string> = CONFIG, checkout: object = {}) {
  const cart = Cart.parse((await call("POST", "/order/cart", { ovhSubsidiary: "GB", description })).body);
  expect((await call("POST", `/order/cart/${cart.cartId}/assign`)).status).toBe(200);
  const plans = (await call<unknown[]>("GET", `/order/cart/${cart.cartId}/csp2`)).body.map((p) =>
    ProductDefinition.parse(p),
  );
  const plan = plans[0]!;
  const price = plan.prices[0]!;
  const item = CartItem.parse(
    (
      await call("POST", `/order/cart/${cart.cartId}/csp2`, {
        planCode: plan.planCode,
        duration: price.duration,
        pricingMode: price.pricingMode,
        quantity: 1,
      })
    ).body,
  );
  const required = (
    await call<unknown[]>("GET", `/order/cart/${cart.cartId}/item/${item.itemId}/requiredConfiguration`)
  ).body.map((r) => RequiredConfiguration.parse(r));
  expect(required.filter((r) => r.required).map((r) => r.label)).toEqual([
    "mpnId",
    "displayName",
    "firstName",
    "lastName",
    "email",
    "phone",
    "address",
    "city",
    "zipCode",
  ]);
  for (const [label, value] of Object.entries(config)) {
    const set = await call("POST", `/order/cart/${cart.cartId}/item/${item.itemId}/configuration`, {
      label,
      value,
    });
    expect(set.status).toBe(200);
  }
  const placed = await call("POST", `/order/cart/${cart.cartId}/checkout`, checkout);
  return { cart, item, placed };
}

describe("ordering a tenant", () => {
  it("goes notPaid → (pay) checking → delivering → delivered, and the detail names the new tenant", async () => {
    const { cart, placed } = await order("create tenant ordered-1");
    expect(placed.status).toBe(200);
    const checkout = Order.parse(placed.body);
    const orderId = checkout.orderId!;
    expect(checkout.prices.withoutTax.value).toBe(0);
    expect(Cart.parse((await call("GET", `/order/cart/${cart.cartId}`)).body).readOnly).toBe(true);

    const status = async () => OrderStatus.parse((await call("GET", `/me/order/${orderId}/status`)).body);
    expect(await status()).toBe("notPaid");
    await advance(100);
    expect(await status()).toBe("notPaid"); // nothing moves until paid

    const methods = (await call<number[]>("GET", "/me/payment/method?default=true")).body;
    expect(methods).toHaveLength(1);
    expect(PaymentMethod.parse((await call("GET", `/me/payment/method/${methods[0]}`)).body).default).toBe(
      true,
    );
    expect(
      (await call("POST", `/me/order/${orderId}/pay`, { paymentMethod: { id: methods[0] } })).status,
    ).toBe(200);
    expect(
      (await call("POST", `/me/order/${orderId}/pay`, { paymentMethod: { id: methods[0] } })).status,
    ).toBe(409);
    expect(await status()).toBe("checking");

    const [detailId] = (await call<number[]>("GET", `/me/order/${orderId}/details`)).body;
    const detail = async () =>
      OrderDetail.parse((await call("GET", `/me/order/${orderId}/details/${detailId}`)).body);
    expect((await detail()).domain).toBe("*");
    await advance(10);
    expect(await status()).toBe("delivering");
    expect((await call<string[]>("GET", "/saas/csp2")).body).toEqual([]);
    await advance(10);
    expect(await status()).toBe("delivered");

    const serviceName = (await detail()).domain;
    expect(serviceName).toMatch(/^csp2-[0-9a-f]{8}$/);
    const extension = OrderDetailExtension.parse(
      (await call("GET", `/me/order/${orderId}/details/${detailId}/extension`)).body,
    );
    expect(extension.order.plan.code).toBe("csp2-tenant");
    expect(extension.order.type).toBe("plan");
    // Not "create": billing.ItemDetail.OrderActionEnum publishes no value for a first order.
    expect(extension.order.action).toBeNull();
    expect(extension.order.configurations).toContainEqual({ label: "mpnId", value: "1234567" });

    const tenant = OfficeTenant.parse((await call("GET", `/saas/csp2/${serviceName}`)).body);
    expect(tenant).toMatchObject({
      serviceName,
      status: "ok",
      hasAcceptedNewMCA: true,
      displayName: "Ordered Ltd",
      email: "ada@ordered.invalid",
      mpnId: "1234567",
    });
    const followUp = (await call<unknown[]>("GET", `/me/order/${orderId}/followUp`)).body.map((f) =>
      OrderFollowUpStep.parse(f),
    );
    expect(followUp.map((f) => f.status)).toEqual(["DONE", "DONE", "DONE", "DONE"]);
    // History labels are billing.order.followUp.HistoryStatusEnum values; the words are in description.
    expect(followUp.map((f) => f.history.map((h) => h.label))).toEqual([
      ["ORDER_STARTED", "PAYMENT_RECEIVED"],
      ["ORDER_ACCEPTED"],
      ["DELIVERY"],
      ["DELIVERY"],
    ]);
    expect(followUp[3]!.history[0]!.description).toBe("Tenant available");
    expect(
      (await call<number[]>("GET", `/services?resourceName=${serviceName}&routes=/saas/csp2`)).body,
    ).toHaveLength(1);
  });

  it("lets a resumed create find its cart and order again", async () => {
    const { cart, placed } = await order("create tenant resume-me", CONFIG, {
      autoPayWithPreferredPaymentMethod: true,
    });
    const orderId = Order.parse(placed.body).orderId!;
    expect((await call<string[]>("GET", "/order/cart?description=create%20tenant%20resume-me")).body).toEqual(
      [cart.cartId],
    );
    expect(OrderStatus.parse((await call("GET", `/me/order/${orderId}/status`)).body)).toBe("checking");
    const today = emu.now().toISOString().slice(0, 10);
    expect((await call<number[]>("GET", `/me/order?date.from=${today}`)).body).toContain(orderId);
    expect(MeOrder.parse((await call("GET", `/me/order/${orderId}`)).body).orderId).toBe(orderId);
    // The item's configurations can be read back (wire-contract.md §3).
    const items = (await call<number[]>("GET", `/order/cart/${cart.cartId}/item`)).body;
    const item = CartItem.parse((await call("GET", `/order/cart/${cart.cartId}/item/${items[0]}`)).body);
    expect(item.configurations).toHaveLength(Object.keys(CONFIG).length);
  });

  it("refuses checkout with a missing label (naming it), an unassigned cart, and edits after checkout", async () => {
    const { mpnId: _, ...withoutMpn } = CONFIG;
    const { placed, cart, item } = await order("missing", withoutMpn);
    expect(placed.status).toBe(400);
    expect((placed.body as { message: string }).message).toContain("mpnId");
    const bad = await call<{ message: string }>(
      "POST",
      `/order/cart/${cart.cartId}/item/${item.itemId}/configuration`,
      {
        label: "mpnId",
        value: "not digits",
      },
    );
    expect(bad.status).toBe(400);
    const unknown = await call("POST", `/order/cart/${cart.cartId}/item/${item.itemId}/configuration`, {
      label: "favouriteColour",
      value: "blue",
    });
    expect(unknown.status).toBe(400);

    const anonymous = client(emu.url, null);
    const loose = Cart.parse((await anonymous("POST", "/order/cart", { ovhSubsidiary: "GB" })).body);
    // Cart.description is a non-null string: "" for a cart created without one.
    expect(loose.description).toBe("");
    expect((await call("POST", `/order/cart/${loose.cartId}/checkout`)).status).toBe(400);
    expect((await call("POST", "/order/cart", { ovhSubsidiary: "XX" })).status).toBe(400);
    // nichandle.OvhSubsidiaryEnum: the EU API's subsidiaries only (CSP2 is sold there alone).
    expect((await call("POST", "/order/cart", { ovhSubsidiary: "US" })).status).toBe(400);
    expect((await call("POST", "/order/cart", { ovhSubsidiary: "CA" })).status).toBe(400);
    const wrongPlan = await call<{ message: string }>("POST", `/order/cart/${loose.cartId}/csp2`, {
      planCode: "nope",
      duration: "P1M",
      pricingMode: "default",
      quantity: 1,
    });
    expect(wrongPlan.body.message).toContain("planCode");

    const done = await order("done");
    const again = await call(
      "POST",
      `/order/cart/${done.cart.cartId}/item/${done.item.itemId}/configuration`,
      {
        label: "city",
        value: "Paris",
      },
    );
    expect(again.status).toBe(403);
  });

  it("keeps carts and orders to their account", async () => {
    const { cart, placed } = await order("private");
    const orderId = Order.parse(placed.body).orderId!;
    const stranger = client(emu.url, emu.createAccount({ ovhSubsidiary: "GB" }));
    expect((await stranger("GET", `/order/cart/${cart.cartId}`)).status).toBe(404);
    expect((await stranger("GET", `/me/order/${orderId}/status`)).status).toBe(404);
    expect((await stranger<number[]>("GET", "/me/order")).body).toEqual([]);
    const elsewhere = client(emu.url, emu.createAccount({ ovhSubsidiary: "FR" }));
    expect((await elsewhere("POST", `/order/cart/${(await order("x")).cart.cartId}/assign`)).status).toBe(
      404,
    );
    const gb = Cart.parse((await client(emu.url, null)("POST", "/order/cart", { ovhSubsidiary: "GB" })).body);
    const mismatch = await elsewhere<{ message: string }>("POST", `/order/cart/${gb.cartId}/assign`);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toContain("subsidiary");
  });

  it("pays a zero-price order from the fidelity account when there is no payment method", async () => {
    const poor = emu.createAccount({ ovhSubsidiary: "GB", paymentMethod: false });
    const c = client(emu.url, poor);
    expect((await c<number[]>("GET", "/me/payment/method?default=true")).body).toEqual([]);
    const saved = call;
    call = c;
    try {
      const { placed } = await order("poor", CONFIG, { autoPayWithPreferredPaymentMethod: true });
      const orderId = Order.parse(placed.body).orderId!;
      expect((await c("GET", `/me/order/${orderId}/status`)).body).toBe("notPaid");
      const paid = await c("POST", `/me/order/${orderId}/payWithRegisteredPaymentMean`, {
        paymentMean: "fidelityAccount",
      });
      expect(paid.status).toBe(200);
      expect((await c("GET", `/me/order/${orderId}/status`)).body).toBe("checking");
    } finally {
      call = saved;
    }
  });
});

describe("order faults", () => {
  it("order: stuck never delivers; order: fail is cancelled", async () => {
    const stuck = await admin<{ id: number }>(emu.adminUrl, "POST", "/faults", {
      method: "POST",
      path: "/order/cart/*/checkout",
      order: "stuck",
      count: 1,
    });
    expect(stuck.status).toBe(201);
    const a = Order.parse(
      (await order("stuck", CONFIG, { autoPayWithPreferredPaymentMethod: true })).placed.body,
    ).orderId!;
    await admin(emu.adminUrl, "POST", "/faults", {
      method: "POST",
      path: "/order/cart/*/checkout",
      order: "fail",
      count: 1,
    });
    const b = Order.parse(
      (await order("fail", CONFIG, { autoPayWithPreferredPaymentMethod: true })).placed.body,
    ).orderId!;
    await advance(3600);
    expect((await call("GET", `/me/order/${a}/status`)).body).toBe("checking");
    expect((await call("GET", `/me/order/${b}/status`)).body).toBe("cancelled");
    const [detailId] = (await call<number[]>("GET", `/me/order/${b}/details`)).body;
    expect(OrderDetail.parse((await call("GET", `/me/order/${b}/details/${detailId}`)).body)).toMatchObject({
      cancelled: true,
      domain: "*",
    });
    const followUp = (await call<unknown[]>("GET", `/me/order/${b}/followUp`)).body.map((f) =>
      OrderFollowUpStep.parse(f),
    );
    expect(followUp[0]!.status).toBe("ERROR");
    expect(
      emu
        .calls()
        .filter((c) => c.fault !== undefined)
        .map((c) => c.path),
    ).toHaveLength(2);
    await admin(emu.adminUrl, "DELETE", "/faults");
  });
});
