// The run's read cache: what one engine run (one provider process, one `o365r` command) has read from
// OVHcloud, shared by every resource of that run, so that nothing is read twice. Front ends keep one
// per API client (per credential set) for the life of their process; an operation given no cache gets
// one of its own (`readsOf`), so that a caller who does not ask for sharing never sees an older value.
//
// What is cached, and why it is safe:
// - a tenant (`GET /saas/csp2/{s}`): its status, MCA flag and contact. Plans use them to refuse a
//   purchase before any mutating call; OVHcloud refuses the same writes itself, so a value a few
//   seconds old can only move a refusal from the plan to the API, never buy anything.
// - a tenant's licence catalogue (`…/orderableLicenses`): limits and flags, which change with
//   OVHcloud's catalogue, not with our writes.
// - a tenant's subscriptions (one expanded list, `…/subscription` with CachedObjectList-Pages): it
//   answers every subscription of that tenant, so a plan of ten subscriptions in two tenants reads two
//   lists, not ten objects. Every write of ours to a tenant's subscriptions drops that tenant's list.
//   The one decision about money made from a listing, "is there already a subscription of this
//   licence, or must we buy one?", never uses this cache: the create reads a fresh list right before
//   its POST (`freshSubscriptions`), and again after a POST whose answer was lost.
// - a parent's add-ons and the add-on licences it accepts: read for plan-time checks and adoption.
// A failed read is not kept: the next caller asks again.
import type { OfficeLicence, OfficeSubscription, OfficeTenant } from "../ovh/models/index.js";
import type { OperationContext } from "./context.js";
import { isNotFound } from "./errors.js";
import type { Csp2Port } from "./port.js";

export class ReadCache {
  private readonly tenants = new Map<string, Promise<OfficeTenant | null>>();
  private readonly catalogues = new Map<string, Promise<OfficeLicence[] | null>>();
  private readonly lists = new Map<string, Promise<OfficeSubscription[] | null>>();
  private readonly addonIds = new Map<string, Promise<number[]>>();
  private readonly accepted = new Map<string, Promise<number[]>>();
  /** Values already read, for callers that may only use what costs no call (`known*`). */
  private readonly settled = {
    tenants: new Map<string, OfficeTenant | null>(),
    catalogues: new Map<string, OfficeLicence[] | null>(),
    lists: new Map<string, OfficeSubscription[] | null>(),
  };

  constructor(private readonly api: Csp2Port) {}

  /** The tenant, or null when these credentials get 404 for it (absent, or another account's). */
  tenant(serviceName: string): Promise<OfficeTenant | null> {
    return this.memo(this.tenants, serviceName, this.settled.tenants, () =>
      orNull(this.api.getTenant(serviceName)),
    );
  }

  /** The tenant's orderable licences; null when the tenant is not visible. */
  catalogue(serviceName: string): Promise<OfficeLicence[] | null> {
    return this.memo(this.catalogues, serviceName, this.settled.catalogues, () =>
      orNull(this.api.listOrderableLicences(serviceName)),
    );
  }

  /** Every subscription of the tenant (any status), one expanded list; null when the tenant is not visible. */
  subscriptions(serviceName: string): Promise<OfficeSubscription[] | null> {
    return this.memo(this.lists, serviceName, this.settled.lists, () =>
      orNull(this.api.listSubscriptions(serviceName)),
    );
  }

  /**
   * The list read now, never from the cache: for the decision whether to buy. It replaces the cached
   * list, so later plans of the same run see it.
   */
  freshSubscriptions(serviceName: string): Promise<OfficeSubscription[] | null> {
    this.forgetSubscriptions(serviceName);
    return this.subscriptions(serviceName);
  }

  /** One subscription from its tenant's list; null when the list does not hold it (or the tenant is gone). */
  async subscription(serviceName: string, id: number): Promise<OfficeSubscription | null> {
    const list = await this.subscriptions(serviceName);
    return list?.find((s) => s.id === id) ?? null;
  }

  /** Ids of the add-ons of `parentId`. */
  addons(serviceName: string, parentId: number): Promise<number[]> {
    const key = `${serviceName}/${parentId}`;
    let p = this.addonIds.get(key);
    if (!p) {
      p = this.api.addonSubscriptionIds(serviceName, parentId);
      this.keep(this.addonIds, key, p);
    }
    return p;
  }

  /** Ids of the add-on licences `parentId` accepts (`availableAddonLicenses`). */
  addonLicences(serviceName: string, parentId: number): Promise<number[]> {
    const key = `${serviceName}/${parentId}`;
    let p = this.accepted.get(key);
    if (!p) {
      p = this.api.availableAddonLicences(serviceName, parentId);
      this.keep(this.accepted, key, p);
    }
    return p;
  }

  /** Already read (no call): the tenant, null when it was not visible, undefined when not read. */
  knownTenant(serviceName: string): OfficeTenant | null | undefined {
    return this.settled.tenants.get(serviceName);
  }

  knownSubscriptions(serviceName: string): OfficeSubscription[] | null | undefined {
    return this.settled.lists.get(serviceName);
  }

  knownCatalogue(serviceName: string): OfficeLicence[] | null | undefined {
    return this.settled.catalogues.get(serviceName);
  }

  /** After a write to the tenant itself (PUT). */
  forgetTenant(serviceName: string): void {
    this.tenants.delete(serviceName);
    this.settled.tenants.delete(serviceName);
  }

  /** After any write to a tenant's subscriptions (order, seat change, cancellation) or a task's end. */
  forgetSubscriptions(serviceName: string): void {
    this.lists.delete(serviceName);
    this.settled.lists.delete(serviceName);
    for (const key of [...this.addonIds.keys()]) {
      if (key.startsWith(`${serviceName}/`)) this.addonIds.delete(key);
    }
  }

  private memo<T>(
    promises: Map<string, Promise<T>>,
    key: string,
    settled: Map<string, T>,
    read: () => Promise<T>,
  ): Promise<T> {
    let p = promises.get(key);
    if (!p) {
      p = read().then((value) => {
        if (promises.get(key) === p) settled.set(key, value);
        return value;
      });
      this.keep(promises, key, p);
    }
    return p;
  }

  private keep<T>(promises: Map<string, Promise<T>>, key: string, p: Promise<T>): void {
    promises.set(key, p);
    p.catch(() => {
      if (promises.get(key) === p) promises.delete(key);
    });
  }
}

async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The context's read cache: the front end's (shared by the run), else one made for this context, so a
 * context is never served what another one read.
 */
export function readsOf(ctx: OperationContext): ReadCache {
  ctx.reads ??= new ReadCache(ctx.api);
  return ctx.reads;
}
