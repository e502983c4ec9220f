// Checking a cart out: the price preview (GET checkout, GET summary) and the order it places (paid at
// once with autoPayWithPreferredPaymentMethod when the account has a payment method).
import { CheckoutBody, type Order as OrderModel } from "../../provider/ovh/models/index.js";
import { alnum } from "../core/ids.js";
import { type Cart, type CartItem, nextId, type Order, type State } from "../core/state.js";
import { parseBody } from "../http/body.js";
import { type Ctx, callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";
import {
  CART,
  cartOf,
  isOption,
  lineDescription,
  missingLabels,
  optionsOf,
  unitPriceOf,
  writableCartOf,
} from "./cart-shared.js";
import { markPaid } from "./orders.js";
import { price } from "./price.js";

/** The order preview (GET checkout, GET summary) or the placed order (POST checkout, with orderId and url). */
function orderView(ctx: Ctx, cart: Cart, order: Order | null): OrderModel {
  const total = price(cart.items.reduce((sum, item) => sum + unitPriceOf(item) * item.quantity, 0));
  return {
    contracts: [
      {
        name: "Office 365 Reseller (CSP2) special conditions",
        url: `${ctx.env.origin()}/_emulator/contracts/csp2`,
        content: "Illustrative contract of the OVH API emulator.",
      },
    ],
    details: cart.items.map((item) => ({
      cartItemID: item.itemId,
      description: lineDescription(item.planCode, item.duration),
      detailType: isOption(item) ? "LICENSE" : "DURATION",
      domain: "*",
      originalTotalPrice: price(unitPriceOf(item) * item.quantity),
      quantity: item.quantity,
      reductionTotalPrice: price(0),
      reductions: [],
      totalPrice: price(unitPriceOf(item) * item.quantity),
      unitPrice: price(unitPriceOf(item)),
    })),
    // A preview is an order.Order with no id and no url: both null, as the schema allows.
    orderId: order ? order.orderId : null,
    url: order ? `${ctx.env.origin()}/order/${order.orderId}?p=${order.password}` : null,
    prices: {
      originalWithoutTax: total,
      reduction: price(0),
      tax: price(0),
      withTax: total,
      withoutTax: total,
    },
  };
}

/** Refuses a cart that cannot be checked out: unassigned, empty, labels or a required licence option missing. */
function checkOrderable(state: State, cart: Cart, nic: string): void {
  if (cart.nic !== nic) {
    throw errors.badRequest(
      `Cart ${cart.cartId} is not assigned to an account: POST /order/cart/${cart.cartId}/assign first`,
    );
  }
  if (cart.items.length === 0) throw errors.badRequest(`Cart ${cart.cartId} is empty`);
  for (const item of cart.items) {
    const missing = missingLabels(item);
    if (missing.length > 0) {
      throw errors.badRequest(
        `Missing required configuration of item ${item.itemId}: ${missing.join(", ")}`,
        {
          fields: missing,
        },
      );
    }
    if (state.tenantPlan?.requireLicenceOption && !isOption(item) && optionsOf(cart, item).length === 0) {
      throw errors.badRequest(
        `Item ${item.itemId} has no licence option: the CSP2 plan ${item.planCode} is sold with at least one licence (POST /order/cart/${cart.cartId}/csp2/options with itemId ${item.itemId})`,
        { fields: ["options"] },
      );
    }
  }
}

function orderLine(state: State, item: CartItem) {
  return {
    orderDetailId: nextId(state, "orderDetail"),
    itemId: item.itemId,
    planCode: item.planCode,
    duration: item.duration,
    pricingMode: item.pricingMode,
    configurations: item.configurations.map(({ label, value }) => ({ label, value })),
    domain: "*",
    parentItemId: item.parentItemId ?? null,
    quantity: item.quantity,
    unitPrice: unitPriceOf(item),
  };
}

function checkout(ctx: Ctx, p: Record<string, string>) {
  const nic = callerOf(ctx).nic;
  const cart = writableCartOf(ctx, p.cartId);
  const body = parseBody(CheckoutBody, ctx.rawBody);
  checkOrderable(ctx.state, cart, nic);
  const order: Order = {
    orderId: nextId(ctx.state, "order"),
    nic,
    cartId: cart.cartId,
    password: alnum(8),
    date: ctx.now,
    status: "notPaid",
    paidAt: null,
    history: [{ status: "notPaid", at: ctx.now }],
    outcome: ctx.fault?.order ?? "deliver",
    details: cart.items.map((item) => orderLine(ctx.state, item)),
  };
  ctx.state.orders[order.orderId] = order;
  cart.readOnly = true;
  cart.orderId = order.orderId;
  if (body.autoPayWithPreferredPaymentMethod && (ctx.state.accounts[nic]?.paymentMethods.length ?? 0) > 0) {
    markPaid(order, ctx.now);
  }
  return { body: orderView(ctx, cart, order) };
}

export const checkoutRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${CART}/checkout`,
    auth: "required",
    handler: (ctx, p) => ({ body: orderView(ctx, cartOf(ctx, p.cartId), null) }),
  },
  { method: "POST", pattern: `${CART}/checkout`, auth: "required", handler: checkout },
  {
    method: "GET",
    pattern: `${CART}/summary`,
    auth: "optional",
    handler: (ctx, p) => ({ body: orderView(ctx, cartOf(ctx, p.cartId), null) }),
  },
];
