// The licence catalogue and its illustrative monthly prices (EUR per seat, excluding tax).
// Names are Microsoft's current ones; `priceName` is the `/price/saas/csp2/license/{name}` key: the
// API's own enum name where one fits (Microsoft renamed the Office 365 Business plans in 2020, hence
// Basic = BusinessEssentials, Standard = BusinessPremium), otherwise a name of ours (docs/emulator.md).
// Every licence is also a licence option of the CSP2 plan in the cart (`optionPlanCode`), priced there:
// how OVHcloud names its options is not public, so the plan codes are the emulator's own.
// Flags and limits are illustrative, chosen so that every rule the API enforces can be exercised.

export interface CatalogueLicence {
  id: number;
  name: string;
  licenceType: "ADDON" | "NON-SPECIFIC";
  /** Most seats of this licence one tenant may hold (all its subscriptions together). */
  limit: number;
  newSeatsAllowed: boolean;
  newSubscriptionsAllowed: boolean;
  priceName: string;
  monthlyPrice: number;
  /** For add-ons: the licence ids whose subscriptions list this add-on in availableAddonLicenses. */
  parents?: number[];
  education?: boolean;
}

export const LICENCES: readonly CatalogueLicence[] = [
  base(1, "Microsoft 365 Business Basic", 300, "BusinessEssentials", 5.6),
  base(2, "Microsoft 365 Business Standard", 300, "BusinessPremium", 11.7),
  base(3, "Microsoft 365 Business Premium", 300, "Microsoft365BusinessPremium", 20.6),
  base(4, "Microsoft 365 Apps for business", 300, "Business", 9.8),
  base(5, "Office 365 E3", 10_000, "EnterpriseE3", 22.7),
  base(6, "Microsoft 365 E5", 10_000, "Microsoft365E5", 54.7),
  base(7, "Exchange Online (Plan 1)", 10_000, "ExchangeOnlinePlan1", 3.7),
  { ...base(8, "Office 365 A1 for students", 50_000, "OfficeA1Students", 0), education: true },
  // Retired offers: existing subscriptions remain, with the restrictions their flags state.
  { ...base(9, "Office 365 E1", 10_000, "EnterpriseE1", 9.4), newSubscriptionsAllowed: false },
  {
    ...base(10, "Office 365 ProPlus", 10_000, "ProPlus", 11.7),
    newSubscriptionsAllowed: false,
    newSeatsAllowed: false,
  },
  addon(101, "Microsoft Teams Phone Standard", "TeamsPhoneStandard", 7.5, [3, 5]),
  addon(102, "Exchange Online Archiving", "ExchangeOnlineArchiving", 2.8, [1, 2, 3, 7]),
  addon(103, "Microsoft 365 E5 Security", "Microsoft365E5Security", 11.2, [3, 5]),
];

/** Price names of the API's enum that no orderable licence carries: still priced, as the real route is. */
export const EXTRA_PRICES: Readonly<Record<string, number>> = {
  AzureActiveDirectoryBasic: 0.9,
  AzureActiveDirectoryPremiumP1: 5.6,
  EnterpriseK1: 2.1,
  ProjectOnline: 6.7,
  ProjectOnlineProfessional: 28.0,
  VisioPro: 14.0,
};

function base(id: number, name: string, limit: number, priceName: string, price: number): CatalogueLicence {
  return {
    id,
    name,
    licenceType: "NON-SPECIFIC",
    limit,
    newSeatsAllowed: true,
    newSubscriptionsAllowed: true,
    priceName,
    monthlyPrice: price,
  };
}

function addon(
  id: number,
  name: string,
  priceName: string,
  price: number,
  parents: number[],
): CatalogueLicence {
  return { ...base(id, name, 300, priceName, price), licenceType: "ADDON", parents };
}

export function licenceById(id: number): CatalogueLicence | undefined {
  return LICENCES.find((licence) => licence.id === id);
}

/** Finds a licence by id (number or digits), name or price name, case-insensitively (admin seeding). */
export function findLicence(ref: string | number): CatalogueLicence | undefined {
  if (typeof ref === "number" || /^\d+$/.test(ref)) return licenceById(Number(ref));
  const wanted = ref.toLowerCase();
  return LICENCES.find((l) => l.name.toLowerCase() === wanted || l.priceName.toLowerCase() === wanted);
}

/** Add-on licences a subscription of `licenseId` may carry. */
export function addonsFor(licenseId: number): CatalogueLicence[] {
  return LICENCES.filter((l) => l.licenceType === "ADDON" && l.parents?.includes(licenseId));
}

/**
 * The plan code of a licence's option in the cart: the emulator's own naming (OVHcloud's is unknown),
 * deliberately not the licence name, so that a client has to match options by their productName.
 */
export function optionPlanCode(licence: CatalogueLicence): string {
  return `csp2-option-${licence.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}

/** The licence a cart option plan code stands for. */
export function licenceOfOption(planCode: string): CatalogueLicence | undefined {
  return LICENCES.find((licence) => optionPlanCode(licence) === planCode);
}

/** Monthly price of a price name, or undefined. */
export function priceOf(priceName: string): number | undefined {
  const licence = LICENCES.find((l) => l.priceName === priceName);
  return licence ? licence.monthlyPrice : EXTRA_PRICES[priceName];
}

/** The CSP2 tenant plan sold by the cart (the tenant itself is free: its licences are billed). */
export const TENANT_PLAN = {
  planCode: "csp2-tenant",
  productName: "Office 365 Reseller (CSP2) licence group",
  duration: "P1M",
  pricingMode: "default",
  price: 0,
} as const;
