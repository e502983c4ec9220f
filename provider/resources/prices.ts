// Catalogue prices of licences: which price name `GET /price/saas/csp2/license/{name}` knows a licence
// by, and a table of monthly prices per seat keyed by licence. Pure: the lookups themselves go through
// the Csp2Api in the front end.
//
// The price route takes a name from a fixed enum that predates Microsoft's 2020 renames
// (shared/docs/ovh-csp2-api.md §6): "Business Essentials" is today's "Microsoft 365 Business Basic",
// "Business Premium" today's "Microsoft 365 Business Standard", "Business" today's "Microsoft 365 Apps
// for business". The API offers no mapping from a licence to its price name, so this table is ours.

/** Monthly price of one seat. */
export interface UnitPrice {
  value: number;
  currency: string;
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

// Licence names (current and former) → the price route's enum name.
const KNOWN: ReadonlyArray<readonly [string, string]> = [
  ["Microsoft 365 Business Basic", "BusinessEssentials"],
  ["Office 365 Business Essentials", "BusinessEssentials"],
  ["Microsoft 365 Business Standard", "BusinessPremium"],
  ["Office 365 Business Premium", "BusinessPremium"],
  ["Microsoft 365 Apps for business", "Business"],
  ["Office 365 Business", "Business"],
  ["Office 365 E1", "EnterpriseE1"],
  ["Office 365 E3", "EnterpriseE3"],
  ["Office 365 F3", "EnterpriseK1"],
  ["Office 365 F1", "EnterpriseK1"],
  ["Office 365 K1", "EnterpriseK1"],
  ["Exchange Online (Plan 1)", "ExchangeOnlinePlan1"],
  ["Exchange Online Plan 1", "ExchangeOnlinePlan1"],
  ["Office 365 ProPlus", "ProPlus"],
  ["Microsoft 365 Apps for enterprise", "ProPlus"],
  ["Project Online", "ProjectOnline"],
  ["Project Online Professional", "ProjectOnlineProfessional"],
  ["Project Plan 3", "ProjectOnlineProfessional"],
  ["Visio Pro", "VisioPro"],
  ["Visio Plan 2", "VisioPro"],
  ["Azure Active Directory Basic", "AzureActiveDirectoryBasic"],
  ["Azure Active Directory Premium P1", "AzureActiveDirectoryPremiumP1"],
  ["Microsoft Entra ID P1", "AzureActiveDirectoryPremiumP1"],
];
const BY_KEY: ReadonlyMap<string, string> = new Map(KNOWN.map(([name, price]) => [licenceKey(name), price]));

/**
 * Price names to try for a licence, best first: the enum name when the licence is one of the enum's,
 * then the licence name without spaces and punctuation, then the same without a leading "Microsoft"
 * ("Microsoft Teams Phone Standard" → "TeamsPhoneStandard"). The last two are guesses for licences
 * outside the documented enum (the emulator prices them so; whether OVHcloud does is unconfirmed); a
 * name none of them prices is reported as unpriced. At most three.
 */
export function priceNameCandidates(licenceName: string): string[] {
  const out: string[] = [];
  const known = BY_KEY.get(licenceKey(licenceName));
  if (known) out.push(known);
  const words = licenceName.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const compact = (ws: string[]) => ws.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  if (words.length > 0) out.push(compact(words));
  if (words.length > 1 && words[0]!.toLowerCase() === "microsoft" && /^[A-Za-z]/.test(words[1]!)) {
    out.push(compact(words.slice(1)));
  }
  return [...new Set(out)].slice(0, 3);
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

/** Money rounded to cents, so that sums of many seats do not show float noise. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
