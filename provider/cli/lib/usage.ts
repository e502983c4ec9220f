// Reading a tenant's usage once per run: this billing period's peaks (`billingPeriodPeaks`, one call)
// and, only when a subscription's window depends on whether its last update added seats, the daily
// usage statistics of the last month (`usageStatistics?timePeriod=lastMonth`, one call). What the
// figures mean is the core's (provider/resources/usage.ts, windows.ts). A failed read is recorded on
// the observation, never thrown: the rest of the report goes on without the figures it lacked.
import type { Csp2Api } from "../../csp2/index.js";
import type { OfficeSubscription } from "../../ovh/models/index.js";
import type { TenantObservation } from "../../resources/usage.js";
import { needsUsageEvidence, seatAdditionFromUsage } from "../../resources/windows.js";
import { messageOf } from "./errors.js";

export async function observeTenant(
  api: Csp2Api,
  serviceName: string,
  subscriptions: readonly OfficeSubscription[],
  now: Date,
): Promise<TenantObservation> {
  const observation: TenantObservation = { subscriptions };
  const errors: string[] = [];
  try {
    observation.period = await api.billingPeriodPeaks(serviceName);
  } catch (error) {
    errors.push(`billingPeriodPeaks: ${messageOf(error)}`);
  }
  const uncertain = subscriptions.filter((s) => needsUsageEvidence(s, now));
  if (uncertain.length > 0) {
    try {
      const stats = await api.usageStatistics(serviceName, "lastMonth");
      const additions = new Map<number, Date | null>();
      for (const sub of uncertain) {
        const shared = subscriptions.filter((s) => s.licenseId === sub.licenseId).length > 1;
        const added = seatAdditionFromUsage(sub, stats, { sharedLicence: shared });
        if (added !== undefined) additions.set(sub.id, added);
      }
      observation.seatAdditions = additions;
    } catch (error) {
      errors.push(`usageStatistics: ${messageOf(error)}`);
    }
  }
  if (errors.length > 0) observation.error = errors.join("; ");
  return observation;
}
