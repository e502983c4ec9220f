// Which earlier attempt to order a tenant a create takes up: the pure rule (order.ts has the flow, and
// attempt-search.ts reads what OVHcloud keeps). The rule is written out in order.ts's header and in
// docs/resources.md, "Never ordering twice".
//
// An attempt is one cart (its description marks it as o365r's); a create that finished leaves a done
// mark, an empty cart whose description names the attempt, its order and tenant, and the fingerprint of
// the inputs it finished with. What a front end can say about which attempts are its own is its key's
// scope:
// - "resource" (Pulumi: project/stack/resource name): every attempt under the key is this resource's.
// - "shared" (Terraform: no identity before a resource exists): every resource of the account shares
//   the key, so an attempt is this resource's only when its inputs resemble the attempt's.
import { type Fingerprint, fnv1a32, isFingerprint, type Likeness, likeness } from "./fingerprint.js";

export const CART_DESCRIPTION_PREFIX = "o365r:";
const DONE_PREFIX = `${CART_DESCRIPTION_PREFIX}done:`;

export type KeyScope = "resource" | "shared";

/** How far back unfinished attempts (and the orders of checked-out carts) are looked for. */
export const ORDER_LOOKBACK_MS = 30 * 86_400_000;
/**
 * How long a finished attempt is still looked at: long enough for a retry after an engine that was
 * killed before it recorded a finished create (OpenTofu persists its state at most every 20 s, Pulumi
 * after each step); short enough that a new tenant resembling one ordered days ago is not held up.
 */
export const DONE_WINDOW_MS = 24 * 3_600_000;
/** Of the eight customer values, how many must be unedited for a shared-key attempt to be this resource's. */
export const PLAUSIBLE_MIN = 4;

/**
 * A resource-scope cart description. The sub-domain is part of it because a new sub-domain is the one
 * change that orders a replacement tenant (allowReplacement): the replacement must not find the
 * original's cart under the same key. Keys over 100 characters are hashed (FNV-1a 64, hex).
 */
export function cartDescription(idempotencyKey: string, subdomain?: string | null): string {
  const full = subdomain ? `${idempotencyKey}#${subdomain}` : idempotencyKey;
  const key = full.length <= 100 ? full : fnv1a64(full);
  return `${CART_DESCRIPTION_PREFIX}${key}`;
}

/** A shared-scope cart description: the key, when the cart was made, what it carries. */
export function sharedCartDescription(key: string, created: Date, fingerprint: Fingerprint): string {
  return `${CART_DESCRIPTION_PREFIX}${key}:${seconds36(created)}:${fingerprint}`;
}

/** The parts of a shared-scope description under `key`, or undefined for any other cart. */
export function parseSharedDescription(
  key: string,
  description: string,
): { created: Date; fingerprint: Fingerprint } | undefined {
  const head = `${CART_DESCRIPTION_PREFIX}${key}:`;
  if (!description.startsWith(head)) return undefined;
  const [created, fingerprint, ...rest] = description.slice(head.length).split(":");
  if (rest.length > 0 || !created || !fingerprint || !isFingerprint(fingerprint)) return undefined;
  const at = fromSeconds36(created);
  return at ? { created: at, fingerprint } : undefined;
}

/** A create finished with this cart: its order, its tenant, and the inputs it finished with. */
export interface DoneMark {
  ref: string;
  orderId: number;
  serviceName: string;
  at: Date;
  fingerprint: Fingerprint;
}

/** A short, stable reference to a cart (cart ids are long; a mark must fit a description). */
export function attemptRef(cartId: string): string {
  return fnv1a32(cartId).toString(16).padStart(8, "0");
}

export function doneMarkDescription(mark: Omit<DoneMark, "ref"> & { cartId: string }): string {
  return `${DONE_PREFIX}${attemptRef(mark.cartId)}:${mark.orderId}:${mark.serviceName}:${seconds36(mark.at)}:${mark.fingerprint}`;
}

export function parseDoneMark(description: string): DoneMark | undefined {
  if (!description.startsWith(DONE_PREFIX)) return undefined;
  const [ref, orderId, serviceName, at, fingerprint, ...rest] = description
    .slice(DONE_PREFIX.length)
    .split(":");
  if (rest.length > 0 || !ref || !/^[0-9a-f]{8}$/.test(ref) || !orderId || !/^\d+$/.test(orderId))
    return undefined;
  if (!serviceName || !fingerprint || !isFingerprint(fingerprint)) return undefined;
  const when = at ? fromSeconds36(at) : undefined;
  if (!when) return undefined;
  return { ref, orderId: Number(orderId), serviceName, at: when, fingerprint };
}

