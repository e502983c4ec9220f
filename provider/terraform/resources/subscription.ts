// o365reseller_subscription: Terraform objects ⇄ the core's subscription module.
import { nowOf } from "../../resources/context.js";
import { type CheckFailure, PartialCreateError, ResourceError, subscription } from "../../resources/index.js";
import { UNKNOWN } from "../codec.js";
import * as diag from "../diagnostics.js";
import { decodePrivate, encodePrivate } from "../private.js";
import {
  inputsOnly,
  type PlanResult,
  type ResourceType,
  type StateResult,
  typeOf,
  withUnknown,
} from "../resource-type.js";
import { snakeCase } from "../schema-model.js";
import { SUBSCRIPTION, subscriptionSchema } from "../schemas.js";
import { fromCore, outputNames, type TfObject, takeChanges, tfNames, toCore, withInputs } from "../values.js";

const schema = subscriptionSchema;
const inputSpec = inputsOnly(schema);
const OUTPUTS = outputNames(schema);
/** Outputs a seat change re-reads from OVHcloud. */
const REREAD_ON_UPDATE = ["status", "last_update"];
/** Outputs that may be stale in a state recorded by a create that did not finish. */
const PARTIAL_OUTPUTS = [...REREAD_ON_UPDATE, "creation_date"];
const snakePath = (p: string) => p.split(".").map(snakeCase).join(".");

function check(config: TfObject) {
  return subscription.checkSubscription(toCore(inputSpec, config));
}

function coreState(tf: TfObject): subscription.SubscriptionState {
  return subscription.upgradeSubscriptionState(toCore(schema, tf));
}

function tfState(state: subscription.SubscriptionState | Record<string, unknown>): TfObject {
  const s = state as subscription.SubscriptionState;
  return { ...fromCore(schema, s), id: subscription.subscriptionResourceId(s) };
}

const failures = (f: CheckFailure[]) => diag.fromCheckFailures(f, schema, snakePath);

/** The decoded plan, when it is the plan of this very change (same prior object, a create or not). */
function fitting(
  plan: subscription.SubscriptionPlan | undefined,
  prior: subscription.SubscriptionState | null,
  inputs: subscription.SubscriptionInputs | null,
): subscription.SubscriptionPlan | undefined {
  if (plan?.kind !== "subscription" || plan.version !== subscription.SUBSCRIPTION_PLAN_VERSION) {
    return undefined;
  }
  if ((plan.prior === null) !== (prior === null) || (plan.inputs === null) !== (inputs === null))
    return undefined;
  if (prior && plan.prior?.subscriptionId !== prior.subscriptionId) return undefined;
  return plan;
}

