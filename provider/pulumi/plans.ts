// The plans this provider process made, kept from the method that plans to the one that applies:
// Pulumi calls `check` then `create`, and `diff` then `update`, in the same process with the same
// values, so the apply carries out the plan it was shown instead of planning again. A plan is taken
// once; one that is never taken (a preview) is dropped with the process.
//
// What a plan observed also outlives the process, for a few minutes: the engine starts one provider
// process for `pulumi preview` and another for the `pulumi up` that follows, and gives them nothing
// in common (Terraform has private bytes for this; Pulumi has none). The observation is kept with the
// machine's facts for these credentials (ovh/machine-facts.ts), per resource, and taken by the next
// plan only for the very same change (the same state and inputs): a refresh or an edit in between
// reads again. The next plan still decides; apply still confirms what it must (reads.ts). Only a
// subscription's observations are shared: tenant status, licence catalogue, subscription lists; no
// customer's personal data.
import { createHash } from "node:crypto";
import type { MachineFacts } from "../ovh/machine-facts.js";
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

const OBSERVED = "observed";

const changeHash = (key: readonly unknown[]) =>
  createHash("sha256").update(stableJson(key)).digest("hex").slice(0, 32);

/** What an earlier process observed for exactly this change, minutes ago; undefined otherwise. */
export function recallObservation<O>(facts: MachineFacts, key: readonly unknown[]): O | undefined {
  const kept = facts.get(OBSERVED) as { change?: unknown; observed?: unknown } | undefined;
  return kept?.change === changeHash(key) ? (kept.observed as O) : undefined;
}

export function shareObservation(facts: MachineFacts, key: readonly unknown[], observed: unknown): void {
  facts.set(OBSERVED, { change: changeHash(key), observed });
}

/** After an apply: what was observed before it is no longer true. */
export function forgetObservation(facts: MachineFacts): void {
  facts.set(OBSERVED, null);
}
