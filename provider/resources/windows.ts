// Microsoft's 168-hour window for seat reductions and cancellations (shared/docs/ovh-csp2-api.md §7),
// as far as OVHcloud's API lets it be seen. A window opens at a subscription's purchase, at each
// renewal of its term and at each seat addition, and lasts 168 hours.
//
// What the API shows: `creationDate` (the purchase) and `lastUpdate` (the last change, up or down).
// What it does not show, so what is assumed (docs/wire-contract.md, "Billing and Microsoft's window"):
// - the term: renewals are taken every `termMonths` (default 12, NCE's annual term) from creationDate;
// - whether the last update added seats: a reduction does not reopen the window. The usage statistics
//   (`usageStatistics`, daily peaks and end-of-day counts per licence) tell it when they are read
//   (`seatAdditionFromUsage`); without them the last update is taken as a possible addition, as the
//   providers' diff does, and the result says so (`assumedAddition`).
// Pure: dates in, dates out.
import type { Statistics } from "../ovh/models/index.js";

export const WINDOW_HOURS = 168;
export const WINDOW_MS = WINDOW_HOURS * 3_600_000;
/** The term assumed when nothing says otherwise: NCE's annual commitment. */
export const ASSUMED_TERM_MONTHS = 12;
const DAY_MS = 86_400_000;

export type WindowReason = "purchase" | "renewal" | "seat addition";

/** A subscription's window as of `now`, in a form JSON and tables show as is. */
export interface WindowState {
  /** `open`: reductions and cancellations are accepted until `closesAt`. `closed`: the next window is shown. */
  state: "open" | "closed";
  /** Open: when the current window opened. Closed: when the next one opens (a renewal). ISO 8601, UTC. */
  opensAt: string;
  /** When that window closes (opensAt + 168 h). */
  closesAt: string;
  /** Why that window opens (closed windows always reopen at a renewal). */
  reason: WindowReason;
  /** The next renewal of the term (assumed from creationDate and the term length). */
  nextRenewal: string;
  /**
   * True when the open window rests on the last update being a seat addition, which no usage
   * statistics confirmed (it may have been a reduction, which does not reopen the window).
   */
  assumedAddition?: boolean | undefined;
}

export interface WindowFacts {
  creationDate: string;
  lastUpdate?: string | null | undefined;
}

export interface WindowOptions {
  now: Date;
  /** Term length in months; default ASSUMED_TERM_MONTHS. */
  termMonths?: number | undefined;
  /**
   * The last seat addition as the usage statistics show it: a date, or null for "none in the range
   * that matters". Undefined when not known: the last update is then taken as a possible addition.
   */
  seatAddition?: Date | null | undefined;
}

/** Adds calendar months in UTC; a day the target month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The start of the current term (the purchase or its latest renewal) and the next renewal. */
export function term(creation: Date, now: Date, termMonths: number): { start: Date; renewal: Date } {
  let start = creation;
  for (let k = 1; k < 10_000; k += 1) {
    const next = addMonths(creation, k * termMonths);
    if (next.getTime() > now.getTime()) return { start, renewal: next };
    start = next;
  }
  return { start, renewal: addMonths(start, termMonths) };
}

const parse = (t: string | null | undefined): Date | undefined => {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
};
const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");

