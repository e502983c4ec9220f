// `billingPeriodPeaks` and `usageStatistics`, computed from the tenant's log of seat counts
// (one point per licence each time a task changes its seats).
import { LicensePeriod } from "../../provider/ovh/models/index.js";
import { licenceById } from "../catalogue.js";
import type { Tenant } from "../core/state.js";
import { addMonths, DAY_MS, isoDate, startOfDay, startOfMonth } from "../core/time.js";
import { type Route, tenantOf } from "../http/context.js";
import { errors } from "../http/errors.js";

const PERIOD_DAYS = { lastWeek: 7, lastMonth: 30, lastQuarter: 90, lastYear: 365 } as const;

/** Seat count of a licence at `at` (the last point at or before it). */
function countAt(tenant: Tenant, licenseId: number, at: number): number {
  let count = 0;
  for (const point of tenant.usage) {
    if (point.licenseId === licenseId && point.at <= at) count = point.count;
  }
  return count;
}

/** Highest seat count of a licence over [from, to]. */
function peakBetween(tenant: Tenant, licenseId: number, from: number, to: number): number {
  let peak = countAt(tenant, licenseId, from);
  for (const point of tenant.usage) {
    if (point.licenseId === licenseId && point.at > from && point.at <= to)
      peak = Math.max(peak, point.count);
  }
  return peak;
}

function licenceIds(tenant: Tenant): number[] {
  return [...new Set(tenant.usage.map((p) => p.licenseId))].sort((a, b) => a - b);
}

const nameOf = (id: number): string => licenceById(id)?.name ?? String(id);

export const usageRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/billingPeriodPeaks",
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const start = startOfMonth(ctx.now);
      const lines = licenceIds(tenant)
        .map((id) => ({
          licenceId: id,
          licenceName: nameOf(id),
          peakCount: peakBetween(tenant, id, start, ctx.now),
        }))
        .filter((line) => line.peakCount > 0);
      return {
        // saas.csp2.BillingStatistics dates are `date` (YYYY-MM-DD): the first and last day of the month.
        body: { startDate: isoDate(start), endDate: isoDate(addMonths(start, 1) - DAY_MS), lines },
      };
    },
  },
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/usageStatistics",
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const raw = ctx.query.get("timePeriod");
      const parsed = LicensePeriod.safeParse(raw);
      if (!parsed.success) {
        throw errors.badRequest(
          raw === null
            ? "Missing parameter timePeriod (lastWeek, lastMonth, lastQuarter or lastYear)"
            : `Invalid parameter timePeriod "${raw}": expected lastWeek, lastMonth, lastQuarter or lastYear`,
          { fields: ["timePeriod"] },
        );
      }
      const days = PERIOD_DAYS[parsed.data];
      const today = startOfDay(ctx.now);
      const ids = licenceIds(tenant);
      const body = [];
      for (let day = today - (days - 1) * DAY_MS; day <= today; day += DAY_MS) {
        const end = Math.min(day + DAY_MS - 1, ctx.now);
        const lines = ids
          .map((id) => ({
            licenceId: id,
            licenceName: nameOf(id),
            endOfDayCount: countAt(tenant, id, end),
            peakCount: peakBetween(tenant, id, day, end),
          }))
          .filter((line) => line.peakCount > 0);
        body.push({ date: isoDate(day), lines });
      }
      return { body };
    },
  },
];
