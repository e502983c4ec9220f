// The Pulumi package schema of the native provider, derived from the core's field metadata as the
// Terraform schema is (provider/terraform/schema-model.ts): property names, descriptions, which inputs
// are required and which outputs always exist. The provider serves it (GetSchema); `npm run
// sdk:generate` writes it to sdk/schema.json and generates the TypeScript and Python SDKs from it.
import type { z } from "zod";
import type { FieldMeta } from "../resources/fields.js";
import { subscription, tenant } from "../resources/index.js";
import { providerSchema as terraformProviderBlock } from "../terraform/schemas.js";

/** The package name: type tokens `o365reseller:index:*`, stack config `o365reseller:*`, plugin `pulumi-resource-o365reseller`. */
export const PACKAGE = "o365reseller";
export const TENANT_TOKEN = `${PACKAGE}:index:Tenant`;
export const SUBSCRIPTION_TOKEN = `${PACKAGE}:index:Subscription`;
/** The type of the provider resource, default or explicit. */
export const PROVIDER_TOKEN = `pulumi:providers:${PACKAGE}`;

export interface TypeSpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}
export interface PropertySpec extends TypeSpec {
  description: string;
  secret?: boolean;
}
export interface ObjectSpec {
  description: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}
export interface ResourceSpec extends ObjectSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
}
export interface PackageSpec {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  homepage: string;
  repository: string;
  license: string;
  publisher: string;
  meta: { moduleFormat: string };
  config: { variables: Record<string, PropertySpec> };
  provider: ResourceSpec;
  resources: Record<string, ResourceSpec>;
  types: Record<string, ObjectSpec & { type: "object" }>;
  language: Record<string, unknown>;
}

/** The provider's own inputs beyond the credentials: the client's pace. */
const REQUESTS_PER_MINUTE: PropertySpec = {
  type: "integer",
  description:
    "Requests per minute this provider's API client allows itself per credential (default 60, OVHcloud's fair use; all processes of a machine using the credential share it). Default: the O365R_REQUESTS_PER_MINUTE environment variable, then 60.",
};

/** The provider's inputs: the credentials as the Terraform provider block describes them (one text), and the pace. */
export function providerProperties(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const a of terraformProviderBlock.attributes) {
    out[a.coreName] = {
      type: "string",
      description: a.description,
      ...(a.sensitive ? { secret: true } : {}),
    };
  }
  out.requestsPerMinute = REQUESTS_PER_MINUTE;
  return out;
}

/** The provider's input names (anything else given to the provider is refused). */
export const PROVIDER_INPUTS: readonly string[] = Object.keys(providerProperties());

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * Every number of the resource model is a whole number (their zod schemas say `.int()`), so the SDKs
 * type them as integers (Python `int`, not `float`). Fields that also accept a number (a licence id, a
 * timeout in seconds) are a string or an integer.
 */
function typeOf(field: FieldMeta, objectRef: string | undefined): TypeSpec {
  if (field.type === "object") return { $ref: `#/types/${objectRef}` };
  if (field.type === "list") return { type: "array", items: { $ref: `#/types/${objectRef}` } };
  const scalar: TypeSpec = { type: field.type === "number" ? "integer" : field.type };
  return field.acceptsNumber ? { oneOf: [scalar, { type: "integer" }] } : scalar;
}

/** `Tenant` + `contact` → `o365reseller:index:TenantContact`; a list's items drop the plural `s`. */
function objectToken(resource: string, field: FieldMeta): string {
  const name = field.type === "list" ? field.name.replace(/s$/, "") : field.name;
  return `${PACKAGE}:index:${resource}${pascal(name)}`;
}

/** Whether the state always carries the key (its zod type accepts no undefined): a required output. */
function alwaysPresent(state: z.ZodObject, key: string): boolean {
  const type = state.shape[key] as z.ZodType | undefined;
  return type !== undefined && !type.safeParse(undefined).success;
}

