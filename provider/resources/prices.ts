// Monthly prices of licences and where each came from. Pure: the lookups go through the port (the
// cart's offer, offer.ts) or a file the front end reads.
//
// Sources, best first (docs/wire-contract.md, "Prices"):
// - `cart`: the licence options of OVHcloud's cart for a new tenant, each priced per seat
//   (`GET /order/cart/{cartId}/csp2/options`): what OVHcloud sells today, in the account's currency;
// - `file`: a prices file the user gives (e.g. the reseller's own purchase prices), for the licences the
//   cart does not price.
// The old price route (`/price/saas/csp2/license/{name}`) is not a source: its 13 names are a 2019 enum
// that does not name today's licences safely and was not re-checked against 2026.
import type { OptionDefinition } from "../ovh/models/index.js";

/** Where a price came from. */
export type PriceSource = "cart" | "file";

/** Monthly price of one seat, excluding tax. */
export interface UnitPrice {
  value: number;
  currency: string;
  /** Undefined only in tables built by hand (tests). */
  source?: PriceSource | undefined;
}

/** Licence (by `licenceKey`) → monthly price per seat. */
export type PriceTable = ReadonlyMap<string, UnitPrice>;

/** The key licences are compared by: case, spacing and punctuation ignored; ids as `#<id>`. */
export function licenceKey(licence: string | number): string {
  if (typeof licence === "number" || /^\s*#?\d+\s*$/.test(licence)) {
    return `#${String(licence).replace(/[\s#]/g, "")}`;
  }
  return licence
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The price of a licence from a table, by name or by id (`#id`). */
export function priceOf(
  table: PriceTable,
  licence: { name?: string | undefined; id?: number | undefined },
): UnitPrice | undefined {
  if (licence.name !== undefined) {
    const byName = table.get(licenceKey(licence.name));
    if (byName) return byName;
  }
  return licence.id !== undefined ? table.get(licenceKey(licence.id)) : undefined;
}

/** Months in an ISO 8601 duration of whole months or years (`P1M`, `P12M`, `P1Y`); else undefined. */
export function durationMonths(duration: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?$/.exec(duration);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const months = Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0);
  return months > 0 ? months : undefined;
}

/**
 * The monthly price per seat of each offered option, keyed by its product name: the `default` pricing
 * mode when offered (else the first price), divided over its duration. Options priced by another unit
 * than months are left out (unpriced, said so by the caller).
 */
export function optionPrices(options: readonly OptionDefinition[]): PriceTable {
  const table = new Map<string, UnitPrice>();
  for (const option of options) {
    const pricing = option.prices.find((p) => p.pricingMode === "default") ?? option.prices[0];
    const months = pricing ? durationMonths(pricing.duration) : undefined;
    if (!pricing || months === undefined) continue;
    table.set(licenceKey(option.productName), {
      value: cents(pricing.price.value / months),
      currency: pricing.price.currencyCode,
      source: "cart",
    });
  }
  return table;
}

/** `primary`'s prices, and `fallback`'s for the licences `primary` does not price. */
export function withFallback(primary: PriceTable | undefined, fallback: PriceTable | undefined): PriceTable {
  const out = new Map(fallback ?? []);
  for (const [key, price] of primary ?? []) out.set(key, price);
  return out;
}

/** Money rounded to cents, so that sums of many seats do not show float noise. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
