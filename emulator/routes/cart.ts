// The cart order flow for new tenants (wire-contract.md "Ordering a tenant"): create and assign a
// cart, add the CSP2 plan, fill its configuration labels, check out. Carts are OVHcloud noAuth routes:
// anyone holding an unassigned cart's id may fill it; once assigned it is its account's alone.
import { z } from "zod";
import type { Order as OrderModel } from "../../provider/ovh/models/index.js";
import { TENANT_PLAN } from "../catalogue.js";
import { alnum, cartId as newCartId } from "../core/ids.js";
import { normalise } from "../core/settle.js";
import { type Cart, type CartItem, nextId, type Order } from "../core/state.js";
import { DAY_MS, isoDateTime } from "../core/time.js";
import { parseBody, pathId } from "../http/body.js";
import { type Ctx, callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";
import { markPaid } from "./orders.js";
import { price } from "./price.js";

const SUBSIDIARIES = [
  "ASIA",
  "AU",
  "CA",
  "CZ",
  "DE",
  "ES",
  "EU",
  "FI",
  "FR",
  "GB",
  "IE",
  "IN",
  "IT",
  "LT",
  "MA",
  "NL",
  "PL",
  "PT",
  "QC",
  "SG",
  "SN",
  "TN",
  "US",
  "WE",
  "WS",
] as const;

const CartCreation = z.object({
  ovhSubsidiary: z.enum(SUBSIDIARIES),
  description: z.string().max(255).nullish(),
  expire: z.iso.datetime({ offset: true }).nullish(),
});
const ItemCreation = z.object({
  planCode: z.string(),
  duration: z.string(),
  pricingMode: z.string(),
  quantity: z.number().int(),
});
const ItemUpdate = z.object({ duration: z.string().optional(), quantity: z.number().int().optional() });
const ConfigurationCreation = z.object({ label: z.string().min(1), value: z.string().min(1).max(255) });
const Checkout = z.object({
  autoPayWithPreferredPaymentMethod: z.boolean().optional(),
  waiveRetractationPeriod: z.boolean().optional(),
});

/** Labels the CSP2 plan asks for, with the rule each value must follow. */
const LABELS: { label: string; required: boolean; rule?: RegExp; hint?: string }[] = [
  { label: "mpnId", required: true, rule: /^\d{6,10}$/, hint: "6 to 10 digits" },
  { label: "displayName", required: true },
  { label: "firstName", required: true },
  { label: "lastName", required: true },
  { label: "email", required: true, rule: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, hint: "an e-mail address" },
  { label: "phone", required: true, rule: /^\+?[0-9 ().-]{6,20}$/, hint: "a phone number" },
  { label: "address", required: true },
  { label: "city", required: true },
  { label: "zipCode", required: true },
  {
    label: "subDomain",
    required: false,
    rule: /^[a-z0-9](?:[a-z0-9-]{0,25}[a-z0-9])?$/,
    hint: "1 to 27 lowercase letters, digits or inner hyphens",
  },
];

function cartOf(ctx: Ctx, id: string | undefined): Cart {
  const cart = id === undefined ? undefined : ctx.state.carts[id];
  if (!cart || (cart.nic !== null && cart.nic !== ctx.caller?.nic))
    throw errors.objectNotFound("cartId", id ?? "");
  return cart;
}

function writableCartOf(ctx: Ctx, id: string | undefined): Cart {
  const cart = cartOf(ctx, id);
  if (cart.readOnly) throw errors.forbidden(`Cart ${cart.cartId} has been checked out and is read-only`);
  return cart;
}

function itemOf(cart: Cart, id: string | undefined): CartItem {
  const item = cart.items.find((i) => i.itemId === pathId(id));
  if (!item) throw errors.objectNotFound("itemId", id ?? "");
  return item;
}

function cartView(cart: Cart) {
  return {
    cartId: cart.cartId,
    description: cart.description,
    expire: isoDateTime(cart.expire),
    items: cart.items.map((i) => i.itemId),
    readOnly: cart.readOnly,
  };
}

function itemView(cart: Cart, item: CartItem) {
  return {
    cartId: cart.cartId,
    configurations: item.configurations.map((c) => c.id),
    duration: item.duration,
    itemId: item.itemId,
    offerId: null,
    options: [],
    parentItemId: null,
    prices: [
      { label: "PRICE", price: price(TENANT_PLAN.price) },
      { label: "RENEW", price: price(TENANT_PLAN.price) },
      { label: "TOTAL", price: price(TENANT_PLAN.price * item.quantity) },
    ],
    productId: "csp2",
    settings: { planCode: item.planCode, pricingMode: item.pricingMode, quantity: item.quantity },
  };
}

function productDefinition() {
  return {
    planCode: TENANT_PLAN.planCode,
    productName: TENANT_PLAN.productName,
    productType: "saas_license",
    prices: [
      {
        capacities: ["installation", "renew"],
        description: "Monthly licence group (licences are billed per subscription)",
        duration: TENANT_PLAN.duration,
        interval: 1,
        maximumQuantity: 1,
        maximumRepeat: null,
        minimumQuantity: 1,
        minimumRepeat: 1,
        price: price(TENANT_PLAN.price),
        priceInUcents: 0,
        pricingMode: TENANT_PLAN.pricingMode,
        pricingType: "rental",
      },
    ],
  };
}

function checkItem(body: {
  planCode?: string;
  duration?: string;
  pricingMode?: string;
  quantity?: number;
}): void {
  const bad = (field: string, value: unknown, expected: unknown) =>
    errors.badRequest(`Invalid parameter ${field} "${value}": the CSP2 plan accepts ${expected}`, {
      fields: [field],
    });
  if (body.planCode !== undefined && body.planCode !== TENANT_PLAN.planCode) {
    throw bad("planCode", body.planCode, TENANT_PLAN.planCode);
  }
  if (body.duration !== undefined && body.duration !== TENANT_PLAN.duration) {
    throw bad("duration", body.duration, TENANT_PLAN.duration);
  }
  if (body.pricingMode !== undefined && body.pricingMode !== TENANT_PLAN.pricingMode) {
    throw bad("pricingMode", body.pricingMode, TENANT_PLAN.pricingMode);
  }
  if (body.quantity !== undefined && body.quantity !== 1)
    throw bad("quantity", body.quantity, "1 (one tenant per item)");
}

function missingLabels(item: CartItem): string[] {
  const given = new Set(item.configurations.map((c) => normalise(c.label)));
  return LABELS.filter((l) => l.required && !given.has(normalise(l.label))).map((l) => l.label);
}

/** The order preview (GET checkout) or the placed order (POST checkout, with orderId and url). */
function orderView(ctx: Ctx, cart: Cart, order: Order | null): OrderModel {
  const total = price(TENANT_PLAN.price * cart.items.length);
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
      description: `${TENANT_PLAN.productName} (${TENANT_PLAN.duration})`,
      detailType: "DURATION",
      domain: "*",
      originalTotalPrice: price(TENANT_PLAN.price),
      quantity: item.quantity,
      reductionTotalPrice: price(0),
      reductions: [],
      totalPrice: price(TENANT_PLAN.price),
      unitPrice: price(TENANT_PLAN.price),
    })),
    ...(order
      ? { orderId: order.orderId, url: `${ctx.env.origin()}/order/${order.orderId}?p=${order.password}` }
      : {}),
    prices: {
      originalWithoutTax: total,
      reduction: price(0),
      tax: price(0),
      withTax: total,
      withoutTax: total,
    },
  };
}

