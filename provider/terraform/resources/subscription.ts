// o365reseller_subscription: Terraform objects ⇄ the core's subscription module.
import { currentAccount, nowOf } from "../../resources/context.js";
import { type CheckFailure, PartialCreateError, ResourceError, subscription } from "../../resources/index.js";
import { isUnknown, UNKNOWN } from "../codec.js";
import * as diag from "../diagnostics.js";
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
        drift.filter((c) => c.effect !== "state"),
      ),
      diagnostics: [],
    };
  },

  async plan(rt, prior, proposed, config): Promise<PlanResult> {
    const none: PlanResult = { planned: proposed, requiresReplace: [], diagnostics: [] };
    if (proposed === null) {
      if (prior === null) return none;
      const ctx = await rt.context();
      const account = await currentAccount(ctx);
      const plan = subscription.planSubscriptionDelete(coreState(prior), {
        account: account.nic,
        now: nowOf(ctx),
      });
      return {
        planned: null,
        requiresReplace: [],
        diagnostics: [
          ...diag.fromRefusals(plan.refusals, schema),
          ...diag.fromWarnings(plan.warnings, schema),
        ],
      };
    }
    const checked = check(config ?? proposed);
    if (!checked.inputs) return { ...none, diagnostics: failures(checked.failures) };
    const news = checked.inputs;
    const ctx = await rt.context();
    const state = prior === null ? undefined : coreState(prior);
    if (state !== undefined) {
      // Unchanged inputs plan nothing whatever OVHcloud says: only the account is checked (the read
      // before the plan already saw the subscription). Saves three calls per resource per plan.
      const account = await currentAccount(ctx);
      const quick = subscription.diffSubscription(state, news, { account: account.nic, now: nowOf(ctx) });
      if (quick.action === "noop" || quick.action === "refuse" || quick.stateOnly) {
        // A state recorded by a create that did not finish (only seen without a refresh) is read
        // again by the update: its outputs are unknown until then.
        const partial = quick.action !== "refuse" && subscription.isPartialSubscriptionState(state);
        return {
          ...none,
          ...(partial ? { planned: withUnknown(proposed, PARTIAL_OUTPUTS, UNKNOWN) } : {}),
          diagnostics: [
            ...diag.fromRefusals(quick.refusals, schema),
            ...diag.fromWarnings(quick.warnings, schema),
          ],
        };
      }
    }
    // The tenant, its licences and the subscription as OVHcloud has them (nothing while the tenant is unknown).
    const observed = await subscription.observeSubscription(ctx, state, news);
    const licence = subscription.checkSubscriptionLicence(news, observed.catalogue, {
      creating: prior === null,
    });

    if (state === undefined) {
      const lifecycle = isUnknown(news.tenant)
        ? { refusals: [], warnings: [] }
        : subscription.planSubscriptionCreate(news, observed);
      return {
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        requiresReplace: [],
        diagnostics: [
          ...diag.fromRefusals(lifecycle.refusals, schema),
          ...failures(licence.failures),
          ...diag.fromWarnings(lifecycle.warnings, schema),
        ],
      };
    }
    const plan = subscription.diffSubscription(state, news, observed);
    const diagnostics = [
      ...diag.fromRefusals(plan.refusals, schema),
      ...failures(licence.failures),
      ...diag.fromWarnings(plan.warnings, schema),
    ];
    if (plan.action === "refuse" || licence.failures.length > 0) return { ...none, diagnostics };
    if (plan.action === "replace") {
      return {
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        requiresReplace: plan.replaces.map((p) => tfNames(schema, p) ?? [snakeCase(p)]),
        diagnostics: [...diagnostics, diag.replacementOrderNote("subscription")],
      };
    }
    const planned = subscription.isPartialSubscriptionState(state)
      ? withUnknown(proposed, PARTIAL_OUTPUTS, UNKNOWN)
      : plan.action === "update" && !plan.stateOnly
        ? withUnknown(proposed, REREAD_ON_UPDATE, UNKNOWN)
        : proposed;
    return { planned, requiresReplace: [], diagnostics };
  },

  async apply(rt, prior, planned, config): Promise<StateResult> {
    const ctx = await rt.context();
    if (planned === null) {
      if (prior !== null) await subscription.deleteSubscription(ctx, coreState(prior));
      return { state: null, diagnostics: [] };
    }
    const checked = check(config ?? planned);
    if (!checked.inputs) return { state: prior, diagnostics: failures(checked.failures) };
    if (prior === null) {
      try {
        const created = await subscription.createSubscription(ctx, checked.inputs);
        return { state: withInputs(schema, tfState(created), planned), diagnostics: [] };
      } catch (error) {
        if (!(error instanceof PartialCreateError)) throw error;
        // Recorded, not failed: a failed create would be tainted and planned as a replace next time.
        return {
          state: withInputs(schema, tfState(error.state), planned),
          diagnostics: [diag.warning(error.what, `${error.why} ${error.todo}`)],
        };
      }
    }
    const updated = await subscription.updateSubscription(ctx, coreState(prior), checked.inputs);
    return { state: withInputs(schema, tfState(updated), planned), diagnostics: [] };
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