export const subscriptionResource: ResourceType = {
  name: SUBSCRIPTION,
  schema,
  type: typeOf(schema),

  validate(config) {
    return failures(check(config).failures);
  },

  upgrade(raw) {
    const stored = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    coreState(stored as TfObject);
    return stored as TfObject;
  },

  async read(rt, prior): Promise<StateResult> {
    const ctx = await rt.context();
    const state = coreState(prior);
    const found = await subscription.readSubscription(ctx, state);
    if (found.status === "gone") return { state: null, diagnostics: [] };
    const remote = tfState(found.state);
    const drift = subscription.diffSubscription(found.state, subscription.subscriptionInputsOf(state), {
      now: nowOf(ctx),
    }).changes;
    const merged = withInputs(schema, remote, prior);
    return {
      state: takeChanges(
        schema,
        merged,
        remote,
        drift.filter((c) => c.effect === "update" || c.effect === "replace"),
      ),
      diagnostics: [],
      private: encodePrivate("subscription", "observed", found.observed),
    };
  },

  async plan(rt, prior, proposed, config, priorPrivate): Promise<PlanResult> {
    const none: PlanResult = { planned: proposed, requiresReplace: [], diagnostics: [] };
    const state = prior === null ? null : coreState(prior);
    let news: subscription.SubscriptionInputs | null = null;
    if (proposed !== null) {
      const checked = check(config ?? proposed);
      if (!checked.inputs) return { ...none, diagnostics: failures(checked.failures) };
      news = checked.inputs;
    } else if (state === null) return none;
    const recorded = decodePrivate<subscription.SubscriptionObservation>(
      priorPrivate,
      "subscription",
      "observed",
    );
    const plan = await subscription.planSubscription(await rt.context(), {
      prior: state,
      inputs: news,
      recorded,
    });
    const diagnostics = [
      ...diag.fromRefusals(plan.refusals, schema),
      ...failures(plan.failures),
      ...diag.fromWarnings(plan.warnings, schema),
    ];
    const plannedPrivate = encodePrivate("subscription", "plan", plan);
    if (proposed === null) return { planned: null, requiresReplace: [], diagnostics, plannedPrivate };
    if (plan.action === "refuse") return { ...none, diagnostics };
    const replacePaths = (names: string[]) => names.map((p) => tfNames(schema, p) ?? [snakeCase(p)]);
    if (state === null) {
      return {
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        requiresReplace: [],
        diagnostics,
        plannedPrivate,
      };
    }
    if (plan.action === "replace") {
      return {
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        requiresReplace: replacePaths([...plan.replaces, ...plan.maybeReplaces]),
        diagnostics: [...diagnostics, diag.replacementOrderNote("subscription")],
        plannedPrivate,
      };
    }
    // A state recorded by a create that did not finish (only seen without a refresh) is read again by
    // the update: its outputs are unknown until then.
    const planned = subscription.isPartialSubscriptionState(state)
      ? withUnknown(proposed, PARTIAL_OUTPUTS, UNKNOWN)
      : plan.action === "update" && !plan.stateOnly
        ? withUnknown(proposed, REREAD_ON_UPDATE, UNKNOWN)
        : proposed;
    return { planned, requiresReplace: replacePaths(plan.maybeReplaces), diagnostics, plannedPrivate };
  },

  async apply(rt, prior, planned, config, plannedPrivate): Promise<StateResult> {
    const ctx = await rt.context();
    const checked = planned === null ? undefined : check(config ?? planned);
    if (checked && !checked.inputs) return { state: prior, diagnostics: failures(checked.failures) };
    const inputs = checked?.inputs ?? null;
    const state = prior === null ? null : coreState(prior);
    // The plan this apply was planned with; planned again only when the engine gave none of ours.
    const plan =
      fitting(
        decodePrivate<subscription.SubscriptionPlan>(plannedPrivate, "subscription", "plan"),
        state,
        inputs,
      ) ?? (await subscription.planSubscription(ctx, { prior: state, inputs }));
    try {
      const next = await subscription.applySubscription(ctx, plan);
      return { state: next === null ? null : withInputs(schema, tfState(next), planned!), diagnostics: [] };
    } catch (error) {
      if (!(error instanceof PartialCreateError)) throw error;
      const recorded = withInputs(schema, tfState(error.state), planned!);
      // A failed order is an error: the engine records the object tainted, and the next plan replaces it.
      if (error.failed) return { state: recorded, diagnostics: [diag.fromError(error, schema)] };
      // Otherwise recorded, not failed: a failed create would be tainted and planned as a replace next
      // time, and the subscription may well be working.
      return { state: recorded, diagnostics: [diag.warning(error.what, `${error.why} ${error.todo}`)] };
    }
  },

  async importState(rt, id) {
    const parsed = subscription.parseSubscriptionResourceId(id);
    if (!parsed) {
      throw new ResourceError({
        code: "INVALID_IMPORT_ID",
        kind: "refusal",
        what: `"${id}" is not a subscription import id.`,
        why: "A subscription is found by its tenant and its id.",
        todo: "Use <tenant service name>/<subscription id>, e.g. csp2-1a2b3c4d/42.",
      });
    }
    const ctx = await rt.context();
    // The core's import also finds an add-on's parent, so the first plan after it changes nothing.
    return tfState(await subscription.importSubscription(ctx, id.trim()));
  },
};
