// What a tenant's live usage says, as the front ends read it (billingPeriodPeaks, the subscriptions,
// usageStatistics when a window depends on them), and the billing arithmetic on top of it. Pure.
//
// OVHcloud's billing rule is not published: the period's peak is assumed to be what a licence is billed
// for in a billing period, each seat at the full monthly price (docs/wire-contract.md, "Billing and
// Microsoft's window"). So seats above this period's peak cost a whole month even when removed the
// next day, and reductions lower the bill only from the next period.
import type { BillingStatistics } from "../ovh/models/index.js";
import { cents, licenceKey, type UnitPrice } from "./prices.js";
import { ASSUMED_TERM_MONTHS, reductionWindow, type WindowFacts, type WindowState } from "./windows.js";

/** A subscription as read live: what windows and seat counts need. */
export interface ObservedSubscription extends WindowFacts {
  id: number;
  licenseId: number;
  quantity: number;
  status: string;
}

export interface TenantObservation {
  /** `billingPeriodPeaks`: the current billing period and each licence's peak in it; absent when not read. */
  period?: BillingStatistics | undefined;
  /** The tenant's subscriptions as read now; absent when not read. */
  subscriptions?: readonly ObservedSubscription[] | undefined;
  /** Per subscription id, the last seat addition the usage statistics show (null: none); absent: not read. */
  seatAdditions?: ReadonlyMap<number, Date | null> | undefined;
  /** What could not be read, in one line (the figures that need it are left out). */
  error?: string | undefined;
}

/** The assumptions behind period and window figures, said once by every output that shows them. */
export function assumptions(termMonths = ASSUMED_TERM_MONTHS): string[] {
  return [
    "Billing: each licence is billed for a billing period at that period's peak of active seats (billingPeriodPeaks), " +
      "each seat at the full monthly price, so seats above the peak cost a whole month even if removed the next day, " +
      "and reductions lower the bill from the next period.",
    "Window: Microsoft's 168-hour window for reductions and cancellations reopens at each renewal of a subscription's term, " +
      `taken as every ${termMonths} month${termMonths === 1 ? "" : "s"} from its creation date (the API gives no renewal date), ` +
      "and after a seat addition, read from the subscription's last update and the usage statistics.",
  ];
}

/** This period's peak of a licence, by id or else by name; 0 when the period has no line for it. */
export function peakOf(
  period: BillingStatistics,
  licence: { id?: number | undefined; name?: string | undefined },
): number {
  const line =
    period.lines.find((l) => licence.id !== undefined && l.licenceId === licence.id) ??
    period.lines.find(
      (l) => licence.name !== undefined && licenceKey(l.licenceName) === licenceKey(licence.name),
    );
  return line?.peakCount ?? 0;
}

/** The licence id a name has in the period's lines, when the plan gave only a name. */
export function licenceIdIn(period: BillingStatistics | undefined, name: string): number | undefined {
  return period?.lines.find((l) => licenceKey(l.licenceName) === licenceKey(name))?.licenceId;
}

/** Statuses that hold seats (OVHcloud's strings are unconfirmed: ended-looking ones do not). */
const ENDED = /^(deleted|cancelled|canceled|terminated|expired|disabled|error)$/i;

/** Seats of a licence the tenant holds now, all its subscriptions together. */
export function seatsHeld(subs: readonly ObservedSubscription[], licenseId: number | undefined): number {
  if (licenseId === undefined) return 0;
  return subs
    .filter((s) => s.licenseId === licenseId && !ENDED.test(s.status))
    .reduce((n, s) => n + s.quantity, 0);
}

export interface PeriodEffect {
  /** The period's dates (`YYYY-MM-DD`); null for a new tenant, whose first period starts on delivery. */
  startDate: string | null;
  endDate: string | null;
  /** The licence's peak so far this period. */
  peak: number;
  /** Seats of the licence held now. */
  seatsNow: number;
  /** The most seats held while the plan applies: additions are counted before removals (new first). */
  highest: number;
  seatsAbovePeak: number;
  /** seatsAbovePeak × price: what the change adds to this period's bill; absent without a price. */
  cost?: number | undefined;
}

/** What adding and removing seats of one licence does to the current period. */
export function periodEffect(args: {
  period: { startDate: string; endDate: string } | null;
  peak: number;
  seatsNow: number;
  seatsAdded: number;
  price?: UnitPrice | undefined;
}): PeriodEffect {
  const highest = args.seatsNow + args.seatsAdded;
  const above = Math.max(0, highest - Math.max(args.peak, args.seatsNow));
  return {
    startDate: args.period?.startDate ?? null,
    endDate: args.period?.endDate ?? null,
    peak: args.peak,
    seatsNow: args.seatsNow,
    highest,
    seatsAbovePeak: above,
    ...(args.price ? { cost: cents(above * args.price.value) } : {}),
  };
}

/** A window and where its dates came from: read now, or the plan's (possibly older) state. */
export type ObservedWindow = WindowState & { source: "live" | "plan" };

/** The window of a subscription: from the live reading when there is one, else from the given facts. */
export function windowOf(
  subscriptionId: number | undefined,
  fallback: WindowFacts | undefined,
  observation: TenantObservation | undefined,
  options: { now: Date; termMonths?: number | undefined },
): ObservedWindow | undefined {
  const live = observation?.subscriptions?.find((s) => s.id === subscriptionId);
  const facts = live ?? fallback;
  if (!facts) return undefined;
  const w = reductionWindow(facts, {
    now: options.now,
    termMonths: options.termMonths,
    seatAddition: subscriptionId === undefined ? undefined : observation?.seatAdditions?.get(subscriptionId),
  });
  return w ? { ...w, source: live ? "live" : "plan" } : undefined;
}
