// What `o365r adopt` declares: the unmanaged tenants and subscriptions found by a scan, with resource
// names that are unique, stable and valid in TypeScript, HCL and Pulumi. The emitters (pulumi.ts,
// hcl.ts, cdktf.ts) only print this model.
import type { UnmanagedResource } from "../../resources/drift.js";
import type { AccountScan } from "../lib/scan.js";

export interface AdoptContact {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  zipCode: string;
}

export interface AdoptSubscription {
  /** snake_case resource name, unique in the file. */
  name: string;
  subscriptionId: number;
  licenseId: number;
  license: string;
  quantity: number;
  /** For an add-on: the subscription it extends; `parentName` when that one is generated too. */
  parentId?: number | undefined;
  parentName?: string | undefined;
}

export interface AdoptTenant {
  serviceName: string;
  /** snake_case resource name; undefined when a state already declares the tenant (only subscriptions are adopted). */
  name?: string | undefined;
  displayName: string;
  mpnId: string | null;
  contact: AdoptContact;
  subscriptions: AdoptSubscription[];
}

export interface AdoptAccount {
  name: string;
  nic: string;
  tenants: AdoptTenant[];
}

export interface AdoptModel {
  generatedAt: string;
  accounts: AdoptAccount[];
}

/** Builds the model from the scans and the unmanaged objects of a drift report. */
export function adoptModel(
  scans: readonly AccountScan[],
  unmanaged: readonly UnmanagedResource[],
  now: Date,
): AdoptModel {
  const names = new Names();
  const wantedTenants = new Set(unmanaged.filter((u) => u.kind === "tenant").map((u) => u.id));
  const wantedSubs = new Set(unmanaged.filter((u) => u.kind === "subscription").map((u) => u.id));
  const accounts: AdoptAccount[] = [];
  for (const scan of scans) {
    if (scan.error !== undefined || scan.nic === undefined) continue;
    const tenants: AdoptTenant[] = [];
    for (const t of scan.tenants) {
      const serviceName = t.tenant.serviceName;
      const subs = t.subscriptions.filter((s) => wantedSubs.has(`${serviceName}/${s.subscription.id}`));
      const adoptTenant = wantedTenants.has(serviceName);
      if (!adoptTenant && subs.length === 0) continue;
      const tenantName = adoptTenant ? names.take(t.tenant.displayName || serviceName) : undefined;
      const base = tenantName ?? slug(t.tenant.displayName || serviceName);
      const subscriptions: AdoptSubscription[] = subs.map((s) => ({
        name: names.take(`${base}_${s.licence?.name ?? `licence_${s.subscription.licenseId}`}`),
        subscriptionId: s.subscription.id,
        licenseId: s.subscription.licenseId,
        license: s.licence?.name ?? String(s.subscription.licenseId),
        quantity: s.subscription.quantity,
        parentId: s.parentId,
      }));
      for (const s of subscriptions) {
        if (s.parentId !== undefined)
          s.parentName = subscriptions.find((p) => p.subscriptionId === s.parentId)?.name;
      }
      // Parents before their add-ons, so that references read top-down.
      subscriptions.sort((a, b) => Number(a.parentId !== undefined) - Number(b.parentId !== undefined));
      const x = t.tenant;
      tenants.push({
        serviceName,
        name: tenantName,
        displayName: x.displayName,
        mpnId: x.mpnId ?? null,
        contact: {
          firstName: x.firstName,
          lastName: x.lastName,
          email: x.email,
          phone: x.phone,
          address: x.address,
          city: x.city,
          zipCode: x.zipCode,
        },
        subscriptions,
      });
    }
    if (tenants.length > 0) accounts.push({ name: scan.name, nic: scan.nic, tenants });
  }
  return { generatedAt: now.toISOString(), accounts };
}

/** `Contoso Demo GmbH` → `contoso_demo_gmbh`; starts with a letter; at most 60 characters. */
export function slug(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60)
    .replace(/_+$/, "");
  return /^[a-z]/.test(s) ? s : `r_${s || "resource"}`;
}

/** `contoso_demo_gmbh` → `contosoDemoGmbh`. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

class Names {
  private readonly used = new Set<string>();
  /** The next suffix to try per base: thousands of subscriptions of one licence stay linear. */
  private readonly next = new Map<string, number>();
  take(text: string): string {
    const base = slug(text);
    let i = this.next.get(base) ?? 1;
    let name = i === 1 ? base : `${base}_${i}`;
    while (this.used.has(name)) name = `${base}_${++i}`;
    this.next.set(base, i + 1);
    this.used.add(name);
    return name;
  }
}

export function counts(model: AdoptModel): { tenants: number; subscriptions: number } {
  let tenants = 0;
  let subscriptions = 0;
  for (const a of model.accounts) {
    for (const t of a.tenants) {
      if (t.name !== undefined) tenants += 1;
      subscriptions += t.subscriptions.length;
    }
  }
  return { tenants, subscriptions };
}
