// The resource core: one module per resource kind (tenant, subscription), each with its schemas,
// check, diff and operations; front ends (Pulumi, Terraform, CLI) call these and decide nothing.
export { currentAccount, type OperationContext } from "./context.js";
export * from "./errors.js";
export type { FieldMeta } from "./fields.js";
export {
  cartPrices,
  type LicenceView,
  licenceViewFields,
  listLicences,
  lookupTenant,
  type TenantView,
  tenantViewFields,
} from "./lookups.js";
export { discoverOffer, OFFER_CART_DESCRIPTION, type Offer } from "./offer.js";
export * from "./plan.js";
export type { Account, Csp2Port, OrderSummary, TenantOrderConfiguration, WaitOptions } from "./port.js";
export { ReadCache, readsOf } from "./reads.js";
export * as subscription from "./subscription/index.js";
export * as tenant from "./tenant/index.js";
export {
  DEFAULT_TIMEOUTS,
  parseDuration,
  type TimeoutOperation,
  type TimeoutsInput,
  timeoutMs,
} from "./timeouts.js";
export * from "./windows.js";
