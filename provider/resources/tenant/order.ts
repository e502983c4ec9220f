/*
 * Ordering a tenant exactly once, even when the inputs were edited between a cut-off run and its retry.
 *
 * A tenant is bought through an OVHcloud cart: create cart → assign → add the CSP2 plan → configure
 * (MPN ID, contact, sub-domain) → attach the licences to start with as the plan's options → decide
 * how it is paid → checkout (the order exists from here) → pay (the default payment method; a free
 * order on an account without one, from the fidelity account) → wait for delivery → the service name.
 * A run can be cut off between any two steps (crash, kill, timeout, lost answer), and the engine then
 * runs create again, maybe after the user edited the inputs. Every retry must land on the first
 * attempt's order, and no create may take another resource's. The rule:
 *
 * 1. Attempts. Each attempt is one cart, marked by its description (the one writable mark a cart
 *    carries). The key a front end passes is fixed for the life of the resource and has a scope:
 *    - "resource" (Pulumi: project/stack/resource name): `o365r:<key>` (`o365r:<key>#<subdomain>`
 *      with a sub-domain, so that a replacement for a new sub-domain gets its own cart).
 *    - "shared" (Terraform: a provider learns no identity of a resource before it exists, and private
 *      state and planned values die with a killed run): one key for every tenant of the account,
 *      `o365r:terraform:<created>:<fingerprint>`, where the fingerprint (fingerprint.ts) holds one
 *      16-bit hash per order-time value (MPN ID, display name, seven contact fields, sub-domain,
 *      licences). Resuming an open cart with edited inputs rewrites it first, so a checked-out cart's
 *      description always says what its order was placed with.
 *    No editable input is part of a key: only the sub-domain, which is fixed at order time.
 * 2. Done marks. A create that has its tenant marks the attempt finished before it returns: an empty
 *    cart `o365r:done:<cart ref>:<order>:<service name>:<when>:<fingerprint of the inputs>`. An
 *    unfinished attempt belongs to no recorded resource; a finished one is recorded by its engine,
 *    unless the engine was killed before it saved its state (OpenTofu saves at most every 20 s).
 * 3. The search (attempt-search.ts, attempts.ts). Resource scope: the carts with the key's description,
 *    all this resource's. Shared scope: every `o365r:terraform:` cart of the account from the last 30
 *    days, compared with the inputs: the same values, or at least 4 of the 8 customer values (display
 *    name, contact) unedited and the same sub-domain. Attempts this process already gave to another
 *    create (claims, per API client) are skipped, so two creates of one run never take the same one.
 *    - An unfinished attempt is taken up: the most alike (a tie is refused, AMBIGUOUS_ATTEMPTS).
 *      Shared scope: one that only resembles the inputs yields to a finished attempt with the very
 *      same values (below): that one is this resource's, while the unfinished one may be another's.
 *    - Else a finished one (done within 24 hours, its tenant still there and not set to end) is taken
 *      only if it finished with the same order-time values (an engine that lost the state); one that
 *      only resembles them is refused (ATTEMPT_UNCERTAIN): it is as likely another resource's tenant
 *      as this one's. Shared scope: one that only resembles and whose tenant an engine has shown in
 *      some resource's prior state (the front end's `held`) is no candidate: that resource holds it,
 *      so it is not this create's lost one. Only a prior state proves it (the engine persisted it); a
 *      create's own result never does, since losing exactly that is the case guarded here. One with
 *      the very same values is taken even when held (a state file lost whole): that buys nothing.
 *    - Else a new cart.
 * 4. Taking up an attempt: an open cart is resumed (its tenant item reused, the configuration sent
 *    again, the licence options reconciled with the declared licences, then checkout). A checked-out
 *    cart leads to its order: among the orders placed since the cart was made (resource scope: the last
 *    30 days), the one whose tenant line has the configuration the cart carried (shared scope: its
 *    description; resource scope: read back from the cart, or these inputs if OVHcloud refuses that
 *    read), not claimed by another create. Exactly one is resumed: paid if `notPaid`, waited for, its
 *    service name taken; none (ORDER_NOT_FOUND) or several (AMBIGUOUS_ORDERS) is a refusal naming
 *    adoptServiceName. A checkout whose answer is lost is looked up the same way in the same run.
 * 5. After taking up an order placed with other values, the create updates the tenant in place (a PUT
 *    of the changed fields, as an update would) and says so; the order's licences stay what it bought
 *    (`licenses` counts at order time only), with a warning when they differ from the declared ones.
 *
 * Limits: a retry whose inputs keep fewer than 4 of the 8 customer values (Terraform), or that comes
 * after OVHcloud expired the attempt's cart, orders anew; a finished create whose state the engine lost
 * and whose inputs were then edited is refused until its done mark is 24 hours old, and so is one
 * that resembles a tenant no engine has shown this machine in a state yet (a saved plan applied on
 * another machine, a targeted plan). Two runs on one account at the same moment do not share claims.
 */
