/*
 * Ordering a tenant exactly once.
 *
 * A tenant is bought through an OVHcloud cart: create cart → assign → add the CSP2 plan → configure
 * (MPN ID, contact, sub-domain) → attach the licences to start with as the plan's options → decide
 * how it is paid → checkout (the order exists from here) → pay (the default payment method; a free
 * order on an account without one, from the fidelity account) → wait for delivery → the service name.
 * A run can be cut off between any two steps (crash, timeout, lost answer), and the engine then runs
 * create again. The design makes every retry land on the first attempt's order:
 *
 * 1. The front end passes an idempotency key that is the same on every retry of the same resource
 *    (Pulumi: project/stack/resource name; Terraform: derived from the inputs). The cart gets the
 *    description `o365r:<key>` (`o365r:<key>#<subdomain>` with a sub-domain, so that a replacement
 *    for a new sub-domain gets its own cart): the only writable, searchable mark a cart carries.
 * 2. Every run starts by looking for carts with that description (`GET /order/cart?description=`):
 *    - a read-only cart means a checkout happened: the order exists. It is found among the recent
 *      orders of `/me/order` (last 30 days) whose CSP2 plan detail carries our configuration (MPN ID,
 *      display name, e-mail and the other contact fields, compared normalised). Exactly one match is
 *      resumed: paid if `notPaid`, waited for until delivered, its service name taken. No match, or more
 *      than one, is a refusal naming what to do (adoptServiceName): never a second order.
 *    - an open cart means no order yet: it is resumed (its tenant item reused, configured again, its
 *      licence options reconciled with the declared licences: kept, re-counted, added or removed;
 *      then checked out).
 *    - no cart: a new one is created with the description.
 * 3. A checkout whose answer is lost is treated like a read-only cart: the cart is read again, and the
 *    order found through the history.
 *
 * An order is recognised by its tenant line's configuration only, never by its licences: a retry whose
 * licences were edited in between still lands on the first order (the tenant gets what that order
 * bought; `licenses` counts at order time only).
 *
 * So a run cut off before checkout resumes the open cart; after checkout or after payment finds the
 * order and goes on (paying only if `notPaid`); before delivery waits for the same order. Limits: a
 * cart that expired at OVHcloud before the retry (days later) leaves nothing to find by description,
 * and a retry then orders anew; the wait's timeout error names the order so a reseller can adopt its
 * tenant with adoptServiceName instead.
 */
import type { CartItem, OptionDefinition, ProductDefinition } from "../../ovh/models/index.js";
import type { OperationContext } from "../context.js";
import { progress } from "../context.js";
import {
  ambiguousOrders,
  apiFailure,
  apiFields,
  checkedOutOrderNotFound,
  checkoutRefused,
  isNotFound,
  isOperationRefusal,
  isWaitTimeout,
  licencesRefused,
  mayHaveApplied,
  noOptionPrice,
  noPaymentMethod,
  noTenantPlan,
  orderFailed,
  timedOut,
} from "../errors.js";
import type { Account, OrderPaymentChoice, OrderSummary, TenantOrderConfiguration } from "../port.js";
import type { Deadline } from "../timeouts.js";
import * as rules from "../validate.js";
import { matchLicences, orderPricing } from "./licences.js";
import type { TenantLicence } from "./schema.js";

export const CART_DESCRIPTION_PREFIX = "o365r:";
/** How far back the order history is searched for the order of a checked-out cart. */
export const ORDER_LOOKBACK_MS = 30 * 86_400_000;

/**
 * Order statuses that will not become a delivery by waiting. Any other status but `notPaid` and
 * `delivered` is waited on, a status OVHcloud added after its published list included: waiting never
 * pays or orders anything, and the wait's timeout names the order.
 */
const ORDER_STOPPED: ReadonlySet<string> = new Set([
  "cancelled",
  "cancelling",
  "documentsRequested",
  "unknown",
]);

/**
 * The cart description for a resource's key. The sub-domain is part of it because a new sub-domain is
 * the one change that orders a replacement tenant (allowReplacement): the replacement must not find
 * the original's checked-out cart under the same key. Any other input edited between a cut-off run and
 * its retry keeps the description, so the retry still finds the first order (and refuses if the edit
 * makes it unrecognisable, rather than ordering again).
 */
export function cartDescription(idempotencyKey: string, subdomain?: string | null): string {
  const full = subdomain ? `${idempotencyKey}#${subdomain}` : idempotencyKey;
  // OVHcloud keeps descriptions short; long keys are hashed (FNV-1a 64, hex) to a stable token.
  const key = full.length <= 100 ? full : fnv1a64(full);
  return `${CART_DESCRIPTION_PREFIX}${key}`;
}

export interface OrderedTenant {
  serviceName: string;
  orderId: number;
}

