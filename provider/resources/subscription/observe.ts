// What a subscription plan observes, as plain data: a plan carries it to its apply (Terraform's private
// bytes carry it from the plan to the apply process), so apply acts on what the plan saw instead of
// observing again. Every read goes through the run's read cache (reads.ts).
import type { OfficeLicence, OfficeSubscription } from "../../ovh/models/index.js";
import { currentAccount, nowOf, type OperationContext } from "../context.js";
import { apiFailure } from "../errors.js";
import { readsOf } from "../reads.js";
import type { SubscriptionObserved } from "./diff.js";

/** The tenant a subscription lives in, as far as a plan needs it. */
export interface TenantFacts {
  serviceName: string;
  /** False when these credentials get 404 for it (absent, or another account's). */
  visible: boolean;
  status?: string | undefined;
  hasAcceptedNewMCA?: boolean | undefined;
  creationDate?: string | undefined;
}

export interface SubscriptionObservation {
  /** OVHcloud's time when it was read (ISO 8601): Microsoft's windows are judged by it. */
  at: string;
  /** NIC handle of the credentials. */
  account: string;
  tenant?: TenantFacts | undefined;
  /** The tenant's orderable licences. */
  catalogue?: OfficeLicence[] | undefined;
  /** The state's subscription as its tenant's list holds it; null when the list does not hold it. */
  subscription?: OfficeSubscription | null | undefined;
  /** For a create: the tenant's subscriptions when it was planned. */
  siblings?: OfficeSubscription[] | undefined;
  /** An add-on's parent as listed (null: not in the tenant), and the add-on licences it accepts. */
  parent?: { id: number; subscription: OfficeSubscription | null; addonLicences?: number[] } | undefined;
}

/** An observation older than this is not reused by a later plan (it is read again). */
export const RECORDED_MAX_AGE_MS = 15 * 60_000;

export interface ObservationNeeds {
  /** The tenant the new inputs name (undefined while it is not known). */
  tenant?: string | undefined;
  catalogue?: boolean;
  /** The state's subscription. */
  own?: { tenant: string; id: number } | undefined;
  siblings?: boolean;
  parent?: number | undefined;
}

/**
 * Reads what a plan needs, each through the run's cache; parts of `recorded` (what an earlier step of
 * the same run saw, e.g. Terraform's refresh) are used as they are while they are recent.
 */
export async function observe(
  ctx: OperationContext,
  needs: ObservationNeeds,
  recorded?: SubscriptionObservation,
): Promise<SubscriptionObservation> {
  const account = await currentAccount(ctx);
  const now = nowOf(ctx);
  const reuse =
    recorded &&
    recorded.account === account.nic &&
    now.getTime() - Date.parse(recorded.at) <= RECORDED_MAX_AGE_MS
      ? recorded
      : undefined;
  const reads = readsOf(ctx);
  const observed: SubscriptionObservation = { at: reuse?.at ?? now.toISOString(), account: account.nic };
  const tenantName = needs.tenant;
  try {
    if (tenantName !== undefined) {
      if (reuse?.tenant?.serviceName === tenantName) observed.tenant = reuse.tenant;
      else {
        const t = await reads.tenant(tenantName);
        observed.tenant = t
          ? {
              serviceName: tenantName,
              visible: true,
              status: t.status,
              hasAcceptedNewMCA: t.hasAcceptedNewMCA,
              creationDate: t.creationDate,
            }
          : { serviceName: tenantName, visible: false };
      }
      if (observed.tenant.visible) {
        if (needs.catalogue) {
          observed.catalogue =
            reuse?.tenant?.serviceName === tenantName && reuse.catalogue
              ? reuse.catalogue
              : ((await reads.catalogue(tenantName)) ?? undefined);
        }
        // For a plan only: the decision to buy reads the list again (create.ts).
        const sameTenant = reuse?.tenant?.serviceName === tenantName;
        if (needs.siblings) {
          observed.siblings =
            sameTenant && reuse?.siblings ? reuse.siblings : ((await reads.subscriptions(tenantName)) ?? []);
        }
        if (needs.parent !== undefined) {
          observed.parent =
            sameTenant && reuse?.parent?.id === needs.parent
              ? reuse.parent
              : { id: needs.parent, subscription: await reads.subscription(tenantName, needs.parent) };
        }
      }
    }
    if (needs.own) {
      const own = needs.own;
      observed.subscription =
        reuse?.subscription !== undefined && reuse.subscription?.id === own.id
          ? reuse.subscription
          : await reads.subscription(own.tenant, own.id);
    }
  } catch (error) {
    throw apiFailure(`Reading tenant ${tenantName ?? needs.own?.tenant}`, error);
  }
  return observed;
}

/** The observation as the pure diff takes it. */
export function asObserved(o: SubscriptionObservation | undefined, now: Date): SubscriptionObserved {
  if (!o) return { now };
  return {
    account: o.account,
    now: new Date(o.at),
    tenant: o.tenant,
    catalogue: o.catalogue,
    subscription: o.subscription ?? undefined,
  };
}

/**
 * What the run already knows of a subscription, without a call: the read cache (Terraform's refresh
 * in the same process), else a recent recorded observation. For plans that only warn from it.
 */
export function knownSubscription(
  ctx: OperationContext,
  tenant: string,
  id: number,
  recorded?: SubscriptionObservation,
): OfficeSubscription | null | undefined {
  const list = readsOf(ctx).knownSubscriptions(tenant);
  if (list !== undefined) return list?.find((s) => s.id === id) ?? null;
  return recorded?.subscription?.id === id ? recorded.subscription : undefined;
}
