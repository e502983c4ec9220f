// What the cart routes share: finding a cart or item the caller may see, their API views, the CSP2
// plan, its licence options and the configuration labels it asks for.
import {
  type CatalogueLicence,
  LICENCES,
  licenceOfOption,
  optionPlanCode,
  TENANT_PLAN,
} from "../catalogue.js";
import { normalise } from "../core/labels.js";
import type { Cart, CartItem, State } from "../core/state.js";
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

/** A licence option item (attached to a tenant item), as opposed to a tenant item. */
export function isOption(item: CartItem): boolean {
  return item.parentItemId !== undefined && item.parentItemId !== null;
}

/** The licence options attached to a tenant item. */
export function optionsOf(cart: Cart, item: CartItem): CartItem[] {
  return cart.items.filter((i) => i.parentItemId === item.itemId);
}

/** Monthly price of one unit of an item: the tenant plan's, or the option's licence per seat. */
export function unitPriceOf(item: CartItem): number {
  return isOption(item) ? (licenceOfOption(item.planCode)?.monthlyPrice ?? 0) : TENANT_PLAN.price;
}

/** What a cart item is called on an order line. */
export function lineDescription(planCode: string, duration: string): string {
  const licence = licenceOfOption(planCode);
  return `${licence ? licence.name : TENANT_PLAN.productName} (${duration})`;
}

export function itemView(cart: Cart, item: CartItem) {
  const unit = unitPriceOf(item);
  return {
    cartId: cart.cartId,
    configurations: item.configurations.map((c) => c.id),
    duration: item.duration,
    itemId: item.itemId,
    offerId: null,
    options: optionsOf(cart, item).map((o) => o.itemId),
    parentItemId: item.parentItemId ?? null,
    prices: [
      { label: "PRICE", price: price(unit), promotions: null },
      { label: "RENEW", price: price(unit), promotions: null },
      { label: "TOTAL", price: price(unit * item.quantity), promotions: null },
    ],
    productId: "csp2",
    settings: { planCode: item.planCode, pricingMode: item.pricingMode, quantity: item.quantity },
  };
}

/** `order.cart.GenericProductPricing`: one monthly price per unit, as the emulator sells everything. */
function monthlyPricing(unit: number, description: string, maximumQuantity: number) {
  return {
    capacities: ["installation", "renew"],
    description,
    duration: TENANT_PLAN.duration,
    interval: 1,
    maximumQuantity,
    maximumRepeat: null,
    minimumQuantity: 1,
    minimumRepeat: 1,
    price: price(unit),
    priceInUcents: price(unit).priceInUcents,
    pricingMode: TENANT_PLAN.pricingMode,
    pricingType: "rental",
  };
}

export function productDefinition() {
  return {
    planCode: TENANT_PLAN.planCode,
    productName: TENANT_PLAN.productName,
    productType: "saas_license",
    prices: [
      monthlyPricing(TENANT_PLAN.price, "Monthly licence group (licences are billed per subscription)", 1),
    ],
  };
}

/** Families of the CSP2 plan's options: licences sold with a tenant, and add-ons (priced, not orderable here). */
export const LICENCE_FAMILY = "licence";
export const ADDON_FAMILY = "addon";

/**
 * `order.cart.GenericOptionDefinition[]` of the CSP2 plan: one option per catalogue licence, priced per
 * seat and month. The licence family is `mandatory` while the plan requires a licence option.
 */
export function optionDefinitions(state: State) {
  const required = state.tenantPlan?.requireLicenceOption === true;
  return LICENCES.map((licence) => {
    const family = licence.licenceType === "ADDON" ? ADDON_FAMILY : LICENCE_FAMILY;
    return {
      exclusive: false,
      family,
      mandatory: required && family === LICENCE_FAMILY,
      planCode: optionPlanCode(licence),
      prices: [monthlyPricing(licence.monthlyPrice, "Monthly price per seat", licence.limit)],
      productName: licence.name,
      productType: "saas_license",
    };
  });
}

/**
 * The licence a licence option may be ordered for, with a tenant item: the option must be offered, a
 * licence OVHcloud still sells, and not an add-on (add-ons are ordered on their parent subscription
 * once the tenant exists). Throws the refusal otherwise.
 */
export function orderableOption(planCode: string): CatalogueLicence {
  const licence = licenceOfOption(planCode);
  if (!licence) {
    throw errors.badRequest(
      `Invalid parameter planCode "${planCode}": not a licence option of the CSP2 plan ${TENANT_PLAN.planCode}`,
      { fields: ["planCode"] },
    );
  }
  if (licence.licenceType === "ADDON") {
    throw errors.badRequest(
      `Invalid parameter planCode "${planCode}": ${licence.name} is an add-on; it is ordered on its parent subscription once the tenant exists (POST /saas/csp2/{serviceName}/subscription/{id}/orderAddon)`,
      { fields: ["planCode"] },
    );
  }
  if (!licence.newSubscriptionsAllowed) {
    throw errors.refused(
      "NewSubscriptionsNotAllowed",
      `${licence.name} takes no new subscriptions: it cannot be ordered with a tenant`,
    );
  }
  return licence;
}

/** An option's seats: a whole number from 1 to the licence's limit. */
export function checkOptionQuantity(licence: CatalogueLicence, quantity: number): void {
  if (quantity < 1 || quantity > licence.limit) {
    throw errors.badRequest(
      `Invalid parameter quantity "${quantity}": ${licence.name} is sold in 1 to ${licence.limit} seats per tenant`,
      { fields: ["quantity"] },
    );
  }
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

/** Required labels a tenant item lacks (licence options have none). */
export function missingLabels(item: CartItem): string[] {
  if (isOption(item)) return [];
  const given = new Set(item.configurations.map((c) => normalise(c.label)));
  return LABELS.filter((l) => l.required && !given.has(normalise(l.label))).map((l) => l.label);
}
