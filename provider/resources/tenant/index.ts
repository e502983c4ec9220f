// The tenant resource: `planTenant` (observe once, check, diff: the only place a change is decided) and
// `applyTenant` (carry out that plan); the pure pieces; read (refresh), import, and the state's shape.
export { applyTenant, orderConfiguration, type TenantCreateOptions } from "./apply.js";
export {
  type Attempt,
  CART_DESCRIPTION_PREFIX,
  type Choice,
  type ChoiceOptions,
  cartDescription,
  chooseFinished,
  chooseUnfinished,
  DONE_WINDOW_MS,
  type DoneMark,
  doneMarkDescription,
  finishedCandidates,
  type KeyScope,
  ORDER_LOOKBACK_MS,
  PLAUSIBLE_MIN,
  parseDoneMark,
  parseSharedDescription,
  sharedCartDescription,
} from "./attempts.js";
export { checkTenant } from "./check.js";
export { diffTenant, planTenantDelete, type TenantObserved } from "./diff.js";
export {
  CUSTOMER_FIELDS,
  FINGERPRINT_FIELDS,
  type Fingerprint,
  fingerprintOf,
  fingerprintOfLabels,
  type Likeness,
  likeness,
} from "./fingerprint.js";
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
export { orderMatches } from "./order.js";
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
