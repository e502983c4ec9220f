/*
 * Telling what a tenant already holds of a licence, before anything is bought. A tenant holds one
 * subscription per licence (OVHcloud's own model: the subscription id is "unique per licence type
 * ordered"), and the core manages at most one per licence per tenant (per parent, for add-ons):
 *
 * - none alive: order.
 * - exactly one, bought with the tenant's own order (`licenses` of the tenant resource): created at the
 *   tenant's delivery, i.e. within TENANT_ORDER_WINDOW_MS after the tenant's creationDate (OVHcloud
 *   delivers an order's licences with its tenant; the emulator creates both at the same instant):
 *   adopted, and its seats then brought to the declared quantity, never bought a second time.
 * - exactly one, created in the last 24 hours with exactly the declared quantity: taken for what an
 *   interrupted earlier attempt bought (a crash, a lost answer), and adopted.
 * - anything else (older, another quantity, several): refused with "adopt it with adoptSubscriptionId:
 *   N"; adopting silently could later cancel seats nobody declared.
 *
 * A subscription whose order failed (status "error") holds no working seats: it never blocks an order
 * and is never adopted. One that an interrupted attempt of this very create left (young, the declared
 * quantity) is a leftover the create cancels, so the tenant ends with one subscription of the licence.
 */
import type { OfficeLicence, OfficeSubscription } from "../../ovh/models/index.js";
import { type Refusal, subscriptionExists } from "../errors.js";
import type { SubscriptionInputs } from "./schema.js";
import { hasEnded, isFailedOrder } from "./status.js";

/** A subscription this old or younger, with the declared quantity, is taken for an interrupted attempt's. */
export const RECOVERY_WINDOW_MS = 24 * 3_600_000;
/**
 * A subscription created this long after its tenant (or up to TENANT_ORDER_SKEW_MS before: clocks of
 * two systems) is taken for one bought with the tenant's order. Narrow on purpose: a subscription it
 * does not recognise is refused with SUBSCRIPTION_EXISTS (adopt it by id), never bought twice.
 */
export const TENANT_ORDER_WINDOW_MS = 3_600_000;
export const TENANT_ORDER_SKEW_MS = 5 * 60_000;

export type Existing =
  | { kind: "none"; leftovers: OfficeSubscription[] }
  | {
      kind: "adopt";
      subscription: OfficeSubscription;
      /** Bought with the tenant's order: its seats may differ from the declared ones. */
      withTenant: boolean;
      /** Completes "Subscription N … was …". */
      why: string;
      leftovers: OfficeSubscription[];
    }
  | { kind: "exists"; subscription: OfficeSubscription; refusal: Refusal };

export function classifyExisting(
  list: readonly OfficeSubscription[],
  inputs: Pick<SubscriptionInputs, "tenant" | "quantity" | "parent">,
  licence: Pick<OfficeLicence, "id" | "name">,
  context: {
    /** The tenant's creationDate. */
    tenantCreated?: string | undefined;
    now: number;
    /** For an add-on: the ids of its parent's add-ons. */
    addons?: readonly number[] | undefined;
  },
): Existing {
  const addon = inputs.parent !== undefined && inputs.parent !== null;
  const ofLicence = list.filter(
    (s) =>
      s.licenseId === licence.id && !hasEnded(s.status) && (!addon || (context.addons ?? []).includes(s.id)),
  );
  const leftovers = ofLicence.filter(
    (s) => isFailedOrder(s.status) && young(s, context.now) && s.quantity === inputs.quantity,
  );
  const live = ofLicence.filter((s) => !isFailedOrder(s.status));
  if (live.length === 0) return { kind: "none", leftovers };
  const only = live.length === 1 ? live[0]! : undefined;
  const recovered = only && young(only, context.now) && only.quantity === inputs.quantity;
  if (only && !addon && createdWithTenant(only, context.tenantCreated)) {
    const also = recovered ? " or by an interrupted earlier attempt of this create" : "";
    return {
      kind: "adopt",
      subscription: only,
      withTenant: true,
      why: `bought with tenant ${inputs.tenant}'s order${also}`,
      leftovers,
    };
  }
  if (only && recovered) {
    return {
      kind: "adopt",
      subscription: only,
      withTenant: false,
      why: "most likely bought by an interrupted earlier attempt of this create",
      leftovers,
    };
  }
  const s = live[0]!;
  return {
    kind: "exists",
    subscription: s,
    refusal: subscriptionExists({
      serviceName: inputs.tenant,
      subscriptionId: s.id,
      licenseName: licence.name,
      quantity: s.quantity,
      creationDate: s.creationDate,
    }).toRefusal(),
  };
}

function young(s: OfficeSubscription, now: number): boolean {
  const created = Date.parse(s.creationDate);
  return Number.isFinite(created) && now - created <= RECOVERY_WINDOW_MS && created <= now + 60_000;
}

function createdWithTenant(s: OfficeSubscription, tenantCreated: string | undefined): boolean {
  const created = Date.parse(s.creationDate);
  const tenant = Date.parse(tenantCreated ?? "");
  if (!Number.isFinite(created) || !Number.isFinite(tenant)) return false;
  const after = created - tenant;
  return after >= -TENANT_ORDER_SKEW_MS && after <= TENANT_ORDER_WINDOW_MS;
}