/** The newest done mark of each attempt, by reference. */
export function doneMarksOf(descriptions: readonly string[]): Map<string, DoneMark> {
  const marks = new Map<string, DoneMark>();
  for (const d of descriptions) {
    const mark = parseDoneMark(d);
    if (!mark) continue;
    const known = marks.get(mark.ref);
    if (!known || known.at < mark.at) marks.set(mark.ref, mark);
  }
  return marks;
}

export interface Attempt {
  cartId: string;
  readOnly: boolean;
  /** When the cart was made: known from a shared-scope description only. */
  created: Date | null;
  /** What the cart carries: known from a shared-scope description; resource scope reads it when needed. */
  carried: Fingerprint | null;
  done: DoneMark | null;
}

export interface Scored {
  attempt: Attempt;
  /** How this resource's inputs compare with the attempt's (null: resource scope, not read). */
  likeness: Likeness | null;
}

export interface ChoiceOptions {
  scope: KeyScope;
  /** The fingerprint of this resource's inputs. */
  inputs: Fingerprint;
  now: Date;
  /** Attempts this process already gave to another create. */
  claimed: (cartId: string) => boolean;
}

export type Choice =
  | { kind: "resume"; chosen: Scored }
  | { kind: "finished"; chosen: Scored }
  | { kind: "ambiguous"; candidates: Scored[] }
  | { kind: "uncertain"; candidates: Scored[] };

const resembles = (l: Likeness) => l.sameSubdomain && (l.sameConfiguration || l.score >= PLAUSIBLE_MIN);
const rank = (l: Likeness | null) => (l ? l.score * 2 + (l.sameConfiguration ? 1 : 0) : 0);

/**
 * The unfinished attempt (no done mark) to take up, or null. Resource scope: every one is this
 * resource's; a checked-out one comes first (its order exists), two checked-out ones are ambiguous.
 * Shared scope: those whose inputs resemble this resource's, the most alike first; a tie is ambiguous.
 */
export function chooseUnfinished(attempts: readonly Attempt[], o: ChoiceOptions): Choice | null {
  const open = attempts.filter((a) => !a.done && !o.claimed(a.cartId));
  if (o.scope === "resource") {
    const checkedOut = open.filter((a) => a.readOnly);
    if (checkedOut.length > 1) {
      return { kind: "ambiguous", candidates: checkedOut.map((attempt) => ({ attempt, likeness: null })) };
    }
    const chosen = checkedOut[0] ?? open[0];
    return chosen ? { kind: "resume", chosen: { attempt: chosen, likeness: null } } : null;
  }
  const since = o.now.getTime() - ORDER_LOOKBACK_MS;
  const scored = open
    .filter((a) => a.carried !== null && (a.created?.getTime() ?? 0) >= since)
    .map((attempt) => ({ attempt, likeness: likeness(o.inputs, attempt.carried!) }))
    .filter((s) => resembles(s.likeness))
    .sort((a, b) => rank(b.likeness) - rank(a.likeness));
  const best = scored[0];
  if (!best) return null;
  const tied = scored.filter((s) => rank(s.likeness) === rank(best.likeness));
  return tied.length > 1 ? { kind: "ambiguous", candidates: tied } : { kind: "resume", chosen: best };
}

/**
 * Finished attempts (done mark within DONE_WINDOW_MS) that could be this resource's: resource scope,
 * all of them; shared scope, those whose finishing inputs resemble this resource's. The caller drops
 * those whose tenant has ended (a deleted resource) before `chooseFinished`.
 */
export function finishedCandidates(attempts: readonly Attempt[], o: ChoiceOptions): Scored[] {
  const since = o.now.getTime() - DONE_WINDOW_MS;
  return attempts
    .filter((a) => a.done && a.done.at.getTime() >= since && !o.claimed(a.cartId))
    .map((attempt) => ({ attempt, likeness: likeness(o.inputs, attempt.done!.fingerprint) }))
    .filter((s) => o.scope === "resource" || resembles(s.likeness!));
}

/**
 * A finished attempt is taken only when it finished with the same order-time values as this
 * resource's (an engine that lost a finished create's state); one that resembles without being the
 * same is a refusal, since it is as likely another resource's tenant as this one's.
 */
export function chooseFinished(candidates: readonly Scored[]): Choice | null {
  const same = candidates.filter((s) => s.likeness!.sameConfiguration);
  if (same.length === 1) return { kind: "finished", chosen: same[0]! };
  if (same.length > 1) return { kind: "ambiguous", candidates: same };
  return candidates.length > 0 ? { kind: "uncertain", candidates: [...candidates] } : null;
}

function seconds36(at: Date): string {
  return Math.floor(at.getTime() / 1000).toString(36);
}

function fromSeconds36(text: string): Date | undefined {
  if (!/^[0-9a-z]{1,10}$/.test(text)) return undefined;
  const s = Number.parseInt(text, 36);
  return Number.isFinite(s) ? new Date(s * 1000) : undefined;
}

function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}