import type { CartItem, OptionDefinition, ProductDefinition } from "../../ovh/models/index.js";
import type { OperationContext } from "../context.js";
import { nowOf, progress } from "../context.js";
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
import type {
  Account,
  Csp2Port,
  OrderPaymentChoice,
  OrderSummary,
  TenantOrderConfiguration,
} from "../port.js";
import type { Deadline } from "../timeouts.js";
import { carriedOf, claimsOf, findAttempt, releaseClaims } from "./attempt-search.js";
import { cartDescription, type KeyScope, ORDER_LOOKBACK_MS, sharedCartDescription } from "./attempts.js";
import {
  type Fingerprint,
  fingerprintOf,
  fingerprintOfLabels,
  type Likeness,
  likeness,
} from "./fingerprint.js";
import { matchLicences, orderPricing } from "./licences.js";
import type { TenantLicence } from "./schema.js";

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

export interface OrderedTenant {
  serviceName: string;
  orderId: number;
  /** The attempt's cart: claimed by this create until it finishes (kept) or fails (given back). */
  cartId: string;
  /** Its description, as the order was placed. */
  description: string;
  /** The fingerprint of the inputs this create runs with. */
  inputs: Fingerprint;
  /**
   * How the inputs compare with what an earlier attempt placed the order with; null when this run
   * sent the configuration itself (a new or resumed open cart).
   */
  placedWith: Likeness | null;
  /** Taken from an attempt that had finished (its done mark exists already). */
  finished: boolean;
}

export async function orderTenantOnce(
  ctx: OperationContext,
  args: {
    key: string;
    scope: KeyScope;
    account: Account;
    configuration: TenantOrderConfiguration;
    licences: readonly TenantLicence[];
    deadline: Deadline;
    /** Shared scope: tenants some resource's state is known to hold (attempts.ts, ChoiceOptions.held). */
    held?: (serviceName: string) => boolean;
  },
): Promise<OrderedTenant> {
  const { api } = ctx;
  const inputs = fingerprintOf(args.configuration, args.licences);
  const found = await findAttempt(ctx, {
    key: args.key,
    scope: args.scope,
    subdomain: args.configuration.subdomain,
    inputs,
    held: args.held,
  });
  const held: { cartId?: string; orderId?: number } = { cartId: found?.cart.cartId };
  try {
    if (found?.finished) {
      const done = found.attempt.done!;
      return {
        serviceName: done.serviceName,
        orderId: done.orderId,
        cartId: found.cart.cartId,
        description: found.cart.description,
        inputs,
        placedWith: likeness(inputs, done.fingerprint),
        finished: true,
      };
    }
    let orderId: number;
    let planCode: string | undefined;
    let payment: OrderPaymentChoice | undefined;
    let placedWith: Likeness | null = null;
    let cartId: string;
    let description = found?.cart.description ?? "";
    if (found?.cart.readOnly) {
      cartId = found.cart.cartId;
      progress(ctx, `Cart ${cartId} of this resource was already checked out; looking for its order.`);
      let carried = found.attempt.carried ?? (await carriedOf(ctx, found.cart));
      if (carried === null) {
        progress(
          ctx,
          `Cart ${cartId} cannot be read back; looking for an order with this resource's inputs.`,
        );
        carried = inputs;
      }
      ({ orderId, planCode } = await findOrderOfCart(ctx, {
        cartId,
        carried,
        created: found.attempt.created,
        key: args.key,
      }));
      held.orderId = orderId;
      placedWith = likeness(inputs, carried);
    } else {
      let cart = found?.cart;
      let created = found?.attempt.created ?? null;
      if (cart) {
        progress(ctx, `Resuming cart ${cart.cartId} of an earlier attempt (not checked out yet).`);
        if (args.scope === "shared" && created && found!.attempt.carried !== inputs) {
          // The description says what the cart carries: rewritten before the configuration is.
          description = sharedCartDescription(args.key, created, inputs);
          await api.updateCart(cart.cartId, { description });
        }
      } else {
        created = args.scope === "shared" ? nowOf(ctx) : null;
        description = created
          ? sharedCartDescription(args.key, created, inputs)
          : cartDescription(args.key, args.configuration.subdomain);
        cart = await api.createCart({ description, subsidiary: args.account.subsidiary });
        held.cartId = cart.cartId;
        claimsOf(api).carts.add(cart.cartId);
        await api.assignCart(cart.cartId);
        progress(ctx, `Cart ${cart.cartId} created.`);
      }
      cartId = cart.cartId;
      let item = await tenantItemOf(ctx, cartId, cart.items);
      let plan: ProductDefinition | undefined;
      if (!item) {
        plan = (await api.offeredPlans(cartId))[0];
        if (!plan) throw noTenantPlan();
        item = await api.addTenantItem(cartId, plan);
      }
      planCode = item.settings.planCode ?? plan?.planCode;
      if (planCode === undefined) {
        plan = (await api.offeredPlans(cartId))[0];
        if (!plan) throw noTenantPlan();
        planCode = plan.planCode;
      }
      await api.configureTenantItem(cartId, item.itemId, args.configuration);
      await attachLicenceOptions(ctx, cartId, item, planCode, args.licences);
      payment = await paymentOf(ctx, cartId);
      try {
        const order = await api.checkout(cartId);
        if (typeof order.orderId !== "number") throw new Error("the checkout answer carries no order id");
        orderId = order.orderId;
        claimsOf(api).orders.add(orderId);
      } catch (error) {
        if (!mayHaveApplied(error)) throw apiFields(error) ? checkoutRefused(cartId, error) : error;
        progress(ctx, `The checkout of cart ${cartId} got no clear answer; looking for its order.`);
        if (!(await api.getCart(cartId)).readOnly) throw error;
        orderId = (
          await findOrderOfCart(ctx, {
            cartId,
            carried: inputs,
            created,
            key: args.key,
          })
        ).orderId;
      }
      held.orderId = orderId;
      progress(ctx, `Order ${orderId} placed.`);
    }

    const serviceName = await deliveredTenant(ctx, { orderId, planCode, payment, deadline: args.deadline });
    return { serviceName, orderId, cartId, description, inputs, placedWith, finished: false };
  } catch (error) {
    releaseClaims(api, held);
    throw error;
  }
}

