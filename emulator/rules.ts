// Microsoft's rules for CSP subscriptions (shared/docs/ovh-csp2-api.md §7) and the catalogue's
// limits and flags. Pure functions of the state and the virtual time; each refusal is a 403 with a
// `Client::Forbidden::<Rule>` class, answered before any task is created (wire-contract.md).
import type { CatalogueLicence } from "./catalogue.js";
import type { Subscription, Tenant } from "./core/state.js";
import { addMonths, HOUR_MS, isoDateTime } from "./core/time.js";
import { errors } from "./http/errors.js";

export const WINDOW_HOURS = 168;

/** Start of the current commitment term: the purchase, or its latest anniversary. */
export function termStart(sub: Subscription, now: number, termMonths: number): number {
  let start = sub.purchasedAt;
  for (let k = 1; ; k += 1) {
    const next = addMonths(sub.purchasedAt, k * termMonths);
    if (next > now) return start;
    start = next;
  }
}

/** When the current 168-hour window opened: purchase, renewal or the latest seat addition. */
export function windowStart(sub: Subscription, now: number, termMonths: number): number {
  return Math.max(termStart(sub, now, termMonths), sub.seatsAddedAt ?? Number.NEGATIVE_INFINITY);
}

export function windowOpen(sub: Subscription, now: number, termMonths: number): boolean {
  return now - windowStart(sub, now, termMonths) <= WINDOW_HOURS * HOUR_MS;
}

/** Seats of a licence the tenant holds or has asked for (pending increases included). */
export function seatsHeld(tenant: Tenant, licenseId: number, except?: number): number {
  let total = 0;
  for (const sub of Object.values(tenant.subscriptions)) {
    if (sub.licenseId !== licenseId || sub.id === except || sub.status === "error") continue;
    const pending = sub.taskPendingId ? tenant.tasks[sub.taskPendingId] : undefined;
    total += Math.max(sub.quantity, pending?.function === "changeQuantity" ? (pending.quantity ?? 0) : 0);
  }
  return total;
}

function requireActiveTenant(tenant: Tenant): void {
  if (tenant.status !== "ok") {
    throw errors.refused(
      "ServiceNotActive",
      `Tenant ${tenant.serviceName} is ${tenant.status}: licences can only be changed while it is ok`,
    );
  }
}

function requireMca(tenant: Tenant): void {
  if (!tenant.hasAcceptedNewMCA) {
    throw errors.refused(
      "McaNotAccepted",
      `The customer of tenant ${tenant.serviceName} has not accepted the new Microsoft Customer Agreement: ` +
        "Microsoft refuses purchases and seat changes until its administrator accepts it in the Microsoft 365 admin center",
    );
  }
}

function requireWithinLimit(tenant: Tenant, licence: CatalogueLicence, seats: number): void {
  if (seats > licence.limit) {
    throw errors.refused(
      "LicenceLimitExceeded",
      `Licence "${licence.name}" (${licence.id}) is limited to ${licence.limit} seats per tenant; ` +
        `tenant ${tenant.serviceName} would hold ${seats}`,
    );
  }
}

/** A new subscription (or add-on) of `quantity` seats. */
export function checkPurchase(tenant: Tenant, licence: CatalogueLicence, quantity: number): void {
  requireActiveTenant(tenant);
  requireMca(tenant);
  if (!licence.newSubscriptionsAllowed) {
    throw errors.refused(
      "NewSubscriptionsNotAllowed",
      `Licence "${licence.name}" (${licence.id}) no longer accepts new subscriptions`,
    );
  }
  requireWithinLimit(tenant, licence, seatsHeld(tenant, licence.id) + quantity);
}

/** changeQuantity to a new total. */
export function checkQuantityChange(
  tenant: Tenant,
  sub: Subscription,
  licence: CatalogueLicence,
  quantity: number,
  now: number,
  termMonths: number,
): void {
  requireActiveTenant(tenant);
  requireMca(tenant);
  if (quantity > sub.quantity) {
    if (!licence.newSeatsAllowed) {
      throw errors.refused(
        "NewSeatsNotAllowed",
        `Licence "${licence.name}" (${licence.id}) no longer accepts new seats`,
      );
    }
    requireWithinLimit(tenant, licence, seatsHeld(tenant, licence.id, sub.id) + quantity);
  } else if (quantity < sub.quantity && !windowOpen(sub, now, termMonths)) {
    throw errors.refused(
      "SeatReductionWindowClosed",
      windowMessage("Seats of", sub, now, termMonths, "reduced"),
    );
  }
}

/** Cancellation (DELETE) of a subscription. */
export function checkCancellation(tenant: Tenant, sub: Subscription, now: number, termMonths: number): void {
  requireActiveTenant(tenant);
  if (!windowOpen(sub, now, termMonths)) {
    throw errors.refused("CancellationWindowClosed", windowMessage("", sub, now, termMonths, "cancelled"));
  }
}

function windowMessage(
  prefix: string,
  sub: Subscription,
  now: number,
  termMonths: number,
  verb: string,
): string {
  const opened = windowStart(sub, now, termMonths);
  const renewal = addMonths(termStart(sub, now, termMonths), termMonths);
  const subject = `${prefix ? `${prefix} s` : "S"}ubscription ${sub.id}`;
  return (
    `${subject} can only be ${verb} within ${WINDOW_HOURS} hours of its purchase, renewal or last seat addition ` +
    `(Microsoft NCE): the window closed at ${isoDateTime(opened + WINDOW_HOURS * HOUR_MS)}; ` +
    `the next renewal is at ${isoDateTime(renewal)}`
  );
}
