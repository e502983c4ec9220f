// The tenant resource: its inputs, its state (version 1), reading older shapes, and the field metadata
// every front end derives its schema and docs from.
import { z } from "zod";
import { camelizeKeys } from "../checking.js";
import { ResourceError } from "../errors.js";
import { type FieldMeta, input, optional, output, timeoutsField } from "../fields.js";
import { DEFAULT_TIMEOUTS } from "../timeouts.js";

export const TENANT_STATE_VERSION = 1;
/** Where the tenant's administrator manages users and licences (credentials arrive by e-mail). */
export const ADMIN_PORTAL_URL = "https://admin.microsoft.com";

const Duration = z.union([z.string(), z.number()]);
export const TimeoutsSchema = z.object({
  create: Duration.optional(),
  update: Duration.optional(),
  delete: Duration.optional(),
});

export const ContactSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string(),
  address: z.string(),
  city: z.string(),
  zipCode: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;
export const CONTACT_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "address",
  "city",
  "zipCode",
] as const;

/** One licence bought with the tenant: a subscription of `quantity` seats once it is delivered. */
export const TenantLicenceSchema = z.object({ license: z.string(), quantity: z.number().int() });
export type TenantLicence = z.infer<typeof TenantLicenceSchema>;

export const TenantInputsSchema = z.object({
  displayName: z.string(),
  mpnId: z.string(),
  contact: ContactSchema,
  subdomain: z.string().nullish(),
  licenses: z.array(TenantLicenceSchema).nullish(),
  allowReplacement: z.boolean().nullish(),
  allowTermination: z.boolean().nullish(),
  adoptServiceName: z.string().nullish(),
  timeouts: TimeoutsSchema.nullish(),
});
export type TenantInputs = z.infer<typeof TenantInputsSchema>;

export const TenantOutputsSchema = z.object({
  serviceName: z.string(),
  status: z.string(),
  creationDate: z.string(),
  adminPortalUrl: z.string(),
  /** NIC handle of the owning OVHcloud account; absent only in states written before it was recorded. */
  ovhAccount: z.string().nullish(),
  orderId: z.number().int().nullish(),
  hasAcceptedNewMCA: z.boolean().nullish(),
});
export type TenantOutputs = z.infer<typeof TenantOutputsSchema>;

export const TenantStateSchema = TenantInputsSchema.extend(TenantOutputsSchema.shape).extend({
  schemaVersion: z.literal(TENANT_STATE_VERSION),
});
export type TenantState = z.infer<typeof TenantStateSchema>;

/**
 * Reads a stored tenant state of any known shape into the current one: snake_case keys (Terraform),
 * the API's flat contact fields, numbers for strings, no schemaVersion (written before versioning),
 * engine keys such as Pulumi's `__provider` (dropped). Throws a readable error for anything else.
 */
export function upgradeTenantState(raw: unknown): TenantState {
  if (typeof raw !== "object" || raw === null) throw unreadable("tenant", "it is not an object");
  const s = camelizeKeys(raw) as Record<string, unknown>;
  const version = s.schemaVersion ?? 1;
  if (typeof version !== "number" || version > TENANT_STATE_VERSION) {
    throw unreadable(
      "tenant",
      `it has schema version ${String(version)}, newer than this provider's ${TENANT_STATE_VERSION}`,
    );
  }
  const contact = (typeof s.contact === "object" && s.contact !== null ? s.contact : {}) as Record<
    string,
    unknown
  >;
  const flat: Record<string, unknown> = {};
  for (const f of CONTACT_FIELDS) flat[f] = contact[f] ?? s[f];
  const candidate = {
    ...s,
    schemaVersion: TENANT_STATE_VERSION,
    mpnId: s.mpnId === undefined || s.mpnId === null ? "" : String(s.mpnId),
    contact: flat,
    orderId: s.orderId === "" || s.orderId === undefined || s.orderId === null ? null : Number(s.orderId),
    adminPortalUrl: s.adminPortalUrl ?? ADMIN_PORTAL_URL,
    status: s.status ?? "unknown",
    creationDate: s.creationDate ?? "",
  };
  const parsed = TenantStateSchema.safeParse(candidate);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw unreadable("tenant", `these fields are missing or malformed: ${where}`);
  }
  return parsed.data;
}

