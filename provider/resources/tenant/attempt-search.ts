// Finding the earlier attempt a tenant create takes up, from what OVHcloud keeps (the account's carts,
// their descriptions, done marks, tenants) and what this process knows (the attempts it already gave
// to a create: its claims). The rule itself is pure (attempts.ts); this module reads and claims.
import type { Cart } from "../../ovh/models/index.js";
import { nowOf, type OperationContext, progress } from "../context.js";
import { ambiguousAttempts, apiFailure, apiFields, attemptUncertain, isNotFound } from "../errors.js";
import { basePort, type Csp2Port } from "../port.js";
import {
  type Attempt,
  attemptRef,
  type Choice,
  type ChoiceOptions,
  cartDescription,
  chooseFinished,
  chooseUnfinished,
  DONE_WINDOW_MS,
  doneMarkDescription,
  doneMarksOf,
  finishedCandidates,
  type KeyScope,
  parseDoneMark,
  parseSharedDescription,
  type Scored,
} from "./attempts.js";
import { type Fingerprint, fingerprintOfLabels } from "./fingerprint.js";

// ---- claims: what this process gave to which create ------------------------------------------------

interface Claims {
  carts: Set<string>;
  orders: Set<number>;
}

/**
 * Claims live per API client: one per provider configuration in Terraform, one per credential set in
 * Pulumi, so every create of one run against one account sees the others'. A create that fails gives
 * its claim back (the attempt is unfinished again); one that succeeds keeps it.
 */
const claimsByApi = new WeakMap<Csp2Port, Claims>();

export function claimsOf(api: Csp2Port): Claims {
  let c = claimsByApi.get(basePort(api));
  if (!c) {
    c = { carts: new Set(), orders: new Set() };
    claimsByApi.set(basePort(api), c);
  }
  return c;
}

export function releaseClaims(api: Csp2Port, held: { cartId?: string; orderId?: number }): void {
  const c = claimsOf(api);
  if (held.cartId !== undefined) c.carts.delete(held.cartId);
  if (held.orderId !== undefined) c.orders.delete(held.orderId);
}

// ---- reading carts ---------------------------------------------------------------------------------

/** Carts that never change once read (checked out, or done marks), per client. */
const settledCarts = new WeakMap<Csp2Port, Map<string, Cart>>();

function settledOf(api: Csp2Port): Map<string, Cart> {
  let settled = settledCarts.get(basePort(api));
  if (!settled) {
    settled = new Map();
    settledCarts.set(basePort(api), settled);
  }
  return settled;
}

/** Every cart of the account: one listing, then each cart not already known to be settled. */
async function allCarts(ctx: OperationContext): Promise<Cart[]> {
  const known = settledOf(ctx.api);
  const ids = await ctx.api.listCartIds();
  const carts: Cart[] = [];
  for (const id of ids) {
    const cached = known.get(id);
    if (cached) {
      carts.push(cached);
      continue;
    }
    try {
      const cart = await ctx.api.getCart(id);
      if (cart.readOnly || parseDoneMark(cart.description)) known.set(id, cart);
      carts.push(cart);
    } catch (error) {
      // Deleted or expired between the listing and the read: nothing to take up.
      if (!isNotFound(error)) throw apiFailure("Reading the account's carts", error);
    }
  }
  return carts;
}

// ---- the search ------------------------------------------------------------------------------------

export interface AttemptSearch {
  key: string;
  scope: KeyScope;
  subdomain?: string | null | undefined;
  /** The fingerprint of this resource's inputs. */
  inputs: Fingerprint;
  /** Shared scope: tenants some resource's state is known to hold (ChoiceOptions.held). */
  held?: (serviceName: string) => boolean;
}

export interface FoundAttempt extends Scored {
  cart: Cart;
  /** The attempt finished once (a done mark): its tenant is taken as it is. */
  finished: boolean;
}

