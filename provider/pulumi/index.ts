// `o365-reseller/pulumi`: the resource classes a Pulumi program imports. Named exports only.
//
//   import { Office365ResellerTenant, Office365ResellerSubscription } from "o365-reseller/pulumi";
//
// Credentials: stack config `o365-reseller:endpoint`, `:applicationKey`, `:applicationSecret` (secret),
// `:consumerKey` (secret), or `:clientId` + `:clientSecret` (secret); else OVH_* / ovh.conf; or a
// resource's own `credentials` input for programs that manage several accounts.
export type {
  Office365ResellerCredentials,
  Office365ResellerTimeouts,
  Office365ResellerTimeoutsOutput,
} from "./common.js";
export { SUBSCRIPTION_TYPE, TENANT_TYPE } from "./common.js";
export { aliasDynamicResources, DYNAMIC_TYPE_OF } from "./migrate.js";
export { Office365ResellerSubscription, type Office365ResellerSubscriptionArgs } from "./subscription.js";
export {
  type Office365ResellerContact,
  type Office365ResellerContactOutput,
  Office365ResellerTenant,
  type Office365ResellerTenantArgs,
  type Office365ResellerTenantLicense,
  type Office365ResellerTenantLicenseOutput,
} from "./tenant.js";
