// Read-only lookups for data sources and inventories: one tenant by service name, and a tenant's
// orderable licences with their monthly price. Field metadata describes both, as for the resources.
import type { LicencePrice, OfficeLicence } from "../ovh/models/index.js";
import { currentAccount, type OperationContext } from "./context.js";
import { apiFailure, isNotFound, tenantNotInAccount } from "./errors.js";
import { type FieldMeta, input, output } from "./fields.js";
import { priceNameCandidates } from "./prices.js";
import { importTenant } from "./tenant/operations.js";
import { type Contact, tenantFields } from "./tenant/schema.js";

// ---- one tenant ------------------------------------------------------------------------------------

export interface TenantView {
  serviceName: string;
  displayName: string;
  mpnId: string;
  contact: Contact;
  status: string;
  creationDate: string;
  adminPortalUrl: string;
  ovhAccount: string;
  hasAcceptedNewMCA: boolean | null;
}

const VIEW_FIELDS = new Set([
  "displayName",
  "mpnId",
  "contact",
  "status",
  "creationDate",
  "adminPortalUrl",
  "ovhAccount",
  "hasAcceptedNewMCA",
]);

/** The tenant as a lookup shows it: `serviceName` in, what OVHcloud reports out (as the resource). */
export const tenantViewFields: readonly FieldMeta[] = [
  input("serviceName", "string", "none", "Service name of the tenant to read, e.g. csp2-1a2b3c4d."),
  ...tenantFields.filter((f) => VIEW_FIELDS.has(f.name)),
];

/** Reads one tenant of the credentials' account; another account's (or none) is refused by name. */
export async function lookupTenant(ctx: OperationContext, serviceName: string): Promise<TenantView> {
  const account = await currentAccount(ctx);
  const s = await importTenant(ctx, serviceName);
  return {
    serviceName: s.serviceName,
    displayName: s.displayName,
    mpnId: s.mpnId,
    contact: s.contact,
    status: s.status,
    creationDate: s.creationDate,
    adminPortalUrl: s.adminPortalUrl,
    ovhAccount: account.nic,
    hasAcceptedNewMCA: s.hasAcceptedNewMCA ?? null,
  };
}

// ---- a tenant's orderable licences -----------------------------------------------------------------

export interface LicenceView {
  id: number;
  name: string;
  /** ADDON or NON-SPECIFIC, as OVHcloud lists it. */
  type: string;
  limit: number | null;
  newSeatsAllowed: boolean;
  newSubscriptionsAllowed: boolean;
  /** Monthly price per seat excluding tax; null when the price list has no entry for the licence. */
  price: number | null;
  currency: string | null;
}

export const licenceViewFields: readonly FieldMeta[] = [
  output("id", "number", "Licence id (what a subscription's license input also accepts)."),
  output("name", "string", "Licence name, e.g. Microsoft 365 Business Standard."),
  output("type", "string", "ADDON for add-on licences (they need a parent subscription), else NON-SPECIFIC."),
  output(
    "limit",
    "number",
    "Most seats of this licence OVHcloud sells in one subscription (null: no limit reported).",
  ),
  output("newSeatsAllowed", "boolean", "Whether seats can be added to existing subscriptions of it."),
  output("newSubscriptionsAllowed", "boolean", "Whether new subscriptions of it can be ordered."),
  output(
    "price",
    "number",
    "Monthly price per seat excluding tax, from OVHcloud's price list (null when the list has no entry for it).",
  ),
  output("currency", "string", "Currency of the price, e.g. EUR."),
];

export async function listLicences(ctx: OperationContext, serviceName: string): Promise<LicenceView[]> {
  const account = await currentAccount(ctx);
  let licences: OfficeLicence[];
  try {
    licences = await ctx.api.listOrderableLicences(serviceName);
  } catch (error) {
    if (isNotFound(error)) throw tenantNotInAccount({ serviceName, current: account.nic });
    throw apiFailure(`Listing the orderable licences of tenant ${serviceName}`, error);
  }
  const prices = await Promise.all(licences.map((l) => priceOf(ctx, l.name)));
  return licences
    .map((l, i) => ({
      id: l.id,
      name: l.name,
      type: l.licenceType,
      limit: l.limit ?? null,
      newSeatsAllowed: l.newSeatsAllowed,
      newSubscriptionsAllowed: l.newSubscriptionsAllowed,
      price: prices[i]?.value ?? null,
      currency: prices[i]?.currencyCode ?? null,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Prices per API (one endpoint, one price list): read once per licence name and process. */
const priceCache = new WeakMap<object, Map<string, Promise<LicencePrice | undefined>>>();

/**
 * The first price the price list gives for one of the licence's price names (none is not an error),
 * read once per licence name and API: the data source, inventory and plan summaries all use it.
 */
export function priceOf(ctx: OperationContext, licenceName: string): Promise<LicencePrice | undefined> {
  let cache = priceCache.get(ctx.api);
  if (!cache) {
    cache = new Map();
    priceCache.set(ctx.api, cache);
  }
  let price = cache.get(licenceName);
  if (!price) {
    price = fetchPrice(ctx, licenceName);
    price.catch(() => cache.delete(licenceName));
    cache.set(licenceName, price);
  }
  return price;
}

async function fetchPrice(ctx: OperationContext, licenceName: string): Promise<LicencePrice | undefined> {
  if (!ctx.api.licencePrice) return undefined;
  for (const name of priceNameCandidates(licenceName)) {
    try {
      return await ctx.api.licencePrice(name);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 400 || status === 404) continue;
      throw apiFailure(`Reading the price of ${licenceName}`, error);
    }
  }
  return undefined;
}
