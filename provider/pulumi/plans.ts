// The plans this provider process made, kept from the method that plans to the one that applies:
// Pulumi calls `check` then `create`, and `diff` then `update`, in the same process with the same
// values, so the apply carries out the plan it was shown instead of planning again. A plan is taken
// once; one that is never taken (a preview) is dropped with the process.
import { stableJson } from "./wire.js";

const plans = new Map<string, unknown>();
/** A run plans each resource once or twice; a bound keeps a long-lived host from growing. */
const MAX_PLANS = 2_000;

export function keepPlan(key: readonly unknown[], plan: unknown): void {
  if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value as string);
  plans.set(stableJson(key), plan);
}

export function takePlan<P>(key: readonly unknown[]): P | undefined {
  const k = stableJson(key);
  const plan = plans.get(k) as P | undefined;
  plans.delete(k);
  return plan;
}
