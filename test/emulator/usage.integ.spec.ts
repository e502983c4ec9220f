// Usage data and Microsoft's window seeded through the admin API (`PUT …/subscriptions/{id}/history`):
// what billingPeriodPeaks, usageStatistics, the subscription itself and the 168-hour rule answer all
// follow from one history, in the schema's shapes (billing period dates are `date`: YYYY-MM-DD).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { BillingStatistics, OfficeSubscription, Statistics } from "../../provider/ovh/models/index.js";
import { reductionWindow, seatAdditionFromUsage } from "../../provider/resources/windows.js";
import { admin, client } from "./helpers.js";

const HOUR = 3_600_000;
let emu: EmulatorHandle;
let call: ReturnType<typeof client>;
let nic: string;

beforeAll(async () => {
  emu = await startEmulator({ taskSeconds: 2 });
  const account = emu.createAccount();
  nic = account.nic;
  call = client(emu.url, account);
  // Mid-month at noon (UTC), so that "50 hours ago" is in the current billing period whatever the date.
  const now = emu.now();
  const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15, 12);
  emu.advanceClock((target - now.getTime()) / 1000);
});
afterAll(() => emu.stop());

const history = (s: string, id: number, body: unknown) =>
  admin<Record<string, unknown>>(emu.adminUrl, "PUT", `/tenants/${s}/subscriptions/${id}/history`, body);

describe("a subscription's history", () => {
  it("sets creationDate, lastUpdate, seats, the period's peak and the daily statistics at once", async () => {
    const t = emu.createTenant({
      account: nic,
      displayName: "Peaks",
      subscriptions: [{ license: 2, quantity: 10 }],
    });
    const id = t.subscriptions[0]!.id;
    const now = emu.now().getTime();
    const seeded = await history(t.serviceName, id, {
      purchasedHoursAgo: 2000,
      quantity: 10,
      changes: [
        { hoursAgo: 30, quantity: 11 },
        { hoursAgo: 50, quantity: 14 },
      ],
    });
    expect(seeded.status).toBe(200);
    const sub = OfficeSubscription.parse(
      (await call("GET", `/saas/csp2/${t.serviceName}/subscription/${id}`)).body,
    );
    expect(sub.quantity).toBe(11);
    expect(Date.parse(sub.creationDate)).toBe(Math.floor((now - 2000 * HOUR) / 1000) * 1000);
    expect(Date.parse(sub.lastUpdate!)).toBe(Math.floor((now - 30 * HOUR) / 1000) * 1000);

    const peaks = BillingStatistics.parse(
      (await call("GET", `/saas/csp2/${t.serviceName}/billingPeriodPeaks`)).body,
    );
    const month = new Date(now).toISOString().slice(0, 7);
    expect(peaks.startDate).toBe(`${month}-01`);
    expect(peaks.endDate).toMatch(new RegExp(`^${month}-(28|29|30|31)$`));
    expect(peaks.lines).toEqual([
      { licenceId: 2, licenceName: "Microsoft 365 Business Standard", peakCount: 14 },
    ]);

    const stats = (
      await call<unknown[]>("GET", `/saas/csp2/${t.serviceName}/usageStatistics?timePeriod=lastMonth`)
    ).body.map((d) => Statistics.parse(d));
    expect(stats).toHaveLength(30);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const line = (date: string) => stats.find((d) => d.date === date)?.lines.find((l) => l.licenceId === 2);
    expect(line(day(now - 50 * HOUR))).toMatchObject({ peakCount: 14, endOfDayCount: 14 });
    expect(line(day(now - 30 * HOUR))).toMatchObject({ peakCount: 14, endOfDayCount: 11 });
    expect(line(day(now))).toMatchObject({ peakCount: 11, endOfDayCount: 11 });
    expect(line(day(now - 100 * HOUR))).toMatchObject({ peakCount: 10, endOfDayCount: 10 });

    // What a client reads from it: seats were added 50 hours ago (the last update was a reduction),
    // so the window is open, until 168 hours after the start of that day at the latest.
    const added = seatAdditionFromUsage(sub, stats);
    expect(added).toEqual(new Date(`${day(now - 50 * HOUR)}T00:00:00Z`));
    const window = reductionWindow(sub, { now: new Date(now), seatAddition: added })!;
    expect(window).toMatchObject({ state: "open", reason: "seat addition" });
    // …and the emulator agrees: the reduction is accepted.
    const reduce = await call("POST", `/saas/csp2/${t.serviceName}/subscription/${id}/changeQuantity`, {
      quantity: 9,
    });
    expect(reduce.status).toBe(200);
  });

  it("a history without additions closes the window the client computes and the emulator enforces", async () => {
    const t = emu.createTenant({
      account: nic,
      displayName: "Closed",
      subscriptions: [{ license: 5, quantity: 20 }],
    });
    const id = t.subscriptions[0]!.id;
    await history(t.serviceName, id, {
      purchasedHoursAgo: 3000,
      quantity: 25,
      changes: [{ hoursAgo: 20, quantity: 20 }],
    });
    const sub = OfficeSubscription.parse(
      (await call("GET", `/saas/csp2/${t.serviceName}/subscription/${id}`)).body,
    );
    const stats = (
      await call<unknown[]>("GET", `/saas/csp2/${t.serviceName}/usageStatistics?timePeriod=lastMonth`)
    ).body.map((d) => Statistics.parse(d));
    expect(seatAdditionFromUsage(sub, stats)).toBeNull();
    const window = reductionWindow(sub, { now: emu.now(), seatAddition: null })!;
    expect(window.state).toBe("closed");
    const refused = await call<{ class: string; message: string }>(
      "POST",
      `/saas/csp2/${t.serviceName}/subscription/${id}/changeQuantity`,
      { quantity: 19 },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.class).toBe("Client::Forbidden::SeatReductionWindowClosed");
    // The next window opens at the renewal the emulator names (its term is 12 months, as assumed).
    const renewal = /the next renewal is at (\S+)$/.exec(refused.body.message)?.[1];
    expect(Date.parse(window.opensAt)).toBe(Date.parse(renewal!));
  });

  it("is refused, naming the field, when it contradicts itself or the tenant", async () => {
    const t = emu.createTenant({
      account: nic,
      displayName: "Refused",
      subscriptions: [{ license: 7, quantity: 5 }],
    });
    const id = t.subscriptions[0]!.id;
    const early = await history(t.serviceName, id, {
      purchasedHoursAgo: 10,
      quantity: 5,
      changes: [{ hoursAgo: 20, quantity: 6 }],
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toContain("changes.0.hoursAgo");
    const zero = await history(t.serviceName, id, { purchasedHoursAgo: 10, quantity: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.message).toContain("quantity");
    expect((await history(t.serviceName, 999_999, { purchasedHoursAgo: 1, quantity: 1 })).status).toBe(404);
  });
});
