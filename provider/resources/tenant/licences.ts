// The licences a tenant is ordered with (`licenses`): their check before any API call, and how a
// declared licence is matched to a licence option the cart offers.
//
// How OVHcloud names a licence option is not public (docs/wire-contract.md, "Licence options"). So the
// mapping is discovered at run time and never assumed: a declared licence is the offered option whose
// product name or plan code equals it, case and punctuation ignored. A licence no option matches, an
// option family OVHcloud marks mandatory that no declared licence belongs to, or a cart that offers no
// options at all stops the order before checkout, naming the licence and what is offered.
import type { OptionDefinition } from "../../ovh/models/index.js";
import type { Checker } from "../checking.js";
import type { Refusal } from "../errors.js";
import { isUnknown } from "../plan.js";
import { DEFAULT_SEAT_LIMIT } from "../subscription/check.js";
import * as rules from "../validate.js";
import type { TenantLicence } from "./schema.js";

/** How licences are compared: case, spacing and punctuation ignored. */
export function licenceOptionKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const licenceName: rules.Rule<string> = (value) => {
  const r = rules.nonEmptyString(255)(value);
  if (!r.ok) return r;
  if (/^\d+$/.test(r.value)) {
    return {
      ok: false,
      reason:
        "must be a licence name as OVHcloud's order form offers it: licence ids are known only once a tenant exists",
    };
  }
  return { ok: true, value: r.value.replace(/\s+/g, " ") };
};

/** Checks `licenses`: a list of {license, quantity}, each licence once. Unknown values pass. */
export function checkLicences(c: Checker, value: unknown): TenantLicence[] | undefined {
  if (value === undefined || value === null || isUnknown(value)) return value as undefined;
  if (!Array.isArray(value)) {
    c.fail("licenses", value, "must be a list of {license, quantity}");
    return undefined;
  }
  const out: TenantLicence[] = [];
  const seen = new Map<string, number>();
  value.forEach((entry, i) => {
    const at = `licenses[${i}]`;
    if (isUnknown(entry)) {
      out.push(entry as never);
      return;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      c.fail(at, entry, "must be an object with license and quantity");
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (key !== "license" && key !== "quantity") {
        c.fail(`${at}.${key}`, e[key], "is not a field of a licence (known: license, quantity)");
      }
    }
    const license = c.required(`${at}.license`, e.license, licenceName);
    const quantity = c.required(
      `${at}.quantity`,
      e.quantity,
      rules.positiveInteger("a number of seats", DEFAULT_SEAT_LIMIT),
    );
    if (typeof license === "string") {
      const first = seen.get(licenceOptionKey(license));
      if (first !== undefined) {
        c.fail(
          `${at}.license`,
          license,
          `is already listed as licenses[${first}]: a tenant holds one subscription per licence, so give its total quantity once`,
        );
      }
      seen.set(licenceOptionKey(license), i);
    }
    out.push({ license, quantity } as TenantLicence);
  });
  return out.length > 0 ? out : undefined;
}

/** Whether two `licenses` inputs declare the same licences and seats (order and spelling ignored). */
export function sameLicences(a: unknown, b: unknown): boolean {
  if (isUnknown(b) || (Array.isArray(b) && b.some(isUnknown))) return false;
  const norm = (v: unknown) => {
    if (!Array.isArray(v)) return "[]";
    const entries = v.map((l) => {
      const e = (l ?? {}) as Record<string, unknown>;
      return `${licenceOptionKey(String(e.license ?? ""))}=${String(e.quantity)}`;
    });
    return JSON.stringify(entries.sort());
  };
  return norm(a) === norm(b);
}

export interface LicenceMatch {
  licence: TenantLicence;
  /** Index in `licenses`. */
  index: number;
  option: OptionDefinition;
}

/** What the cart offers for the plan: its options, or null when OVHcloud has none for it (404). */
export interface OfferedOptions {
  planCode: string;
  options: readonly OptionDefinition[] | null;
}

/**
 * Matches each declared licence to an offered option, and checks the plan's rule that an option
 * family is mandatory. Refusals name the licence (`licenses[i].license`), the rule and what is offered;
 * nothing may be ordered while there are any. Entries not known yet (a preview) are skipped, and the
 * mandatory rule then waits for them.
 */
export function matchLicences(
  licences: readonly TenantLicence[],
  offered: OfferedOptions,
): { matches: LicenceMatch[]; refusals: Refusal[] } {
  const pending = licences.some((l) => isUnknown(l) || typeof l.license !== "string");
  const options = offered.options ?? [];
  const refusals: Refusal[] = [];
  const matches: LicenceMatch[] = [];
  const list = offeredList(options);
  if (offered.options === null && licences.length > 0) {
    refusals.push({
      code: "LICENCE_OPTIONS_NOT_OFFERED",
      property: "licenses",
      message: `The tenant cannot be ordered with licences: OVHcloud's cart offers no licence options for plan ${offered.planCode}. Remove licenses, order the tenant alone and declare a subscription resource per licence.`,
    });
    return { matches, refusals };
  }
  licences.forEach((licence, index) => {
    if (isUnknown(licence) || typeof licence.license !== "string") return;
    const key = licenceOptionKey(licence.license);
    const option = options.find(
      (o) => licenceOptionKey(o.productName) === key || licenceOptionKey(o.planCode) === key,
    );
    if (option) {
      matches.push({ licence, index, option });
      return;
    }
    refusals.push({
      code: "LICENCE_NOT_OFFERED",
      property: `licenses[${index}].license`,
      message: `Licence "${licence.license}" is not offered with a new tenant: OVHcloud's cart offers ${list} (options of plan ${offered.planCode}). Use one of these names, or buy it after delivery with a subscription resource.`,
    });
  });
  for (const family of pending ? [] : mandatoryFamilies(options)) {
    if (matches.some((m) => m.option.family === family)) continue;
    const members = options.filter((o) => o.family === family).map((o) => o.productName);
    refusals.push({
      code: "LICENCE_OPTION_REQUIRED",
      property: "licenses",
      message: `OVHcloud sells plan ${offered.planCode} only with at least one option of its mandatory family "${family}", and licenses names none: add one of ${members.join(", ")} to licenses.`,
    });
  }
  return { matches, refusals };
}

function mandatoryFamilies(options: readonly OptionDefinition[]): string[] {
  return [...new Set(options.filter((o) => o.mandatory).map((o) => o.family))];
}

function offeredList(options: readonly OptionDefinition[]): string {
  if (options.length === 0) return "no licence at all";
  return options.map((o) => `"${o.productName}"`).join(", ");
}

/** The price entry to order an option (or plan) with: pricing mode `default` when offered, else the first. */
export function orderPricing(
  prices: OptionDefinition["prices"],
): { duration: string; pricingMode: string } | undefined {
  const price = prices.find((p) => p.pricingMode === "default") ?? prices[0];
  return price ? { duration: price.duration, pricingMode: price.pricingMode } : undefined;
}