/** The window of a subscription as of `now`; undefined when its creation date cannot be read. */
export function reductionWindow(sub: WindowFacts, options: WindowOptions): WindowState | undefined {
  const created = parse(sub.creationDate);
  if (!created) return undefined;
  const now = options.now;
  const months = options.termMonths ?? ASSUMED_TERM_MONTHS;
  const { start, renewal } = term(created, now, months);
  const candidates: Array<{ at: Date; reason: WindowReason; assumed?: boolean }> = [
    { at: start, reason: start.getTime() === created.getTime() ? "purchase" : "renewal" },
  ];
  if (options.seatAddition !== undefined) {
    if (options.seatAddition !== null) candidates.push({ at: options.seatAddition, reason: "seat addition" });
  } else {
    const updated = parse(sub.lastUpdate);
    if (updated && updated.getTime() > created.getTime()) {
      candidates.push({ at: updated, reason: "seat addition", assumed: true });
    }
  }
  // The latest start that has happened; a purchase dated after `now` (the caller's clock behind the
  // API's) counts as just happened.
  const past = candidates.filter((c) => c.at.getTime() <= now.getTime());
  const latest = (past.length > 0 ? past : candidates.slice(0, 1)).reduce((a, b) =>
    b.at.getTime() > a.at.getTime() ? b : a,
  );
  if (now.getTime() - latest.at.getTime() <= WINDOW_MS) {
    return {
      state: "open",
      opensAt: iso(latest.at),
      closesAt: iso(new Date(latest.at.getTime() + WINDOW_MS)),
      reason: latest.reason,
      nextRenewal: iso(renewal),
      ...(latest.assumed ? { assumedAddition: true } : {}),
    };
  }
  return {
    state: "closed",
    opensAt: iso(renewal),
    closesAt: iso(new Date(renewal.getTime() + WINDOW_MS)),
    reason: "renewal",
    nextRenewal: iso(renewal),
  };
}

/** The date a window is sorted and filtered by: when it closes if open, when it opens if closed. */
export function windowDate(w: WindowState): string {
  return w.state === "open" ? w.closesAt : w.opensAt;
}

/**
 * Whether the subscription's last update can matter for its window: it is after the purchase and
 * recent enough that a window it opened would still be open. Only then are usage statistics worth a call.
 */
export function needsUsageEvidence(sub: WindowFacts, now: Date): boolean {
  const created = parse(sub.creationDate);
  const updated = parse(sub.lastUpdate);
  if (!created || !updated) return false;
  return updated.getTime() > created.getTime() && now.getTime() - updated.getTime() <= WINDOW_MS;
}

/**
 * The last seat addition of a subscription, read from the tenant's daily usage statistics of its
 * licence: a day whose peak is above the previous day's end-of-day count had seats added (the
 * purchase day aside). The addition is taken at the last update when it fell on that day, else at
 * the start of that day (UTC; the earliest it can have been, so a window's end is never overstated).
 * Null: the statistics cover the last update and show no addition since the purchase. Undefined: they
 * cannot tell (the licence is held by several subscriptions, or the days needed are not covered).
 */
export function seatAdditionFromUsage(
  sub: { licenseId: number; creationDate: string; lastUpdate?: string | null | undefined },
  stats: readonly Statistics[],
  options: { sharedLicence?: boolean | undefined } = {},
): Date | null | undefined {
  if (options.sharedLicence) return undefined;
  const created = parse(sub.creationDate);
  const updated = parse(sub.lastUpdate);
  if (!created) return undefined;
  const days = [...stats]
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date))
    .sort((a, b) => a.date.localeCompare(b.date));
  if (days.length === 0) return undefined;
  const updatedDay = updated ? iso(updated).slice(0, 10) : undefined;
  if (updatedDay && !days.some((d) => d.date === updatedDay)) return undefined;
  const createdDay = iso(created).slice(0, 10);
  const lineOf = (d: Statistics) => d.lines.find((l) => l.licenceId === sub.licenseId);
  let rise: string | undefined;
  for (let i = 1; i < days.length; i += 1) {
    const day = days[i]!;
    const previous = days[i - 1]!;
    // Only consecutive days compare: a gap in the statistics says nothing about the days missing.
    if (Date.parse(`${day.date}T00:00:00Z`) - Date.parse(`${previous.date}T00:00:00Z`) !== DAY_MS) continue;
    if (day.date <= createdDay) continue;
    const peak = lineOf(day)?.peakCount ?? 0;
    const before = lineOf(previous)?.endOfDayCount ?? 0;
    if (peak > before) rise = day.date;
  }
  if (rise === undefined) return null;
  if (updated && updatedDay === rise) return updated;
  return new Date(`${rise}T00:00:00Z`);
}
