export { checkTenant } from "./check.js";
export { diffTenant, planTenantDelete, type TenantObserved } from "./diff.js";
export {
  checkLicences,
  type LicenceMatch,
  licenceOptionKey,
  matchLicences,
  type OfferedOptions,
  sameLicences,
} from "./licences.js";
export {
  adoptTenant,
  createTenant,
  deleteTenant,
  importTenant,
  isPartialTenantState,
  observeTenant,
  orderConfiguration,
  PARTIAL_TENANT_STATUS,
  readTenant,
  type TenantCreateOptions,
  updateTenant,
} from "./operations.js";
export { CART_DESCRIPTION_PREFIX, cartDescription, ORDER_LOOKBACK_MS, orderMatches } from "./order.js";
export { planTenantCreate } from "./plan-create.js";
export {
  ADMIN_PORTAL_URL,
  type Contact,
  TENANT_STATE_VERSION,
  type TenantInputs,
  TenantInputsSchema,
  type TenantLicence,
  type TenantOutputs,
  type TenantState,
  TenantStateSchema,
  tenantFields,
  tenantInputsOf,
  upgradeTenantState,
} from "./schema.js";