/** Pays the order if it is not paid, waits for its delivery, and names its tenant. */
async function deliveredTenant(
  ctx: OperationContext,
  args: {
    orderId: number;
    planCode: string | undefined;
    payment: OrderPaymentChoice | undefined;
    deadline: Deadline;
  },
): Promise<string> {
  const { api } = ctx;
  const { orderId } = args;
  const status = await api.orderStatus(orderId);
  if (status === "notPaid") {
    const paid = await api.payOrder(orderId, args.payment);
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
  const serviceName = await api.serviceNameFromOrder(orderId, { planCode: args.planCode });
  progress(ctx, `Order ${orderId} delivered: tenant ${serviceName}.`);
  return serviceName;
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

/** Order summaries per client: what an order was placed with never changes. */
const summaries = new WeakMap<Csp2Port, Map<number, Promise<OrderSummary>>>();

function summaryOf(ctx: OperationContext, orderId: number): Promise<OrderSummary> {
  let known = summaries.get(ctx.api);
  if (!known) {
    known = new Map();
    summaries.set(ctx.api, known);
  }
  let summary = known.get(orderId);
  if (!summary) {
    summary = ctx.api.orderSummary(orderId);
    const cache = known;
    summary.catch(() => cache.delete(orderId));
    known.set(orderId, summary);
  }
  return summary;
}

/**
 * The order a checked-out cart placed: among the orders since the cart was made, the one whose tenant
 * line carries the cart's configuration, and that no other create of this process took.
 */
async function findOrderOfCart(
  ctx: OperationContext,
  args: { cartId: string; carried: Fingerprint; created: Date | null; key: string },
): Promise<{ orderId: number; planCode?: string | undefined }> {
  const now = nowOf(ctx);
  const from = args.created
    ? new Date(args.created.getTime() - 86_400_000)
    : new Date(now.getTime() - ORDER_LOOKBACK_MS);
  const ids = await ctx.api.listOrders({ from, to: new Date(now.getTime() + 86_400_000) });
  const claimed = claimsOf(ctx.api).orders;
  const matches: { orderId: number; planCode?: string | undefined }[] = [];
  for (const id of [...ids].sort((a, b) => b - a)) {
    if (claimed.has(id)) continue;
    const line = tenantLineOf(await summaryOf(ctx, id), args.carried);
    if (line) matches.push({ orderId: id, planCode: line.planCode });
  }
  if (matches.length === 0) throw checkedOutOrderNotFound({ key: args.key, cartId: args.cartId });
  if (matches.length > 1) throw ambiguousOrders({ key: args.key, orderIds: matches.map((m) => m.orderId) });
  claimed.add(matches[0]!.orderId);
  return matches[0]!;
}

/**
 * An order is the cart's when one of its lines carries the configuration the cart carried: every
 * order-time value the same. Licence option lines carry no configuration and are never the tenant's.
 */
export function orderMatches(summary: OrderSummary, carried: Fingerprint): boolean {
  return tenantLineOf(summary, carried) !== undefined;
}

function tenantLineOf(
  summary: OrderSummary,
  carried: Fingerprint,
): OrderSummary["details"][number] | undefined {
  return summary.details.find(
    (d) =>
      d.configurations.length > 0 &&
      likeness(fingerprintOfLabels(d.configurations), carried).sameConfiguration,
  );
}
