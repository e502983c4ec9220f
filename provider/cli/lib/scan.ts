// The fleet scan behind inventory, drift and adopt: every tenant and subscription of each account,
// through the CSP2 operations only. Per account: `GET /me`, the expanded tenant listing (about one call
// per page), one expanded subscription listing per tenant, and the orderable licences of a tenant only
// when one of its subscriptions has a licence not seen yet in that account (licence ids are catalogue
// ids). Accounts run side by side; tenants within an account as wide as the client's in-flight cap.
// With `usage`, each tenant's billing period peaks (and usage statistics when a window depends on
// them) are read too (lib/usage.ts): one or two calls more per tenant.
import type { Csp2Api } from "../../csp2/index.js";
import { CLIENT_DEFAULTS, mapLimit } from "../../ovh/index.js";
import type { OfficeLicence, OfficeSubscription, OfficeTenant } from "../../ovh/models/index.js";
import type { ObservedAccount } from "../../resources/drift.js";
import type { TenantObservation } from "../../resources/usage.js";
import type { AccountSpec } from "./accounts.js";
import { type ApiFactory, withConnection } from "./connect.js";
import { externalError, messageOf } from "./errors.js";
import type { CliIo } from "./io.js";
import type { PriceLookup, Prices } from "./prices.js";
import { observeTenant } from "./usage.js";

export interface ScannedSubscription {
  subscription: OfficeSubscription;
  licence?: OfficeLicence | undefined;
  /** For add-ons, when asked for (adopt): the subscription it extends. */
  parentId?: number | undefined;
}

export interface ScannedTenant {
  tenant: OfficeTenant;
  subscriptions: ScannedSubscription[];
  /** This period's peaks and seat additions, when the scan was asked for them. */
  usage?: TenantObservation | undefined;
}

export interface AccountScan {
  name: string;
  nic?: string | undefined;
  endpoint?: string | undefined;
  tenants: ScannedTenant[];
  prices?: PriceLookup | undefined;
  /** Why the scan of this account failed (the others go on). */
  error?: string | undefined;
}

export interface ScanOptions {
  /** Look up the prices of the licences found (the account's cart, else the prices file). */
  prices?: Prices | undefined;
  /** Find the parent of each add-on subscription (one more call per subscription of a tenant with add-ons). */
  parents?: boolean | undefined;
  /** Read each tenant's billing period peaks and, when needed, usage statistics, as of `now`. */
  usage?: { now: Date } | undefined;
  makeApi?: ApiFactory | undefined;
  onTenantsListed?: ((account: string, count: number) => void) | undefined;
  onTenantScanned?: ((account: string) => void) | undefined;
  onAccountDone?: ((scan: AccountScan) => void) | undefined;
}

export async function scanAccounts(
  specs: readonly AccountSpec[],
  io: CliIo,
  options: ScanOptions = {},
): Promise<AccountScan[]> {
  return Promise.all(
    specs.map(async (spec) => {
      let scan: AccountScan;
      try {
        scan = await withConnection(
          spec,
          io,
          async ({ api, client }) => {
            const partial: AccountScan = { name: spec.name, endpoint: client.endpoint.baseUrl, tenants: [] };
            await scanOne(spec, api, partial, options);
            return partial;
          },
          options.makeApi,
        );
      } catch (error) {
        scan = { name: spec.name, tenants: [], error: messageOf(error) };
      }
      options.onAccountDone?.(scan);
      return scan;
    }),
  );
}

async function scanOne(
  spec: AccountSpec,
  api: Csp2Api,
  scan: AccountScan,
  options: ScanOptions,
): Promise<void> {
  const me = await api.whoAmI();
  scan.nic = me.nic;
  if (spec.nic && spec.nic !== me.nic) {
    throw externalError(
      `account ${spec.name}: its credentials belong to ${me.nic}, not to ${spec.nic} as the accounts file says; fix the credentials or the nic`,
    );
  }
  const tenants = await api.listTenants();
  options.onTenantsListed?.(spec.name, tenants.length);
  const licences = new LicenceNames(api);
  const width = spec.tuning.maxInFlight ?? CLIENT_DEFAULTS.maxInFlight;
  scan.tenants = await mapLimit(
    [...tenants].sort((a, b) => a.serviceName.localeCompare(b.serviceName)),
    width,
    async (tenant) => {
      const subs = await api.listSubscriptions(tenant.serviceName);
      const named = await licences.resolve(tenant.serviceName, subs);
      const subscriptions: ScannedSubscription[] = [...subs]
        .sort((a, b) => a.id - b.id)
        .map((subscription) => ({ subscription, licence: named.get(subscription.licenseId) }));
      if (options.parents) await findParents(api, tenant.serviceName, subscriptions);
      const usage = options.usage
        ? await observeTenant(api, tenant.serviceName, subs, options.usage.now)
        : undefined;
      options.onTenantScanned?.(spec.name);
      return { tenant, subscriptions, ...(usage ? { usage } : {}) };
    },
  );
  if (options.prices) {
    const seen = new Map<number, OfficeLicence>();
    for (const t of scan.tenants)
      for (const s of t.subscriptions) if (s.licence) seen.set(s.licence.id, s.licence);
    scan.prices = await options.prices.lookup(api, [...seen.values()], me);
  }
}

/** Licence names by id, from the orderable licences of the first tenant that needs one. */
class LicenceNames {
  private readonly known = new Map<number, OfficeLicence>();
  private readonly asked = new Set<string>();
  private pending: Promise<void> = Promise.resolve();
  constructor(private readonly api: Csp2Api) {}

  async resolve(
    serviceName: string,
    subs: readonly OfficeSubscription[],
  ): Promise<Map<number, OfficeLicence>> {
    // One catalogue read at a time: concurrent tenants usually need the same licences.
    const run = this.pending.then(async () => {
      if (subs.some((s) => !this.known.has(s.licenseId)) && !this.asked.has(serviceName)) {
        this.asked.add(serviceName);
        for (const l of await this.api.listOrderableLicences(serviceName)) this.known.set(l.id, l);
      }
    });
    this.pending = run.catch(() => {});
    await run;
    return this.known;
  }
}

async function findParents(api: Csp2Api, serviceName: string, subs: ScannedSubscription[]): Promise<void> {
  if (!subs.some((s) => s.licence?.licenceType === "ADDON")) return;
  for (const parent of subs) {
    if (parent.licence?.licenceType === "ADDON") continue;
    const children = await api.addonSubscriptionIds(serviceName, parent.subscription.id);
    for (const s of subs) if (children.includes(s.subscription.id)) s.parentId = parent.subscription.id;
  }
}

/** The scans as the core's drift input (accounts that failed are left out: the caller reports them). */
export function observed(scans: readonly AccountScan[]): ObservedAccount[] {
  return scans
    .filter((s) => s.error === undefined && s.nic !== undefined)
    .map((s) => ({
      name: s.name,
      nic: s.nic!,
      tenants: s.tenants.map((t) => ({
        tenant: t.tenant,
        subscriptions: t.subscriptions.map((x) => ({
          subscription: x.subscription,
          licenseName: x.licence?.name,
        })),
      })),
    }));
}
