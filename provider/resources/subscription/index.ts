// The subscription resource: `planSubscription` (observe once, check, diff: the only place a change is
// decided) and `applySubscription` (carry out that plan); the pure pieces they are made of; the read
// (refresh), import, and the state's shape.
export { applySubscription } from "./apply.js";
export {
  checkSubscription,
  checkSubscriptionLicence,
  DEFAULT_SEAT_LIMIT,
  findLicence,
  type LicenceResolution,
} from "./check.js";
export { importSubscription } from "./create.js";
export {
  diffSubscription,
  observedWindow,
  planSubscriptionCreate,
  planSubscriptionDelete,
  REDUCTION_WINDOW_MS,
  type SubscriptionObserved,
  windowStart,
} from "./diff.js";
export { RECORDED_MAX_AGE_MS, type SubscriptionObservation, type TenantFacts } from "./observe.js";
export {
  adoptSubscription,
  createSubscription,
  deleteSubscription,
  readSubscription,
  updateSubscription,
} from "./operations.js";
export {
  planSubscription,
  SUBSCRIPTION_PLAN_VERSION,
  type SubscriptionAction,
  type SubscriptionPlan,
} from "./plan.js";
export {
  classifyExisting,
  RECOVERY_WINDOW_MS,
  TENANT_ORDER_SKEW_MS,
  TENANT_ORDER_WINDOW_MS,
} from "./recognise.js";
export {
  parseSubscriptionResourceId,
  SUBSCRIPTION_STATE_VERSION,
  type SubscriptionInputs,
  SubscriptionInputsSchema,
  type SubscriptionOutputs,
  type SubscriptionState,
  SubscriptionStateSchema,
  subscriptionFields,
  subscriptionInputsOf,
  subscriptionResourceId,
  upgradeSubscriptionState,
} from "./schema.js";
export {
  hasEnded,
  isBeingCreated,
  isFailedOrder,
  isPartialSubscriptionState,
  PARTIAL_SUBSCRIPTION_STATUS,
} from "./status.js";