export async function orderTenantOnce(
  ctx: OperationContext,
  args: {
    key: string;
    account: Account;
    configuration: TenantOrderConfiguration;
    licences: readonly TenantLicence[];
    deadline: Deadline;
  },
): Promise<OrderedTenant> {
  const { api } = ctx;
  const description = cartDescription(args.key, args.configuration.subdomain);
  const carts = await api.findCarts({ description });
  const checkedOut = carts.find((c) => c.readOnly);
  let orderId: number;
  let planCode: string | undefined;
  let payment: OrderPaymentChoice | undefined;
  if (checkedOut) {
    progress(
      ctx,
      `Cart ${checkedOut.cartId} of this resource was already checked out; looking for its order.`,
    );
    ({ orderId, planCode } = await findOrderOfCart(ctx, checkedOut.cartId, args.key, args.configuration));
  } else {
    let cart = carts.find((c) => !c.readOnly);
    if (cart) {
      progress(ctx, `Resuming cart ${cart.cartId} of an earlier attempt (not checked out yet).`);
    } else {
      cart = await api.createCart({ description, subsidiary: args.account.subsidiary });
      await api.assignCart(cart.cartId);
      progress(ctx, `Cart ${cart.cartId} created.`);
    }
    let item = await tenantItemOf(ctx, cart.cartId, cart.items);
    let plan: ProductDefinition | undefined;
    if (!item) {
      plan = (await api.offeredPlans(cart.cartId))[0];
      if (!plan) throw noTenantPlan();
      item = await api.addTenantItem(cart.cartId, plan);
    }
    planCode = item.settings.planCode ?? plan?.planCode;
    if (planCode === undefined) {
      plan = (await api.offeredPlans(cart.cartId))[0];
      if (!plan) throw noTenantPlan();
      planCode = plan.planCode;
    }
    await api.configureTenantItem(cart.cartId, item.itemId, args.configuration);
    await attachLicenceOptions(ctx, cart.cartId, item, planCode, args.licences);
    payment = await paymentOf(ctx, cart.cartId);
    try {
      const order = await api.checkout(cart.cartId);
      if (typeof order.orderId !== "number") throw new Error("the checkout answer carries no order id");
      orderId = order.orderId;
    } catch (error) {
      if (!mayHaveApplied(error)) throw apiFields(error) ? checkoutRefused(cart.cartId, error) : error;
      progress(ctx, `The checkout of cart ${cart.cartId} got no clear answer; looking for its order.`);
      const again = (await api.findCarts({ description })).find((c) => c.cartId === cart.cartId);
      if (!again?.readOnly) throw error;
      orderId = (await findOrderOfCart(ctx, cart.cartId, args.key, args.configuration)).orderId;
    }
    progress(ctx, `Order ${orderId} placed.`);
  }

  const status = await api.orderStatus(orderId);
  if (status === "notPaid") {
    const paid = await api.payOrder(orderId, payment);
    progress(
      ctx,
      paid.method === "fidelityAccount"
        ? `Order ${orderId} paid from the fidelity account (a free order; the account has no default payment method).`
        : `Order ${orderId} paid with the account's default payment method.`,
    );
  } else if (ORDER_STOPPED.has(status)) {
    throw orderFailed({ orderId, status });
  }
  if (status !== "delivered") {
    try {
      await api.waitForOrderDelivered(orderId, {
        timeoutMs: args.deadline.remainingMs(),
        onProgress: (m) => progress(ctx, m),
        signal: ctx.signal,
      });
    } catch (error) {
      if (isWaitTimeout(error)) {
        throw timedOut(
          {
            what: `Delivery of order ${orderId}`,
            timeoutMs: args.deadline.totalMs,
            setting: "timeouts.create",
          },
          error,
        );
      }
      throw error;
    }
  }
  const serviceName = await api.serviceNameFromOrder(orderId, { planCode });
  progress(ctx, `Order ${orderId} delivered: tenant ${serviceName}.`);
  return { serviceName, orderId };
}

/** How the order will be paid, decided before checkout so that no unpayable order is placed. */
async function paymentOf(ctx: OperationContext, cartId: string): Promise<OrderPaymentChoice> {
  try {
    return await ctx.api.choosePayment(cartId);
  } catch (error) {
    if (apiFields(error)) throw apiFailure(`Checking how the order of cart ${cartId} would be paid`, error);
    if (isOperationRefusal(error)) throw noPaymentMethod(error.message);
    throw error;
  }
}

/**
 * The tenant item of a resumed cart. Its items are the tenant item and its licence options (each
 * option is an item of its own, `parentItemId` set): the first without a parent. Undefined for an
 * empty cart (nothing to read).
 */
async function tenantItemOf(
  ctx: OperationContext,
  cartId: string,
  itemIds: readonly number[],
): Promise<CartItem | undefined> {
  for (const id of [...itemIds].sort((a, b) => a - b)) {
    const item = await ctx.api.getCartItem(cartId, id);
    if (item.parentItemId === null || item.parentItemId === undefined) return item;
  }
  return undefined;
}

