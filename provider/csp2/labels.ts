// Pure parts of the tenant order: mapping the cart item's configuration labels onto our fields, and
// choosing the plan. The real CSP2 labels and plan codes are unconfirmed, so labels are matched to
// field names only (case and punctuation ignored): no list of guessed spellings.
import { OvhOperationError } from "../ovh/errors.js";
import type { ProductDefinition, RequiredConfiguration } from "../ovh/models/index.js";
import type { PlanChoice, TenantConfiguration } from "./types.js";

/** `Zip-Code`, `zip_code`, `zipCode` → `zipcode`. */
export function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Our field names, normalized, with how to read each from the configuration. */
const FIELDS: Record<string, { field: string; read: (c: TenantConfiguration) => string | undefined }> = {
  mpnid: { field: "mpnId", read: (c) => c.mpnId },
  displayname: { field: "displayName", read: (c) => c.displayName },
  firstname: { field: "contact.firstName", read: (c) => c.contact.firstName },
  lastname: { field: "contact.lastName", read: (c) => c.contact.lastName },
  email: { field: "contact.email", read: (c) => c.contact.email },
  phone: { field: "contact.phone", read: (c) => c.contact.phone },
  address: { field: "contact.address", read: (c) => c.contact.address },
  city: { field: "contact.city", read: (c) => c.contact.city },
  zipcode: { field: "contact.zipCode", read: (c) => c.contact.zipCode },
  subdomain: { field: "subdomain", read: (c) => c.subdomain },
};

/** The tenant input a configuration label is filled from (`contact.zipCode`), or undefined when none is. */
export function labelField(label: string): string | undefined {
  return FIELDS[normalizeLabel(label)]?.field;
}

export interface LabelPlan {
  /** Labels to send, with their values, in the order the API listed them. */
  send: Array<{ label: string; value: string; field: string }>;
  /** Optional labels we do not know: left unset. */
  skipped: string[];
}

/**
 * Decides what to send for each label. Throws OvhOperationError (before anything is sent) naming
 * required labels that match none of our fields, or that match a field with no value.
 */
export function planConfiguration(
  labels: readonly RequiredConfiguration[],
  config: TenantConfiguration,
): LabelPlan {
  const send: LabelPlan["send"] = [];
  const skipped: string[] = [];
  const unknown: string[] = [];
  const missing: string[] = [];
  for (const item of labels) {
    const known = FIELDS[normalizeLabel(item.label)];
    if (!known) {
      if (item.required) unknown.push(item.label);
      else skipped.push(item.label);
      continue;
    }
    const value = known.read(config)?.trim();
    if (value === undefined || value === "") {
      if (item.required) missing.push(`${item.label} (${known.field})`);
      continue;
    }
    send.push({ label: item.label, value, field: known.field });
  }
  if (unknown.length > 0) {
    throw new OvhOperationError(
      "configureTenantItem",
      `The tenant order asks for ${unknown.map((l) => `"${l}"`).join(", ")}, which o365r cannot fill: it ` +
        `knows ${Object.values(FIELDS)
          .map((f) => f.field)
          .join(", ")}. OVHcloud's order form has changed; nothing was sent. Please report it.`,
    );
  }
  if (missing.length > 0) {
    throw new OvhOperationError(
      "configureTenantItem",
      `The tenant order requires ${missing.join(", ")}, but no value was given. Set it in the tenant's ` +
        "inputs and try again; nothing was sent.",
    );
  }
  return { send, skipped };
}

/**
 * The plan to put in the cart: the one named by `planCode`, else the only one offered. Its price
 * entry: pricing mode `default` when offered, else the first.
 */
export function choosePlan(plans: readonly ProductDefinition[], planCode?: string): PlanChoice {
  const candidates = planCode ? plans.filter((p) => p.planCode === planCode) : plans;
  if (candidates.length === 0) {
    throw new OvhOperationError(
      "offeredPlans",
      planCode
        ? `The cart offers no CSP2 plan "${planCode}"; it offers ${plans.map((p) => p.planCode).join(", ") || "none"}.`
        : "The cart offers no CSP2 plan: this account may not be allowed to order Office 365 Reseller (CSP2) tenants.",
    );
  }
  if (candidates.length > 1) {
    throw new OvhOperationError(
      "offeredPlans",
      `The cart offers several CSP2 plans (${candidates.map((p) => p.planCode).join(", ")}): name one with planCode.`,
    );
  }
  const plan = candidates[0]!;
  const price = plan.prices.find((p) => p.pricingMode === "default") ?? plan.prices[0];
  if (!price) {
    throw new OvhOperationError(
      "offeredPlans",
      `The CSP2 plan "${plan.planCode}" has no price to order it with.`,
    );
  }
  return { planCode: plan.planCode, duration: price.duration, pricingMode: price.pricingMode };
}