/**
 * The attempt this create takes up, claimed for it; null when there is none (order anew). Refuses
 * (AMBIGUOUS_ATTEMPTS, ATTEMPT_UNCERTAIN) rather than guess between attempts that could be another
 * resource's. Costs: resource scope, one filtered listing (plus, when it finds carts, every cart of the
 * account once per process, for the done marks); shared scope, every cart once per process and the
 * open ones again on each search.
 */
export async function findAttempt(ctx: OperationContext, s: AttemptSearch): Promise<FoundAttempt | null> {
  let own: Cart[];
  let all: Cart[];
  if (s.scope === "resource") {
    own = await ctx.api.findCarts({ description: cartDescription(s.key, s.subdomain) });
    if (own.length === 0) return null;
    all = await allCarts(ctx);
  } else {
    all = await allCarts(ctx);
    own = all.filter((c) => parseSharedDescription(s.key, c.description) !== undefined);
  }
  const marks = doneMarksOf(all.map((c) => c.description));
  const attempts = own.map((cart): Attempt => {
    const shared = s.scope === "shared" ? parseSharedDescription(s.key, cart.description) : undefined;
    return {
      cartId: cart.cartId,
      readOnly: cart.readOnly,
      created: shared?.created ?? null,
      carried: shared?.fingerprint ?? null,
      done: marks.get(attemptRef(cart.cartId)) ?? null,
    };
  });
  const claims = claimsOf(ctx.api);
  const now = nowOf(ctx);
  const options: ChoiceOptions = {
    scope: s.scope,
    inputs: s.inputs,
    now,
    claimed: (cartId) => claims.carts.has(cartId),
    held: s.held,
  };
  const cartOf = (a: Attempt) => own.find((c) => c.cartId === a.cartId)!;

  const unfinished = chooseUnfinished(attempts, options);
  if (unfinished && (s.scope === "resource" || carriesTheseValues(unfinished))) {
    return settle(ctx, unfinished, cartOf, claims, s.scope, now);
  }

  // Finished attempts count only while their tenant is there and not set to end (a deleted resource).
  const alive: Scored[] = [];
  for (const candidate of finishedCandidates(attempts, options)) {
    if (await tenantLives(ctx, candidate.attempt.done!.serviceName)) alive.push(candidate);
  }
  // Another create of this process may have claimed one meanwhile: decide again, synchronously.
  const finished = chooseFinished(alive.filter((c) => !claims.carts.has(c.attempt.cartId)));
  // Shared scope: a finished attempt with these very values comes before an unfinished one that only
  // resembles them. That one is as likely another resource's (alike but for a name) as this one's
  // edited retry, while the finished one is this resource's, its state lost: taking the other would
  // order these values a second time and leave its own resource nothing to take up.
  if (finished?.kind === "finished") return settle(ctx, finished, cartOf, claims, s.scope, now);
  const again = chooseUnfinished(attempts, options);
  if (again) return settle(ctx, again, cartOf, claims, s.scope, now);
  return finished ? settle(ctx, finished, cartOf, claims, s.scope, now) : null;
}

/** Whether the unfinished attempt chosen carries every order-time value of this resource's inputs. */
function carriesTheseValues(choice: Choice): boolean {
  const top =
    choice.kind === "ambiguous" || choice.kind === "uncertain" ? choice.candidates[0] : choice.chosen;
  return top?.likeness?.sameConfiguration === true;
}

