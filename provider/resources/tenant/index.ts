// The tenant resource: `planTenant` (observe once, check, diff: the only place a change is decided) and
// `applyTenant` (carry out that plan); the pure pieces; read (refresh), import, and the state's shape.
export { applyTenant, orderConfiguration, type TenantCreateOptions } from "./apply.js";
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
  readTenant,
  updateTenant,
} from "./operations.js";
export { CART_DESCRIPTION_PREFIX, cartDescription, ORDER_LOOKBACK_MS, orderMatches } from "./order.js";
export { isPartialTenantState, PARTIAL_TENANT_STATUS } from "./partial.js";
export {
  planTenant,
  TENANT_PLAN_VERSION,
  type TenantAction,
  type TenantObservation,
  type TenantPlan,
} from "./plan.js";
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
