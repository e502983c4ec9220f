// Public surface of the typed CSP2 operations. Named exports only.
export { knownAccount } from "./account.js";
export { type Csp2ApiOptions, createCsp2Api } from "./api.js";
export { choosePlan, type LabelPlan, labelField, normalizeLabel, planConfiguration } from "./labels.js";
export type {
  CheckedOutOrder,
  Csp2Api,
  Identity,
  OrderLine,
  OrderSummary,
  PlanChoice,
  ProgressEvent,
  ProgressListener,
  TenantConfiguration,
  TenantContact,
  WaitOptions,
} from "./types.js";
export type { PollSettings } from "./wait.js";
