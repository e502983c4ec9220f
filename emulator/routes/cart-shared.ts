// What the cart routes share: finding a cart or item the caller may see, their API views, the CSP2
// plan and the configuration labels it asks for.
import { TENANT_PLAN } from "../catalogue.js";
import { normalise } from "../core/labels.js";
import type { Cart, CartItem } from "../core/state.js";
import { isoDateTime } from "../core/time.js";
import { pathId } from "../http/body.js";
import type { Ctx } from "../http/context.js";
import { errors } from "../http/errors.js";
import { price } from "./price.js";

export const CART = "/order/cart/:cartId";
export const ITEM = `${CART}/item/:itemId`;

/** Labels the CSP2 plan asks for, with the rule each value must follow. */
export const LABELS: { label: string; required: boolean; rule?: RegExp; hint?: string }[] = [
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

export function cartOf(ctx: Ctx, id: string | undefined): Cart {
  const cart = id === undefined ? undefined : ctx.state.carts[id];
  if (!cart || (cart.nic !== null && cart.nic !== ctx.caller?.nic))
    throw errors.objectNotFound("cartId", id ?? "");
  return cart;
}

export function writableCartOf(ctx: Ctx, id: string | undefined): Cart {
  const cart = cartOf(ctx, id);
  if (cart.readOnly) throw errors.forbidden(`Cart ${cart.cartId} has been checked out and is read-only`);
  return cart;
}

export function itemOf(cart: Cart, id: string | undefined): CartItem {
  const item = cart.items.find((i) => i.itemId === pathId(id));
  if (!item) throw errors.objectNotFound("itemId", id ?? "");
  return item;
}

export function cartView(cart: Cart) {
  return {
    cartId: cart.cartId,
    // A state written before carts always had one may hold null; Cart.description is never null.
    description: cart.description ?? "",
    expire: isoDateTime(cart.expire),
    items: cart.items.map((i) => i.itemId),
    readOnly: cart.readOnly,
  };
}

export function itemView(cart: Cart, item: CartItem) {
  return {
    cartId: cart.cartId,
    configurations: item.configurations.map((c) => c.id),
    duration: item.duration,
    itemId: item.itemId,
    offerId: null,
    options: [],
    parentItemId: null,
    prices: [
      { label: "PRICE", price: price(TENANT_PLAN.price), promotions: null },
      { label: "RENEW", price: price(TENANT_PLAN.price), promotions: null },
      { label: "TOTAL", price: price(TENANT_PLAN.price * item.quantity), promotions: null },
    ],
    productId: "csp2",
    settings: { planCode: item.planCode, pricingMode: item.pricingMode, quantity: item.quantity },
  };
}

export function productDefinition() {
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

export function checkItem(body: {
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

export function missingLabels(item: CartItem): string[] {
  const given = new Set(item.configurations.map((c) => normalise(c.label)));
  return LABELS.filter((l) => l.required && !given.has(normalise(l.label))).map((l) => l.label);
}
