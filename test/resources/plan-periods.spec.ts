// What a plan does to the current billing period and whether its reductions can happen, from what the
// front end read live per tenant (billingPeriodPeaks, subscriptions, seat additions).
import { describe, expect, it } from "vitest";
import type { PlanDocument, PlannedChange } from "../../provider/resources/plan-summary.js";
import { summarisePlan } from "../../provider/resources/plan-summary.js";
import { licenceKey, type UnitPrice } from "../../provider/resources/prices.js";
import type { TenantObservation } from "../../provider/resources/usage.js";
import { subState } from "./fixtures.js";

const NOW = new Date("2026-06-15T12:00:00Z");
const doc = (changes: PlannedChange[]): PlanDocument => ({
  engine: "terraform",
  changes,
  diagnostics: [],
  notes: [],
});
const prices = new Map<string, UnitPrice>([
  [licenceKey("Microsoft 365 Business Standard"), { value: 11.7, currency: "EUR" }],
  [licenceKey("Office 365 E3"), { value: 22.7, currency: "EUR" }],
]);
const STANDARD = { licenceId: 1, licenceName: "Microsoft 365 Business Standard" };

/** Tenant csp2-0000abcd holds subscription 100: 10 seats of licence 1, bought long ago. */
function observed(peak: number, over: Partial<TenantObservation> = {}): Map<string, TenantObservation> {
  return new Map([
    [
      "csp2-0000abcd",
      {
        period: {
          startDate: "2026-06-01",
          endDate: "2026-06-30",
          lines: [{ ...STANDARD, peakCount: peak }],
        },
        subscriptions: [
          {
            id: 100,
            licenseId: 1,
            quantity: 10,
            status: "active",
            creationDate: "2025-01-10T09:00:00Z",
            lastUpdate: "2026-06-14T08:00:00Z",
          },
        ],
        seatAdditions: new Map([[100, null]]),
        ...over,
      },
    ],
  ]);
}
const before = subState({ quantity: 10, creationDate: "2025-01-10T09:00:00Z", lastUpdate: null });
const seats = (quantity: number): PlannedChange => ({
  kind: "subscription",
  address: "o365reseller_subscription.standard",
  action: "update",
  before,
  after: { quantity },
});

describe("the current billing period", () => {
  it("a raise above the period's peak costs the seats above it for this period, and the raise per month after", () => {
    const s = summarisePlan(doc([seats(15)]), { now: NOW, prices, observed: observed(12) });
    const line = s.tenants[0]!.licences[0]!;
    expect(line.period).toEqual({
      startDate: "2026-06-01",
      endDate: "2026-06-30",
      peak: 12,
      seatsNow: 10,
      highest: 15,
      seatsAbovePeak: 3,
      cost: 35.1,
    });
    expect(line.monthlyChange).toBe(58.5);
    expect(s.tenants[0]!.period).toEqual({ startDate: "2026-06-01", endDate: "2026-06-30" });
    expect(s.totals).toMatchObject({
      thisPeriodChange: { EUR: 35.1 },
      monthlyChange: { EUR: 58.5 },
      periodKnown: true,
    });
    expect(s.assumptions).toHaveLength(2);
    expect(s.assumptions[0]).toMatch(/at that period's peak of active seats/);
  });

  it("a raise within the period's peak costs nothing more this period", () => {
    const s = summarisePlan(doc([seats(12)]), { now: NOW, prices, observed: observed(14) });
    expect(s.tenants[0]!.licences[0]!.period).toMatchObject({
      peak: 14,
      highest: 12,
      seatsAbovePeak: 0,
      cost: 0,
    });
    expect(s.totals.thisPeriodChange).toEqual({ EUR: 0 });
    expect(s.totals.monthlyChange).toEqual({ EUR: 23.4 });
  });

  it("a licence change: the new licence's seats are above its peak (none), the old one still counts this period", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "subscription",
          address: "o365reseller_subscription.standard",
          action: "replace",
          before,
          after: { license: "Office 365 E3", quantity: 10 },
        },
      ]),
      { now: NOW, prices, observed: observed(10) },
    );
    const t = s.tenants[0]!;
    expect(t.created.map((r) => [r.licence, r.seats])).toEqual([["Office 365 E3", 10]]);
    expect(t.cancelled.map((r) => [r.id, r.window?.state])).toEqual([["csp2-0000abcd/100", "closed"]]);
    const byLicence = Object.fromEntries(t.licences.map((l) => [l.licence, l.period]));
    expect(byLicence["Office 365 E3"]).toMatchObject({ peak: 0, seatsNow: 0, seatsAbovePeak: 10, cost: 227 });
    expect(byLicence["Microsoft 365 Business Standard"]).toMatchObject({ seatsAbovePeak: 0, cost: 0 });
    expect(s.totals.thisPeriodChange).toEqual({ EUR: 227 });
    expect(s.totals.monthlyChange).toEqual({ EUR: 110 });
    // The old subscription's cancellation is outside its window: Microsoft will refuse it.
    expect(s.totals.savingsOutsideWindow).toEqual({ EUR: -117 });
    expect(t.warnings.map((w) => w.code)).toContain("SUBSCRIPTION_REPLACEMENT");
  });

  it("a tenant the front end could not read: no period, and says why", () => {
    const s = summarisePlan(doc([seats(15)]), {
      now: NOW,
      prices,
      observed: new Map([["csp2-0000abcd", { error: "not found in account eu-main" }]]),
    });
    expect(s.tenants[0]!.licences[0]!.period).toBeUndefined();
    expect(s.tenants[0]!.observationError).toBe("not found in account eu-main");
    expect(s.totals.periodKnown).toBe(false);
  });
});