/**
 * Makes the tenant item carry exactly the declared licences as options, before checkout: reads what
 * the cart offers, matches each licence to an option (refusing, with nothing ordered, when one has
 * none or a mandatory option family is left out), then keeps the options an earlier attempt already
 * attached (changing their seats if needed), attaches the missing ones and removes the others.
 */
async function attachLicenceOptions(
  ctx: OperationContext,
  cartId: string,
  item: CartItem,
  planCode: string,
  licences: readonly TenantLicence[],
): Promise<void> {
  const { api } = ctx;
  let options: OptionDefinition[] | null;
  try {
    options = await api.offeredOptions(cartId, planCode);
  } catch (error) {
    if (!isNotFound(error)) throw apiFailure(`Reading the licence options of plan ${planCode}`, error);
    options = null;
  }
  const { matches, refusals } = matchLicences(licences, { planCode, options });
  if (refusals.length > 0) throw licencesRefused(refusals);
  const attached = await Promise.all(item.options.map((id) => api.getCartItem(cartId, id)));
  const kept = new Set<number>();
  for (const { licence, option } of matches) {
    const existing = attached.find((a) => a.settings.planCode === option.planCode && !kept.has(a.itemId));
    if (existing) {
      kept.add(existing.itemId);
      if (existing.settings.quantity !== licence.quantity) {
        await api.updateCartItem(cartId, existing.itemId, { quantity: licence.quantity });
      }
      continue;
    }
    const pricing = orderPricing(option.prices);
    if (!pricing) throw noOptionPrice(option.productName);
    await api.addOption(cartId, {
      itemId: item.itemId,
      planCode: option.planCode,
      ...pricing,
      quantity: licence.quantity,
    });
  }
  for (const stale of attached.filter((a) => !kept.has(a.itemId))) {
    await api.deleteCartItem(cartId, stale.itemId);
  }
  if (matches.length > 0) {
    progress(
      ctx,
      `Cart ${cartId}: the tenant comes with ${matches.map((m) => `${m.licence.quantity} × ${m.option.productName}`).join(", ")}.`,
    );
  }
}

async function findOrderOfCart(
  ctx: OperationContext,
  cartId: string,
  key: string,
  configuration: TenantOrderConfiguration,
): Promise<{ orderId: number; planCode?: string | undefined }> {
  const now = ctx.now ? ctx.now() : new Date();
  const ids = await ctx.api.listOrders({
    from: new Date(now.getTime() - ORDER_LOOKBACK_MS),
    to: new Date(now.getTime() + 86_400_000),
  });
  const matches: { orderId: number; planCode?: string | undefined }[] = [];
  for (const id of [...ids].sort((a, b) => b - a)) {
    const summary = await ctx.api.orderSummary(id);
    const line = tenantLineOf(summary, configuration);
    if (line) matches.push({ orderId: id, planCode: line.planCode });
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw checkedOutOrderNotFound({ key, cartId });
  throw ambiguousOrders({ key, orderIds: matches.map((m) => m.orderId) });
}

const labelKey = (label: string) => label.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The configuration values as the order detail stores them, keyed by normalised label. */
export function configurationValues(c: TenantOrderConfiguration): Record<string, string> {
  const v: Record<string, string> = {
    mpnid: c.mpnId,
    displayname: c.displayName,
    firstname: c.contact.firstName,
    lastname: c.contact.lastName,
    email: c.contact.email,
    phone: c.contact.phone,
    address: c.contact.address,
    city: c.contact.city,
    zipcode: c.contact.zipCode,
  };
  if (c.subdomain) v.subdomain = c.subdomain;
  return v;
}

const normalisers: Record<string, rules.Rule<string>> = {
  email: rules.email,
  phone: rules.phone,
  mpnid: rules.mpnId,
  subdomain: rules.subdomain,
  zipcode: rules.zipCode,
};

function norm(key: string, value: string): string {
  const rule = normalisers[key];
  const r = rule ? rule(value) : undefined;
  return (r?.ok ? r.value : value).trim().toLowerCase();
}

/**
 * An order is ours when one of its details carries our MPN ID, display name and e-mail, and every other
 * configuration value both sides have agrees. Its licence option lines carry no configuration and are
 * never the tenant's line.
 */
export function orderMatches(summary: OrderSummary, configuration: TenantOrderConfiguration): boolean {
  return tenantLineOf(summary, configuration) !== undefined;
}

function tenantLineOf(
  summary: OrderSummary,
  configuration: TenantOrderConfiguration,
): OrderSummary["details"][number] | undefined {
  const ours = configurationValues(configuration);
  return summary.details.find((d) => {
    const theirs: Record<string, string> = {};
    for (const { label, value } of d.configurations) theirs[labelKey(label)] = value;
    for (const must of ["mpnid", "displayname", "email"]) {
      if (theirs[must] === undefined) return false;
    }
    for (const [k, v] of Object.entries(ours)) {
      if (theirs[k] !== undefined && norm(k, theirs[k]) !== norm(k, v)) return false;
    }
    if ((theirs.subdomain ?? "") !== "" && ours.subdomain === undefined) return false;
    return true;
  });
}

function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}
