// Validation of subscription inputs in two steps: `checkSubscription` (the inputs alone, no API), and
// `checkSubscriptionLicence` (against the tenant's orderable licences, given as data). The second
// defers when the tenant or the licence is not known yet (e.g. preview of a tenant still to be ordered).
import type { OfficeLicence } from "../../ovh/models/index.js";
import { asRecord, Checker, unknownInputs } from "../checking.js";
import type { CheckFailure, CheckResult } from "../plan.js";
import { isUnknown } from "../plan.js";
import * as rules from "../validate.js";
import { type SubscriptionInputs, subscriptionFields } from "./schema.js";

const INPUTS = subscriptionFields.filter((f) => f.role === "input").map((f) => f.name);
const OUTPUTS = subscriptionFields.filter((f) => f.role === "output").map((f) => f.name);

/** Seats per subscription when OVHcloud reports no limit (Microsoft's usual cap per subscription). */
export const DEFAULT_SEAT_LIMIT = 10_000;

const licenseRule: rules.Rule<string> = (value) => {
  if (typeof value === "number") {
    return Number.isInteger(value) && value > 0
      ? { ok: true, value: String(value) }
      : { ok: false, reason: "must be a licence name or a licence id (a whole number ≥ 1)" };
  }
  const r = rules.nonEmptyString(255)(value);
  return r.ok ? { ok: true, value: r.value.replace(/\s+/g, " ") } : r;
};

export function checkSubscription(news: unknown): CheckResult<SubscriptionInputs> {
  const c = new Checker();
  const n = asRecord(c, "(inputs)", news);
  unknownInputs(c, n, INPUTS, OUTPUTS, "subscription");
  const inputs = {
    tenant: c.required("tenant", n.tenant, rules.serviceName),
    license: c.required("license", n.license, licenseRule),
    quantity: c.required(
      "quantity",
      n.quantity,
      rules.positiveInteger("a number of seats", DEFAULT_SEAT_LIMIT),
    ),
    parent: c.optional("parent", n.parent, rules.positiveInteger("a subscription id")),
    adoptSubscriptionId: c.optional(
      "adoptSubscriptionId",
      n.adoptSubscriptionId,
      rules.positiveInteger("a subscription id"),
    ),
    timeouts: c.timeouts("timeouts", n.timeouts),
  };
  if (c.failures.length > 0) return { failures: c.failures };
  const clean = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
  return { inputs: clean as SubscriptionInputs, failures: [] };
}

export interface LicenceResolution {
  /** True when the check could not run yet (tenant, licence or catalogue unknown). */
  deferred: boolean;
  licence?: OfficeLicence;
  failures: CheckFailure[];
}

const nameKey = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** Finds the licence a `license` input names (an id, or a name compared case- and space-insensitively). */
export function findLicence(license: string, catalogue: readonly OfficeLicence[]): OfficeLicence | undefined {
  const t = license.trim();
  if (/^\d+$/.test(t)) return catalogue.find((l) => l.id === Number(t));
  return catalogue.find((l) => nameKey(l.name) === nameKey(t));
}

/**
 * The licence against the tenant's orderable licences: it must exist, an add-on needs `parent` and a
 * non-add-on must not have one, the quantity must be within the licence's limit, and (for a new
 * subscription, not an adoption) OVHcloud must take new subscriptions of it.
 */
export function checkSubscriptionLicence(
  inputs: SubscriptionInputs,
  catalogue: readonly OfficeLicence[] | undefined,
  options: { creating?: boolean } = {},
): LicenceResolution {
  if (!catalogue || isUnknown(inputs.tenant) || isUnknown(inputs.license))
    return { deferred: true, failures: [] };
  const failures: CheckFailure[] = [];
  const licence = findLicence(inputs.license, catalogue);
  if (!licence) {
    const list = catalogue.map((l) => `${l.name} (id ${l.id})`).join(", ");
    failures.push({
      property: "license",
      value: inputs.license,
      reason: `is not orderable in tenant ${inputs.tenant}; orderable licences: ${list || "none"}`,
    });
    return { deferred: false, failures };
  }
  const hasParent = inputs.parent !== undefined && inputs.parent !== null;
  if (licence.licenceType === "ADDON" && !hasParent) {
    failures.push({
      property: "parent",
      reason: `is required: ${licence.name} is an add-on licence; set parent to the id of the subscription it extends`,
    });
  }
  if (licence.licenceType !== "ADDON" && hasParent) {
    failures.push({
      property: "parent",
      value: inputs.parent,
      reason: `must not be set: ${licence.name} is not an add-on licence`,
    });
  }
  const limit = licence.limit ?? undefined;
  if (limit !== undefined && !isUnknown(inputs.quantity) && inputs.quantity > limit) {
    failures.push({
      property: "quantity",
      value: inputs.quantity,
      reason: `must be at most ${limit}, the most seats of ${licence.name} OVHcloud sells in one subscription`,
    });
  }
  const adopting = inputs.adoptSubscriptionId !== undefined && inputs.adoptSubscriptionId !== null;
  if (options.creating && !adopting && !licence.newSubscriptionsAllowed) {
    failures.push({
      property: "license",
      value: inputs.license,
      reason: `cannot be ordered: OVHcloud takes no new subscriptions of ${licence.name} (newSubscriptionsAllowed is false)`,
    });
  }
  return { deferred: false, licence, failures };
}
