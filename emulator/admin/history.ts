// Seeding a subscription's past in one consistent piece: when it was bought with how many seats and
// each later change of its seats. From that history follow everything the API shows about it —
// creationDate, lastUpdate, quantity — and everything derived from it: the usage points behind
// billingPeriodPeaks and usageStatistics, and Microsoft's 168-hour window (purchase, renewal, the
// last seat addition). Tests set peaks and windows with it without the parts contradicting each other.
import { z } from "zod";
import type { Subscription, Tenant } from "../core/state.js";
import { HOUR_MS } from "../core/time.js";
import { errors } from "../http/errors.js";

export const SubscriptionHistory = z.object({
  /** Hours since the purchase (the start of its first term). */
  purchasedHoursAgo: z.number().min(0),
  /** Seats bought at the purchase. */
  quantity: z.number().int().min(1),
  /** Later changes of the seats (total after each change), any order; the last one is the current quantity. */
  changes: z.array(z.object({ hoursAgo: z.number().min(0), quantity: z.number().int().min(1) })).optional(),
});
export type SubscriptionHistory = z.infer<typeof SubscriptionHistory>;

export function setSubscriptionHistory(
  tenant: Tenant,
  sub: Subscription,
  history: SubscriptionHistory,
  now: number,
): void {
  if (sub.taskPendingId !== 0) {
    throw errors.conflict(`Subscription ${sub.id} has task ${sub.taskPendingId} pending: wait for it first`);
  }
  const sharing = Object.values(tenant.subscriptions).find(
    (s) => s.id !== sub.id && s.licenseId === sub.licenseId,
  );
  if (sharing) {
    throw errors.badRequest(
      `Subscription ${sub.id}: usage is counted per licence, and subscription ${sharing.id} holds licence ${sub.licenseId} too; ` +
        "a history can only be set for a licence held by one subscription",
    );
  }
  const bought = now - history.purchasedHoursAgo * HOUR_MS;
  const changes = [...(history.changes ?? [])]
    .map((c) => ({ at: now - c.hoursAgo * HOUR_MS, quantity: c.quantity }))
    .sort((a, b) => a.at - b.at);
  changes.forEach((c, i) => {
    if (c.at <= bought) {
      throw errors.badRequest(
        `changes.${i}.hoursAgo: a change must come after the purchase (purchasedHoursAgo ${history.purchasedHoursAgo})`,
        { fields: [`changes.${i}.hoursAgo`] },
      );
    }
    if (i > 0 && c.at === changes[i - 1]!.at) {
      throw errors.badRequest(`changes.${i}.hoursAgo: two changes at the same time`, {
        fields: [`changes.${i}.hoursAgo`],
      });
    }
  });

  sub.creationDate = bought;
  sub.purchasedAt = bought;
  sub.lastUpdate = changes.at(-1)?.at ?? bought;
  sub.quantity = changes.at(-1)?.quantity ?? history.quantity;
  let seats = history.quantity;
  sub.seatsAddedAt = null;
  for (const c of changes) {
    if (c.quantity > seats) sub.seatsAddedAt = c.at;
    seats = c.quantity;
  }
  tenant.usage = [
    ...tenant.usage.filter((p) => p.licenseId !== sub.licenseId),
    { at: bought, licenseId: sub.licenseId, count: history.quantity },
    ...changes.map((c) => ({ at: c.at, licenseId: sub.licenseId, count: c.quantity })),
  ].sort((a, b) => a.at - b.at);
}