function resourceSpec(
  resource: string,
  fields: readonly FieldMeta[],
  state: z.ZodObject,
  description: string,
  types: PackageSpec["types"],
): ResourceSpec {
  const inputProperties: Record<string, PropertySpec> = {};
  const properties: Record<string, PropertySpec> = {};
  const requiredInputs: string[] = [];
  for (const field of fields) {
    let ref: string | undefined;
    if (field.fields) {
      ref = objectToken(resource, field);
      types[ref] = {
        type: "object",
        description: field.description,
        properties: Object.fromEntries(
          field.fields.map((f) => [f.name, { ...typeOf(f, undefined), description: f.description }]),
        ),
        required: field.fields.filter((f) => f.required).map((f) => f.name),
      };
    }
    const spec: PropertySpec = {
      ...typeOf(field, ref),
      description: field.description,
      ...(field.sensitive ? { secret: true } : {}),
    };
    properties[field.name] = spec;
    if (field.role !== "input") continue;
    inputProperties[field.name] = spec;
    if (field.required) requiredInputs.push(field.name);
  }
  properties.schemaVersion = {
    type: "integer",
    description: "Version of the stored state's shape (the provider reads older shapes).",
  };
  return {
    description,
    properties,
    required: Object.keys(properties).filter((k) => alwaysPresent(state, k)),
    inputProperties,
    requiredInputs,
  };
}

const TENANT_DESCRIPTION =
  "A Microsoft 365 tenant (OVHcloud CSP2 licence group) for one end customer. Creating it orders a tenant once (a retried create resumes the first order; `pulumi import o365reseller:index:Tenant NAME <serviceName>` adopts an existing one without ordering); deleting it is refused unless allowTermination is true, and then ends the tenant at its expiry date. A tenant never moves between OVHcloud accounts.";
const SUBSCRIPTION_DESCRIPTION =
  "A licence subscription inside a tenant: one licence, N seats. Seat changes are made in place; a change of licence or tenant orders a new subscription first and cancels this one after. Deleting it cancels it, which Microsoft allows only within 168 hours of purchase or renewal. Import id: `<tenant service name>/<subscription id>`.";

/** The whole package schema, for a package version (the plugin's own). */
export function packageSchema(version: string): PackageSpec {
  const types: PackageSpec["types"] = {};
  const resources = {
    [TENANT_TOKEN]: resourceSpec(
      "Tenant",
      tenant.tenantFields,
      tenant.TenantStateSchema,
      TENANT_DESCRIPTION,
      types,
    ),
    [SUBSCRIPTION_TOKEN]: resourceSpec(
      "Subscription",
      subscription.subscriptionFields,
      subscription.SubscriptionStateSchema,
      SUBSCRIPTION_DESCRIPTION,
      types,
    ),
  };
  const config = providerProperties();
  return {
    name: PACKAGE,
    displayName: "Office 365 Reseller (OVHcloud CSP2)",
    version,
    description:
      "Microsoft 365 tenants and licence subscriptions of OVHcloud's Office 365 Reseller (CSP2), as code: the native Pulumi provider of o365-reseller.",
    keywords: ["pulumi", "ovhcloud", "office-365", "microsoft-365", "csp", "reseller", "kind/native"],
    homepage: "https://github.com/o365-reseller/o365-reseller#readme",
    repository: "https://github.com/o365-reseller/o365-reseller",
    license: "Apache-2.0",
    publisher: "o365-reseller",
    meta: { moduleFormat: "(.*)" },
    config: { variables: config },
    provider: {
      description:
        "One OVHcloud reseller account. Credentials are read as OVHcloud's own tools read them: the inputs given here win over the OVH_* environment variables and ovh.conf. Use one explicit provider per account (`{ provider }`); the default provider reads the stack config `o365reseller:*`.",
      inputProperties: config,
      // Only what is not secret is also an output (readable from the provider resource).
      properties: Object.fromEntries(Object.entries(config).filter(([, p]) => !p.secret)),
    },
    resources,
    types,
    language: {
      nodejs: {
        respectSchemaVersion: true,
        packageName: "o365-reseller-native-sdk",
        packageDescription:
          "The generated TypeScript SDK of the o365reseller Pulumi package (o365-reseller/native).",
      },
      python: {
        packageName: "pulumi_o365reseller",
        respectSchemaVersion: true,
        pyproject: { enabled: true },
        requires: { pulumi: ">=3.165.0,<4.0.0" },
      },
    },
  };
}
