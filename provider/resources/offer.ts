// What OVHcloud sells with a new tenant, read from a throwaway cart: the CSP2 plan and its licence
// options with their prices. Plans use it to check declared licences before anything is ordered, and
// price lookups use the options' prices.
//
// The cart routes that describe an offer need a cart but no order: one cart is created (described as a
// throwaway, expiring within the hour), read and deleted, never assigned nor checked out. It is done at
// most once per API client (so once per account and process, or per `o365r` run), and costs 4 calls:
// `POST /order/cart`, `GET …/csp2`, `GET …/csp2/options?planCode=`, `DELETE /order/cart/{cartId}`
// (plus `GET /me` when the account is not known yet).
import type { OptionDefinition } from "../ovh/models/index.js";
import { currentAccount, nowOf, type OperationContext } from "./context.js";
import { isNotFound } from "./errors.js";
import type { Csp2Port } from "./port.js";

/** The description of the discovery cart: never an `o365r:<key>` one, so no create ever resumes it. */
export const OFFER_CART_DESCRIPTION = "o365r offer discovery: throwaway cart, never checked out";

export interface Offer {
  /** The CSP2 plan a tenant is ordered with; null when the cart offers none. */
  planCode: string | null;
  /** Its licence options; null when OVHcloud offers none for it (404). */
  options: OptionDefinition[] | null;
  /** Whether the throwaway cart was deleted (it expires by itself within the hour otherwise). */
  cartDeleted: boolean;
}

const offers = new WeakMap<Csp2Port, Promise<Offer>>();

/** The offer, read once per API client; a failed read is not kept, so the next caller tries again. */
export function discoverOffer(ctx: OperationContext): Promise<Offer> {
  let offer = offers.get(ctx.api);
  if (!offer) {
    offer = readOffer(ctx);
    offers.set(ctx.api, offer);
    offer.catch(() => offers.delete(ctx.api));
  }
  return offer;
}

async function readOffer(ctx: OperationContext): Promise<Offer> {
  const { api } = ctx;
  const account = await currentAccount(ctx);
  const cart = await api.createCart({
    description: OFFER_CART_DESCRIPTION,
    subsidiary: account.subsidiary,
    expire: new Date(nowOf(ctx).getTime() + 3_600_000).toISOString(),
  });
  const offer: Offer = { planCode: null, options: null, cartDeleted: false };
  try {
    const plan = (await api.offeredPlans(cart.cartId))[0];
    if (plan) {
      offer.planCode = plan.planCode;
      try {
        offer.options = await api.offeredOptions(cart.cartId, plan.planCode);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  } finally {
    try {
      await api.deleteCart(cart.cartId);
      offer.cartDeleted = true;
    } catch {
      // It expires within the hour; it holds nothing and can never be checked out by us.
    }
  }
  return offer;
}
