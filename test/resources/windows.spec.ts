import { describe, expect, it } from "vitest";
import type { Statistics } from "../../provider/ovh/models/index.js";
import { diffSubscription, planSubscriptionDelete } from "../../provider/resources/subscription/index.js";
import {
  addMonths,
  needsUsageEvidence,
  reductionWindow,
  seatAdditionFromUsage,
  windowDate,
} from "../../provider/resources/windows.js";
import { subInputs, subState } from "./fixtures.js";

const at = (iso: string) => new Date(iso);

describe("reductionWindow", () => {
  const bought = { creationDate: "2026-03-01T10:00:00Z", lastUpdate: "2026-03-01T10:00:00Z" };

  it("is open for 168 hours after the purchase", () => {
    expect(reductionWindow(bought, { now: at("2026-03-05T00:00:00Z") })).toEqual({
      state: "open",
      opensAt: "2026-03-01T10:00:00Z",
      closesAt: "2026-03-08T10:00:00Z",
      reason: "purchase",
      nextRenewal: "2027-03-01T10:00:00Z",
    });
    expect(reductionWindow(bought, { now: at("2026-03-08T10:00:00Z") })?.state).toBe("open");
  });

  it("once closed, shows the next window: the renewal of the (assumed 12-month) term", () => {
    const w = reductionWindow(bought, { now: at("2026-03-08T10:00:01Z") })!;
    expect(w).toEqual({
      state: "closed",
      opensAt: "2027-03-01T10:00:00Z",
      closesAt: "2027-03-08T10:00:00Z",
      reason: "renewal",
      nextRenewal: "2027-03-01T10:00:00Z",
    });
    expect(windowDate(w)).toBe("2027-03-01T10:00:00Z");
  });

  it("reopens at each renewal, and follows the term length given", () => {
    expect(reductionWindow(bought, { now: at("2028-03-03T00:00:00Z") })).toMatchObject({
      state: "open",
      opensAt: "2028-03-01T10:00:00Z",
      reason: "renewal",
      nextRenewal: "2029-03-01T10:00:00Z",
    });
    expect(reductionWindow(bought, { now: at("2026-03-20T00:00:00Z"), termMonths: 1 })).toMatchObject({
      state: "closed",
      opensAt: "2026-04-01T10:00:00Z",
    });
  });

  it("takes a later last update as a possible seat addition, and says it is assumed", () => {
    const updated = { ...bought, lastUpdate: "2026-06-10T08:00:00Z" };
    expect(reductionWindow(updated, { now: at("2026-06-12T00:00:00Z") })).toMatchObject({
      state: "open",
      opensAt: "2026-06-10T08:00:00Z",
      closesAt: "2026-06-17T08:00:00Z",
      reason: "seat addition",
      assumedAddition: true,
    });
  });

  it("uses the usage statistics' verdict when there is one: none, or a confirmed addition", () => {
    const updated = { ...bought, lastUpdate: "2026-06-10T08:00:00Z" };
    const now = at("2026-06-12T00:00:00Z");
    expect(reductionWindow(updated, { now, seatAddition: null })?.state).toBe("closed");
    const w = reductionWindow(updated, { now, seatAddition: at("2026-06-09T00:00:00Z") })!;
    expect(w).toMatchObject({ state: "open", closesAt: "2026-06-16T00:00:00Z", reason: "seat addition" });
    expect(w.assumedAddition).toBeUndefined();
  });

  it("a purchase dated after now (the caller's clock behind the API's) is a window just opened", () => {
    expect(reductionWindow(bought, { now: at("2026-03-01T09:59:00Z") })).toMatchObject({
      state: "open",
      opensAt: "2026-03-01T10:00:00Z",
      reason: "purchase",
    });
  });

  it("has nothing to say without a readable creation date", () => {
    expect(reductionWindow({ creationDate: "soon" }, { now: at("2026-03-05T00:00:00Z") })).toBeUndefined();
  });

  it("adds calendar months in UTC, clamping to the month's last day", () => {
    expect(addMonths(at("2026-01-31T12:00:00Z"), 1).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(addMonths(at("2027-12-15T00:00:00Z"), 12).toISOString()).toBe("2028-12-15T00:00:00.000Z");
  });
});

describe("needsUsageEvidence", () => {
  it("only for a last update after the purchase that could still hold a window open", () => {
    const now = at("2026-06-12T00:00:00Z");
    const created = "2026-03-01T10:00:00Z";
    expect(needsUsageEvidence({ creationDate: created, lastUpdate: "2026-06-10T00:00:00Z" }, now)).toBe(true);
    expect(needsUsageEvidence({ creationDate: created, lastUpdate: "2026-06-01T00:00:00Z" }, now)).toBe(
      false,
    );
    expect(needsUsageEvidence({ creationDate: created, lastUpdate: created }, now)).toBe(false);
    expect(needsUsageEvidence({ creationDate: created, lastUpdate: null }, now)).toBe(false);
  });
});

describe("seatAdditionFromUsage", () => {
  /** Days of statistics for licence 2: [date, peakCount, endOfDayCount]. */
  const stats = (...days: Array<[string, number, number]>): Statistics[] =>
    days.map(([date, peakCount, endOfDayCount]) => ({
      date,
      lines: [{ licenceId: 2, licenceName: "Microsoft 365 Business Standard", peakCount, endOfDayCount }],
    }));
  const sub = { licenseId: 2, creationDate: "2026-05-01T09:00:00Z", lastUpdate: "2026-06-10T15:00:00Z" };

  it("a rise on the last update's day: the addition is the last update", () => {
    const s = stats(["2026-06-08", 10, 10], ["2026-06-09", 10, 10], ["2026-06-10", 14, 14]);
    expect(seatAdditionFromUsage(sub, s)).toEqual(at("2026-06-10T15:00:00Z"));
  });

  it("a rise on an earlier day (the last update was a reduction): the start of that day", () => {
    const s = stats(["2026-06-08", 10, 10], ["2026-06-09", 14, 14], ["2026-06-10", 14, 12]);
    expect(seatAdditionFromUsage(sub, s)).toEqual(at("2026-06-09T00:00:00Z"));
  });

  it("only reductions since the purchase: no addition (null)", () => {
    const s = stats(["2026-06-08", 10, 10], ["2026-06-09", 10, 10], ["2026-06-10", 10, 8]);
    expect(seatAdditionFromUsage(sub, s)).toBeNull();
    // The purchase day's rise from nothing is the purchase, not an addition.
    const bought = { ...sub, creationDate: "2026-06-09T09:00:00Z", lastUpdate: "2026-06-09T12:00:00Z" };
    expect(seatAdditionFromUsage(bought, stats(["2026-06-08", 0, 0], ["2026-06-09", 10, 10]))).toBeNull();
  });

  it("cannot tell (undefined) for a shared licence or when the last update's day is not covered", () => {
    const s = stats(["2026-06-08", 10, 10], ["2026-06-09", 12, 12]);
    expect(seatAdditionFromUsage(sub, s)).toBeUndefined();
    expect(seatAdditionFromUsage(sub, s, { sharedLicence: true })).toBeUndefined();
    expect(seatAdditionFromUsage(sub, [])).toBeUndefined();
  });

  it("compares only consecutive days: a gap is no rise", () => {
    const s = stats(["2026-06-07", 10, 10], ["2026-06-09", 14, 14], ["2026-06-10", 14, 14]);
    expect(seatAdditionFromUsage(sub, s)).toBeNull();
  });
});

describe("the providers' diff uses the same window", () => {
  const old = subState({ creationDate: "2025-03-01T00:00:00Z", lastUpdate: "2025-03-01T00:00:00Z" });

  it("a reduction just after the term renewed is not warned about; one later is, naming the next window", () => {
    const renewed = diffSubscription(
      old,
      { ...subInputs, quantity: 20 },
      { now: at("2026-03-03T00:00:00Z") },
    );
    expect(renewed.warnings).toEqual([]);
    const later = diffSubscription(old, { ...subInputs, quantity: 20 }, { now: at("2026-04-03T00:00:00Z") });
    expect(later.warnings.map((w) => w.code)).toEqual(["SEAT_REDUCTION_OUTSIDE_WINDOW"]);
    expect(later.warnings[0]!.message).toContain("next window, assumed: 2027-03-01 to 2027-03-08");
  });

  it("a cancellation: the same, and the usage statistics' verdict on the last update counts", () => {
    const touched = subState({ creationDate: "2025-03-01T00:00:00Z", lastUpdate: "2026-04-02T00:00:00Z" });
    const now = at("2026-04-03T00:00:00Z");
    expect(planSubscriptionDelete(touched, { now }).warnings).toEqual([]);
    expect(planSubscriptionDelete(touched, { now, seatAddition: null }).warnings.map((w) => w.code)).toEqual([
      "CANCELLATION_OUTSIDE_WINDOW",
    ]);
  });
});
