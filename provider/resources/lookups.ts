// Read-only lookups for data sources and inventories: one tenant by service name, and a tenant's
// orderable licences with their monthly price. Field metadata describes both, as for the resources.
import type { OfficeLicence } from "../ovh/models/index.js";
import { currentAccount, type OperationContext } from "./context.js";
import { apiFailure, isNotFound, tenantNotInAccount } from "./errors.js";
import { type FieldMeta, input, output } from "./fields.js";
import { discoverOffer } from "./offer.js";
import { optionPrices, type PriceTable, priceOf } from "./prices.js";
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
  /** Monthly price per seat excluding tax, from the cart's offer; null when the cart does not price it (or cannot be read). */
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
    "Monthly price per seat excluding tax, as OVHcloud's cart prices it as a licence option of a new tenant (null when the cart does not offer it, or could not be read).",
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
  // Prices are extra: a cart that cannot be read (a consumer key without the cart's rules) leaves them
  // null rather than failing the listing.
  const prices = await cartPrices(ctx).catch(() => new Map() as PriceTable);
  return licences
    .map((l) => ({
      id: l.id,
      name: l.name,
      type: l.licenceType,
      limit: l.limit ?? null,
      newSeatsAllowed: l.newSeatsAllowed,
      newSubscriptionsAllowed: l.newSubscriptionsAllowed,
      price: priceOf(prices, { name: l.name })?.value ?? null,
      currency: priceOf(prices, { name: l.name })?.currency ?? null,
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * The monthly prices the cart's offer gives (the licence options of a new tenant, each priced per
 * seat), read once per API client with the offer itself: the data source, inventory and plan
 * summaries all use it. A licence the cart does not offer has no price here.
 */
export async function cartPrices(ctx: OperationContext): Promise<PriceTable> {
  try {
    return optionPrices((await discoverOffer(ctx)).options ?? []);
  } catch (error) {
    throw apiFailure("Reading the licence prices of OVHcloud's cart", error);
  }
}
