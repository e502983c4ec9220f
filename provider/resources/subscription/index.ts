export {
  checkSubscription,
  checkSubscriptionLicence,
  DEFAULT_SEAT_LIMIT,
  findLicence,
  type LicenceResolution,
} from "./check.js";
export {
  adoptSubscription,
  createSubscription,
  importSubscription,
  RECOVERY_WINDOW_MS,
  TENANT_ORDER_SKEW_MS,
  TENANT_ORDER_WINDOW_MS,
} from "./create.js";
export {
  diffSubscription,
  observedWindow,
  planSubscriptionCreate,
  planSubscriptionDelete,
  REDUCTION_WINDOW_MS,
  type SubscriptionObserved,
  windowStart,
} from "./diff.js";
export {
  deleteSubscription,
  observeSubscription,
  readSubscription,
  updateSubscription,
} from "./operations.js";
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
export { hasEnded, isPartialSubscriptionState, PARTIAL_SUBSCRIPTION_STATUS } from "./shared.js";