function settle(
  ctx: OperationContext,
  choice: Choice,
  cartOf: (a: Attempt) => Cart,
  claims: Claims,
  scope: KeyScope,
  now: Date,
): FoundAttempt {
  if (choice.kind === "ambiguous") {
    throw ambiguousAttempts({
      candidates: choice.candidates.map(describe),
      finished: choice.candidates.every((c) => c.attempt.done),
    });
  }
  if (choice.kind === "uncertain") {
    const latest = Math.max(...choice.candidates.map((c) => c.attempt.done!.at.getTime()));
    throw attemptUncertain({
      candidates: choice.candidates.map(describe),
      scope,
      until: new Date(Math.max(latest + DONE_WINDOW_MS, now.getTime())).toISOString(),
    });
  }
  const { attempt } = choice.chosen;
  claims.carts.add(attempt.cartId);
  if (choice.kind === "finished") {
    progress(
      ctx,
      `Order ${attempt.done!.orderId} (tenant ${attempt.done!.serviceName}) was placed by an earlier create with these inputs that finished; it is taken for this resource.`,
    );
  }
  return { ...choice.chosen, cart: cartOf(attempt), finished: choice.kind === "finished" };
}

function describe(s: Scored): string {
  const a = s.attempt;
  const what = a.done
    ? `tenant ${a.done.serviceName} (order ${a.done.orderId}, finished ${a.done.at.toISOString()})`
    : `cart ${a.cartId} (${a.readOnly ? "checked out, its tenant not yet taken by any create" : "not checked out"}${a.created ? `, started ${a.created.toISOString()}` : ""})`;
  if (!s.likeness) return what;
  const differs = s.likeness.differs.filter((f) => f !== "subdomain");
  return differs.length === 0
    ? `${what}, with the same inputs`
    : `${what}, which differs in ${differs.join(", ")}`;
}

/** Whether a finished attempt's tenant is still there and not set to end. */
async function tenantLives(ctx: OperationContext, serviceName: string): Promise<boolean> {
  try {
    await ctx.api.getTenant(serviceName);
    const infos = await ctx.api.getServiceInfos(serviceName);
    return infos.renew?.deleteAtExpiration !== true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw apiFailure(`Reading tenant ${serviceName}, ordered by an earlier create`, error);
  }
}

// ---- what a resource-scope cart carried ------------------------------------------------------------

/**
 * The fingerprint of the configuration a cart's tenant item holds (for a checked-out cart: what its
 * order was placed with), or null when OVHcloud does not let it be read.
 */
export async function carriedOf(ctx: OperationContext, cart: Cart): Promise<Fingerprint | null> {
  try {
    for (const id of [...cart.items].sort((a, b) => a - b)) {
      const item = await ctx.api.getCartItem(cart.cartId, id);
      if (item.parentItemId !== null && item.parentItemId !== undefined) continue;
      return fingerprintOfLabels(await ctx.api.tenantItemConfiguration(cart.cartId, id));
    }
    return null;
  } catch (error) {
    // Whether OVHcloud lets a checked-out cart's items be read is unconfirmed: a refusal is "unknown".
    const status = apiFields(error)?.status;
    if (status === 403 || status === 404) return null;
    throw apiFailure(`Reading what cart ${cart.cartId} was checked out with`, error);
  }
}

// ---- done marks ------------------------------------------------------------------------------------

/**
 * Marks the attempt finished: an empty cart whose description names it, its order, its tenant, and the
 * inputs the create finished with. Created and assigned (so the account's listing shows it); it is
 * never filled nor checked out, and expires as carts do.
 */
export async function markDone(
  ctx: OperationContext,
  mark: {
    cartId: string;
    /** The attempt cart's description as its order was placed. */
    description: string;
    orderId: number;
    serviceName: string;
    fingerprint: Fingerprint;
    subsidiary: string;
  },
): Promise<void> {
  const description = doneMarkDescription({ ...mark, at: nowOf(ctx) });
  const cart = await ctx.api.createCart({ description, subsidiary: mark.subsidiary });
  await ctx.api.assignCart(cart.cartId);
  // Both are settled now: later searches of this client need not read them.
  const known = settledOf(ctx.api);
  known.set(cart.cartId, cart);
  known.set(mark.cartId, {
    cartId: mark.cartId,
    description: mark.description,
    expire: null,
    items: [],
    readOnly: true,
  });
}
