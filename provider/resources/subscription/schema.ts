// The subscription resource: inputs, state (version 1), reading older shapes, field metadata.
import { z } from "zod";
import { camelizeKeys } from "../checking.js";
import { type FieldMeta, input, optional, output, timeoutsField } from "../fields.js";
import { TimeoutsSchema, unreadable } from "../tenant/schema.js";
import { DEFAULT_TIMEOUTS } from "../timeouts.js";

export const SUBSCRIPTION_STATE_VERSION = 1;

export const SubscriptionInputsSchema = z.object({
  tenant: z.string(),
  /** A licence name ("Microsoft 365 Business Standard") or id ("42"), as the user wrote it. */
  license: z.string(),
  quantity: z.number().int(),
  parent: z.number().int().nullish(),
  adoptSubscriptionId: z.number().int().nullish(),
  timeouts: TimeoutsSchema.nullish(),
});
export type SubscriptionInputs = z.infer<typeof SubscriptionInputsSchema>;

export const SubscriptionOutputsSchema = z.object({
  subscriptionId: z.number().int(),
  licenseId: z.number().int(),
  licenseName: z.string(),
  status: z.string(),
  creationDate: z.string(),
  lastUpdate: z.string().nullish(),
  ovhAccount: z.string().nullish(),
});
export type SubscriptionOutputs = z.infer<typeof SubscriptionOutputsSchema>;

export const SubscriptionStateSchema = SubscriptionInputsSchema.extend(
  SubscriptionOutputsSchema.shape,
).extend({
  schemaVersion: z.literal(SUBSCRIPTION_STATE_VERSION),
});
export type SubscriptionState = z.infer<typeof SubscriptionStateSchema>;

/** Resource id for engines that need one string: `<tenant>/<subscriptionId>` (also the import id). */
export function subscriptionResourceId(state: Pick<SubscriptionState, "tenant" | "subscriptionId">): string {
  return `${state.tenant}/${state.subscriptionId}`;
}

export function parseSubscriptionResourceId(
  id: string,
): { tenant: string; subscriptionId: number } | undefined {
  const m = /^([^/\s]+)\/(\d+)$/.exec(id.trim());
  return m ? { tenant: m[1]!, subscriptionId: Number(m[2]) } : undefined;
}

/**
 * Reads a stored subscription state of any known shape: snake_case keys, ids as strings, `id` for
 * `subscriptionId`, `serviceName` for `tenant`, no schemaVersion; engine keys are dropped.
 */
export function upgradeSubscriptionState(raw: unknown): SubscriptionState {
  if (typeof raw !== "object" || raw === null) throw unreadable("subscription", "it is not an object");
  const s = camelizeKeys(raw) as Record<string, unknown>;
  const version = s.schemaVersion ?? 1;
  if (typeof version !== "number" || version > SUBSCRIPTION_STATE_VERSION) {
    throw unreadable(
      "subscription",
      `it has schema version ${String(version)}, newer than this provider's ${SUBSCRIPTION_STATE_VERSION}`,
    );
  }
  const num = (v: unknown) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v);
  const nullableNum = (v: unknown) => (v === undefined ? undefined : v === "" ? null : num(v));
  const subscriptionId = num(s.subscriptionId ?? s.id);
  const licenseId = num(s.licenseId);
  const candidate = {
    ...s,
    schemaVersion: SUBSCRIPTION_STATE_VERSION,
    tenant: s.tenant ?? s.serviceName,
    subscriptionId,
    licenseId,
    license:
      s.license === undefined || s.license === null
        ? (s.licenseName ?? String(licenseId))
        : String(s.license),
    licenseName: s.licenseName ?? s.license ?? "",
    quantity: num(s.quantity),
    parent: nullableNum(s.parent),
    adoptSubscriptionId: nullableNum(s.adoptSubscriptionId),
    status: s.status ?? "unknown",
    creationDate: s.creationDate ?? "",
  };
  const parsed = SubscriptionStateSchema.safeParse(candidate);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw unreadable("subscription", `these fields are missing or malformed: ${where}`);
  }
  return parsed.data;
}

export function subscriptionInputsOf(state: SubscriptionState): SubscriptionInputs {
  const { tenant, license, quantity, parent, adoptSubscriptionId, timeouts } = state;
  return { tenant, license, quantity, parent, adoptSubscriptionId, timeouts };
}

export const subscriptionFields: readonly FieldMeta[] = [
  input(
    "tenant",
    "string",
    "replace",
    "Service name of the tenant that holds the subscription (e.g. a tenant resource's serviceName). Another tenant of the same account means a new subscription there first, then this one cancelled; a tenant of another account is refused.",
  ),
  input(
    "license",
    "string",
    "replace",
    'The licence, by name ("Microsoft 365 Business Standard", case-insensitive) or id, among the tenant\'s orderable licences. A change means a new subscription first, then this one cancelled.',
    { acceptsNumber: true },
  ),
  input(
    "quantity",
    "number",
    "update",
    "Number of seats (the total), a whole number from 1 to the licence's limit. Changed in place; a reduction is allowed by Microsoft only within 168 hours of a purchase, renewal or seat addition.",
  ),
  optional(
    "parent",
    "number",
    "replace",
    "For an add-on licence: the id of the subscription it extends (required for add-ons, refused otherwise).",
  ),
  optional(
    "adoptSubscriptionId",
    "number",
    "state",
    "Id of an existing subscription to bring under management on create, instead of ordering one (the account and licence are checked; nothing is bought).",
  ),
  timeoutsField(DEFAULT_TIMEOUTS.subscription),
  output("subscriptionId", "number", "OVHcloud id of the subscription."),
  output("licenseId", "number", "Id of the licence."),
  output("licenseName", "string", "Name of the licence as OVHcloud lists it."),
  output("status", "string", "Subscription status as OVHcloud reports it (e.g. creating, active)."),
  output("creationDate", "string", "When the subscription was bought (ISO 8601)."),
  output("lastUpdate", "string", "Last change of the subscription, e.g. seats added (ISO 8601)."),
  output("ovhAccount", "string", "NIC handle of the OVHcloud account that owns the tenant."),
];
