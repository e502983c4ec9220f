// The provider's schema: the provider block, two resources and two data sources, each derived from
// the core's field metadata (schema-model.ts). One definition feeds GetProviderSchema, the
// `schema` command (`tofu providers schema -json` shape) and through it the CDKTF bindings.
import { licenceViewFields, tenantViewFields } from "../resources/lookups.js";
import { subscriptionFields } from "../resources/subscription/schema.js";
import { tenantFields } from "../resources/tenant/schema.js";
import {
  attributeFrom,
  computedAttribute,
  computedList,
  inputAttribute,
  type SchemaSpec,
  schemaFrom,
} from "./schema-model.js";

export const PROVIDER_TYPE = "o365reseller";
/** The source address users write in `required_providers` (the engine adds its default host). */
export const PROVIDER_SOURCE = "o365-reseller/o365reseller";

export const TENANT = `${PROVIDER_TYPE}_tenant`;
export const SUBSCRIPTION = `${PROVIDER_TYPE}_subscription`;
export const LICENSES = `${PROVIDER_TYPE}_licenses`;

const env = (name: string) => `Default: the ${name} environment variable, then ovh.conf.`;

export const providerSchema: SchemaSpec = {
  version: 0,
  description:
    "OVHcloud Office 365 Reseller (CSP2): tenants and licence subscriptions. Credentials are read as OVHcloud's own tools read them; arguments given here win over the environment and ovh.conf. Use one provider alias per OVHcloud account.",
  attributes: [
    inputAttribute(
      "endpoint",
      "string",
      `OVHcloud API endpoint: ovh-eu, ovh-ca, ovh-us (and the other names OVHcloud's tools know) or a URL; plain http:// only for loopback addresses (the local emulator). ${env("OVH_ENDPOINT")}`,
    ),
    inputAttribute(
      "applicationKey",
      "string",
      `Application key (signature authentication). ${env("OVH_APPLICATION_KEY")}`,
    ),
    inputAttribute(
      "applicationSecret",
      "string",
      `Application secret (signature authentication). ${env("OVH_APPLICATION_SECRET")}`,
      { sensitive: true },
    ),
    inputAttribute(
      "consumerKey",
      "string",
      `Consumer key (signature authentication). ${env("OVH_CONSUMER_KEY")}`,
      {
        sensitive: true,
      },
    ),
    inputAttribute("clientId", "string", `OAuth2 service account client id. ${env("OVH_CLIENT_ID")}`),
    inputAttribute(
      "clientSecret",
      "string",
      `OAuth2 service account client secret. ${env("OVH_CLIENT_SECRET")}`,
      {
        sensitive: true,
      },
    ),
  ],
  blocks: [],
};

export const tenantSchema: SchemaSpec = schemaFrom(
  tenantFields,
  "A Microsoft 365 tenant (OVHcloud CSP2 licence group) for one end customer. Creating it orders a tenant once (a retried create resumes the first order); deleting it is refused unless allow_termination is true, and then ends the tenant at its expiry date. A tenant never moves between OVHcloud accounts.",
  {
    blocks: ["timeouts"],
    extra: [computedAttribute("id", "string", "The tenant's service name (same as service_name).")],
  },
);

export const subscriptionSchema: SchemaSpec = schemaFrom(
  subscriptionFields,
  "A licence subscription inside a tenant: one licence, N seats. Seat changes are made in place; a change of licence or tenant orders a new subscription and cancels this one (add `lifecycle { create_before_destroy = true }` to order the new one first). Deleting it cancels it, which Microsoft allows only within 168 hours of purchase or renewal.",
  {
    blocks: ["timeouts"],
    extra: [computedAttribute("id", "string", "<tenant>/<subscription_id>, also the import id.")],
  },
);

export const tenantDataSchema: SchemaSpec = {
  version: 0,
  description: "Reads one tenant of the provider's OVHcloud account by service name.",
  attributes: tenantViewFields.map((f) =>
    f.name === "serviceName" ? attributeFrom(f) : attributeFrom(f, { allComputed: true }),
  ),
  blocks: [],
};

const licenceObject = licenceViewFields.map((f) => attributeFrom(f));

export const licensesDataSchema: SchemaSpec = {
  version: 0,
  description: "The licences a tenant can order, with their limits and monthly prices.",
  attributes: [
    inputAttribute("tenant", "string", "Service name of the tenant whose orderable licences are listed.", {
      required: true,
    }),
    computedList("licenses", licenceObject, "The orderable licences, ordered by id."),
  ],
  blocks: [],
};

export const resourceSchemas: Record<string, SchemaSpec> = {
  [TENANT]: tenantSchema,
  [SUBSCRIPTION]: subscriptionSchema,
};

export const dataSourceSchemas: Record<string, SchemaSpec> = {
  [LICENSES]: licensesDataSchema,
  [TENANT]: tenantDataSchema,
};