function checkout(ctx: Ctx, p: Record<string, string>) {
  const nic = callerOf(ctx).nic;
  const cart = writableCartOf(ctx, p.cartId);
  const body = parseBody(Checkout, ctx.rawBody);
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
  }
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
    details: cart.items.map((item) => ({
      orderDetailId: nextId(ctx.state, "orderDetail"),
      itemId: item.itemId,
      planCode: item.planCode,
      duration: item.duration,
      pricingMode: item.pricingMode,
      configurations: item.configurations.map(({ label, value }) => ({ label, value })),
      domain: "*",
    })),
  };
  ctx.state.orders[order.orderId] = order;
  cart.readOnly = true;
  cart.orderId = order.orderId;
  if (body.autoPayWithPreferredPaymentMethod && (ctx.state.accounts[nic]?.paymentMethods.length ?? 0) > 0) {
    markPaid(order, ctx.now);
  }
  return { body: orderView(ctx, cart, order) };
}

const CART = "/order/cart/:cartId";
const ITEM = `${CART}/item/:itemId`;

export const cartRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/order/cart",
    auth: "optional",
    handler: (ctx) => {
      const body = parseBody(CartCreation, ctx.rawBody);
      const cart: Cart = {
        cartId: newCartId(),
        nic: null,
        ovhSubsidiary: body.ovhSubsidiary,
        description: body.description ?? null,
        expire: body.expire ? Date.parse(body.expire) : ctx.now + DAY_MS,
        readOnly: false,
        items: [],
        orderId: null,
      };
      ctx.state.carts[cart.cartId] = cart;
      return { body: cartView(cart) };
    },
  },
  {
    method: "GET",
    pattern: "/order/cart",
    auth: "required",
    handler: (ctx) => {
      const nic = callerOf(ctx).nic;
      const description = ctx.query.get("description");
      const ids = Object.values(ctx.state.carts)
        .filter((c) => c.nic === nic && (description === null || c.description === description))
        .map((c) => c.cartId);
      return { body: ids };
    },
  },
  {
    method: "GET",
    pattern: CART,
    auth: "optional",
    handler: (ctx, p) => ({ body: cartView(cartOf(ctx, p.cartId)) }),
  },
  {
    method: "DELETE",
    pattern: CART,
    auth: "optional",
    handler: (ctx, p) => {
      delete ctx.state.carts[cartOf(ctx, p.cartId).cartId];
      return {};
    },
  },
  {
    method: "POST",
    pattern: `${CART}/assign`,
    auth: "required",
    handler: (ctx, p) => {
      const nic = callerOf(ctx).nic;
      const cart = cartOf(ctx, p.cartId);
      const account = ctx.state.accounts[nic];
      if (account && account.ovhSubsidiary !== cart.ovhSubsidiary) {
        throw errors.badRequest(
          `Cart ${cart.cartId} was created for subsidiary ${cart.ovhSubsidiary}, account ${nic} belongs to ${account.ovhSubsidiary}`,
          { fields: ["ovhSubsidiary"] },
        );
      }
      cart.nic = nic;
      return {};
    },
  },
  {
    method: "GET",
    pattern: `${CART}/csp2`,
    auth: "optional",
    handler: (ctx, p) => {
      cartOf(ctx, p.cartId);
      return { body: [productDefinition()] };
    },
  },
  {
    method: "POST",
    pattern: `${CART}/csp2`,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const body = parseBody(ItemCreation, ctx.rawBody);
      checkItem(body);
      const item: CartItem = { itemId: nextId(ctx.state, "cartItem"), ...body, configurations: [] };
      cart.items.push(item);
      return { body: itemView(cart, item) };
    },
  },
  {
    method: "GET",
    pattern: `${CART}/item`,
    auth: "optional",
    handler: (ctx, p) => ({ body: cartOf(ctx, p.cartId).items.map((i) => i.itemId) }),
  },
  {
    method: "GET",
    pattern: ITEM,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = cartOf(ctx, p.cartId);
      return { body: itemView(cart, itemOf(cart, p.itemId)) };
    },
  },
  {
    method: "PUT",
    pattern: ITEM,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const item = itemOf(cart, p.itemId);
      const body = parseBody(ItemUpdate, ctx.rawBody);
      checkItem(body);
      if (body.duration !== undefined) item.duration = body.duration;
      if (body.quantity !== undefined) item.quantity = body.quantity;
      return { body: itemView(cart, item) };
    },
  },
  {
    method: "DELETE",
    pattern: ITEM,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const item = itemOf(cart, p.itemId);
      cart.items = cart.items.filter((i) => i !== item);
      return {};
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/requiredConfiguration`,
    auth: "optional",
    handler: (ctx, p) => {
      itemOf(cartOf(ctx, p.cartId), p.itemId);
      return {
        body: LABELS.map(({ label, required }) => ({ fields: null, label, required, type: "string" })),
      };
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/configuration`,
    auth: "optional",
    handler: (ctx, p) => ({ body: itemOf(cartOf(ctx, p.cartId), p.itemId).configurations.map((c) => c.id) }),
  },
  {
    method: "POST",
    pattern: `${ITEM}/configuration`,
    auth: "optional",
    // Setting a label again replaces its value (the order keeps the latest).
    handler: (ctx, p) => {
      const item = itemOf(writableCartOf(ctx, p.cartId), p.itemId);
      const body = parseBody(ConfigurationCreation, ctx.rawBody);
      const known = LABELS.find((l) => normalise(l.label) === normalise(body.label));
      if (!known) {
        throw errors.badRequest(
          `Invalid parameter label "${body.label}": the CSP2 plan takes ${LABELS.map((l) => l.label).join(", ")}`,
          { fields: ["label"] },
        );
      }
      if (known.rule && !known.rule.test(body.value)) {
        throw errors.badRequest(`Invalid parameter value of label ${known.label}: expected ${known.hint}`, {
          fields: ["value"],
        });
      }
      const configuration = { id: nextId(ctx.state, "configuration"), label: body.label, value: body.value };
      item.configurations = item.configurations.filter((c) => normalise(c.label) !== normalise(body.label));
      item.configurations.push(configuration);
      return { body: configuration };
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/configuration/:configurationId`,
    auth: "optional",
    handler: (ctx, p) => {
      const item = itemOf(cartOf(ctx, p.cartId), p.itemId);
      const found = item.configurations.find((c) => c.id === pathId(p.configurationId));
      if (!found) throw errors.objectNotFound("configurationId", p.configurationId ?? "");
      return { body: found };
    },
  },
  {
    method: "DELETE",
    pattern: `${ITEM}/configuration/:configurationId`,
    auth: "optional",
    handler: (ctx, p) => {
      const item = itemOf(writableCartOf(ctx, p.cartId), p.itemId);
      const found = item.configurations.find((c) => c.id === pathId(p.configurationId));
      if (!found) throw errors.objectNotFound("configurationId", p.configurationId ?? "");
      item.configurations = item.configurations.filter((c) => c !== found);
      return {};
    },
  },
  {
    method: "GET",
    pattern: `${CART}/checkout`,
    auth: "required",
    handler: (ctx, p) => ({ body: orderView(ctx, cartOf(ctx, p.cartId), null) }),
  },
  { method: "POST", pattern: `${CART}/checkout`, auth: "required", handler: checkout },
];