/** The inputs recorded in a state (what Pulumi's read returns as `inputs`, and import seeds). */
export function tenantInputsOf(state: TenantState): TenantInputs {
  const {
    displayName,
    mpnId,
    contact,
    subdomain,
    licenses,
    allowReplacement,
    allowTermination,
    adoptServiceName,
    timeouts,
  } = state;
  return {
    displayName,
    mpnId,
    contact,
    subdomain,
    licenses,
    allowReplacement,
    allowTermination,
    adoptServiceName,
    timeouts,
  };
}

export function unreadable(kind: string, why: string): ResourceError {
  return new ResourceError({
    code: "STATE_UNREADABLE",
    kind: "failure",
    what: `The stored ${kind} state cannot be read: ${why}.`,
    why: "It was written by another tool or a newer version of this provider, or edited by hand.",
    todo: "Use the provider version that wrote it, or remove the resource from the state and adopt the object again.",
  });
}

const contactField = (name: string, description: string, extra: Partial<FieldMeta> = {}) =>
  input(name, "string", "update", description, extra);

/** Every field of the tenant resource. */
export const tenantFields: readonly FieldMeta[] = [
  input(
    "displayName",
    "string",
    "update",
    "Name of the tenant in the OVHcloud control panel; editable at any time.",
  ),
  input(
    "mpnId",
    "string",
    "update",
    "The reseller's Microsoft Partner Network (Partner) ID, 6 to 10 digits; Microsoft requires it for every CSP2 order.",
  ),
  input(
    "contact",
    "object",
    "update",
    "The end customer's contact: who administers the tenant. Editable; changes are sent to OVHcloud in place.",
    {
      fields: [
        contactField("firstName", "First name of the customer's administrator."),
        contactField("lastName", "Last name of the customer's administrator."),
        contactField("email", "E-mail address; it receives the Microsoft login data, so it must be valid."),
        contactField(
          "phone",
          "Phone number in OVHcloud's form +CC.NUMBER, e.g. +49.301234567 (other spellings are normalised).",
        ),
        contactField("address", "Street address."),
        contactField("city", "City."),
        contactField("zipCode", "Postcode."),
      ],
    },
  ),
  optional(
    "subdomain",
    "string",
    "guarded",
    "Custom sub-domain of the new Microsoft tenant, chosen at order time only. Changing it is refused unless allowReplacement is true (a new tenant is ordered and the customer loses the old one).",
  ),
  optional(
    "licenses",
    "list",
    "state",
    "Licences to buy with the tenant, at order time only: each entry becomes one subscription of quantity seats when the tenant is delivered. A later change is recorded in the state only (with a warning): seats are then managed by subscription resources, and a subscription resource of the same tenant and licence adopts the one bought here instead of buying it again.",
    {
      fields: [
        input(
          "license",
          "string",
          "state",
          "Licence name as OVHcloud's order form offers it, e.g. Microsoft 365 Business Standard (case and punctuation ignored; ids are not known before the tenant exists).",
        ),
        input("quantity", "number", "state", "Seats: a whole number from 1 to the licence's limit."),
      ],
    },
  ),
  optional(
    "allowReplacement",
    "boolean",
    "state",
    "Allow a change that needs a new tenant (a new sub-domain) to order one. Default false.",
  ),
  optional(
    "allowTermination",
    "boolean",
    "state",
    "Allow deleting the resource to end the tenant at its expiry date. Default false: a delete is refused.",
  ),
  optional(
    "adoptServiceName",
    "string",
    "state",
    "Service name of an existing tenant to bring under management on create, instead of ordering one (no order is placed; the account is checked).",
  ),
  timeoutsField(DEFAULT_TIMEOUTS.tenant),
  output(
    "serviceName",
    "string",
    "OVHcloud service name of the tenant, e.g. csp2-1a2b3c4d; the resource id.",
  ),
  output(
    "status",
    "string",
    "Tenant state: creating, inMaintenance, ok, reopening, suspended or suspending.",
  ),
  output("creationDate", "string", "When the tenant was created (ISO 8601)."),
  output(
    "adminPortalUrl",
    "string",
    "Microsoft 365 admin portal, where users and licence assignments are managed.",
  ),
  output("ovhAccount", "string", "NIC handle of the OVHcloud account that owns the tenant."),
  output("orderId", "number", "OVHcloud order that created the tenant (absent for an adopted tenant)."),
  output(
    "hasAcceptedNewMCA",
    "boolean",
    "Whether the customer accepted the 2025 Microsoft Customer Agreement; if false, purchases and seat changes are refused.",
  ),
];