describe("Microsoft's window for reductions and cancellations", () => {
  it("a reduction inside the window (seats added yesterday, as the statistics confirm): open until, no warning", () => {
    const added = new Date("2026-06-14T08:00:00Z");
    const s = summarisePlan(doc([seats(8)]), {
      now: NOW,
      prices,
      observed: observed(10, { seatAdditions: new Map([[100, added]]) }),
    });
    const t = s.tenants[0]!;
    expect(t.reductions).toEqual([
      {
        address: "o365reseller_subscription.standard",
        id: "csp2-0000abcd/100",
        licence: "Microsoft 365 Business Standard",
        from: 10,
        to: 8,
        window: {
          state: "open",
          opensAt: "2026-06-14T08:00:00Z",
          closesAt: "2026-06-21T08:00:00Z",
          reason: "seat addition",
          nextRenewal: "2027-01-10T09:00:00Z",
          source: "live",
        },
      },
    ]);
    expect(t.warnings).toEqual([]);
    expect(t.licences[0]!.period).toMatchObject({ seatsAbovePeak: 0, cost: 0 });
    expect(s.totals.monthlyChange).toEqual({ EUR: -23.4 });
    expect(s.totals.savingsOutsideWindow).toEqual({});
  });

  it("a reduction outside the window: closed, when it next opens, the diff's warning, the saving at risk", () => {
    const s = summarisePlan(doc([seats(8)]), { now: NOW, prices, observed: observed(10) });
    const t = s.tenants[0]!;
    expect(t.reductions[0]!.window).toMatchObject({
      state: "closed",
      opensAt: "2027-01-10T09:00:00Z",
      closesAt: "2027-01-17T09:00:00Z",
      reason: "renewal",
      source: "live",
    });
    expect(t.warnings.map((w) => w.code)).toEqual(["SEAT_REDUCTION_OUTSIDE_WINDOW"]);
    expect(s.totals.savingsOutsideWindow).toEqual({ EUR: -23.4 });
  });

  it("a cancellation: its window, nothing saved this period, the seats' price per month from the next", () => {
    const s = summarisePlan(doc([{ kind: "subscription", address: "x", action: "delete", before }]), {
      now: NOW,
      prices,
      observed: observed(10),
    });
    const t = s.tenants[0]!;
    expect(t.cancelled[0]!.window).toMatchObject({ state: "closed", opensAt: "2027-01-10T09:00:00Z" });
    expect(t.licences[0]!.period).toMatchObject({ peak: 10, seatsNow: 10, highest: 10, cost: 0 });
    expect(s.totals.monthlyChange).toEqual({ EUR: -117 });
    expect(t.warnings.map((w) => w.code)).toEqual(["CANCELLATION_OUTSIDE_WINDOW"]);
  });

  it("without a live reading the window comes from the plan's state and says so", () => {
    const s = summarisePlan(doc([seats(8)]), { now: NOW, prices });
    expect(s.tenants[0]!.reductions[0]!.window).toMatchObject({ state: "closed", source: "plan" });
    expect(s.assumptions).toHaveLength(2);
  });
});
