// The subscription's provider methods: wire values in, the core's plan and apply, wire values out.
// `check` plans a create and `diff` plans a change; `create` and `update` apply the plan they were
// shown (plans.ts), so one engine run observes each subscription once.
import { PartialCreateError, subscription } from "../resources/index.js";
import { describeError, ProviderError, partialCreate } from "./errors.js";
import { forgetObservation, keepPlan, recallObservation, shareObservation, takePlan } from "./plans.js";
import {
  contextOf,
  credentialFailures,
  credentialsChanged,
  factsOf,
  type Handler,
  inputsOf,
  outputsOf,
  type Props,
  partialOutputsOf,
  planFailures,
  refused,
  showWarnings,
  toFailure,
  urnOf,
} from "./shared.js";
import { coreProps, fromWire, hasUnknown, hiddenProps, toWire } from "./wire.js";

type Plan = subscription.SubscriptionPlan;

function checked(news: Props): subscription.SubscriptionInputs {
  const result = subscription.checkSubscription(fromWire(coreProps(news)));
  if (result.failures.length > 0 || !result.inputs) {
    const list = result.failures.map((f) => `${f.property} ${f.reason}`).join("; ");
    throw new ProviderError(`The subscription's inputs are not valid: ${list}.`, "INVALID_INPUT");
  }
  return result.inputs;
}

function stateOf(props: Props): subscription.SubscriptionState {
  try {
    return subscription.upgradeSubscriptionState(coreProps(props));
  } catch (error) {
    throw describeError(error);
  }
}

const label = (s: subscription.SubscriptionState) => subscription.subscriptionResourceId(s);
const createKey = (inputs: Props) => ["subscription:create", urnOf(inputs), coreProps(inputs)];
const changeKey = (id: string, olds: Props, news: Props) => [
  "subscription:change",
  id,
  coreProps(olds),
  coreProps(news),
];

/**
 * The plan of a change, observing only what the preview that showed this very change did not observe
 * minutes ago in another process (plans.ts); what it observed is shared in turn.
 */
async function planShared(
  props: Props,
  key: readonly unknown[],
  args: { prior: subscription.SubscriptionState | null; inputs: subscription.SubscriptionInputs },
): Promise<Plan> {
  const ctx = await contextOf(props);
  const facts = factsOf(props);
  const recorded = recallObservation<subscription.SubscriptionObservation>(facts, key);
  const plan = await subscription.planSubscription(ctx, { ...args, recorded });
  if (plan.observed.tenant !== undefined || plan.observed.subscription !== undefined)
    shareObservation(facts, key, plan.observed);
  return plan;
}

export const subscriptionHandler: Handler = {
  /**
   * The inputs alone first; then, for a new subscription whose tenant, licence and credentials are
   * known (not during a preview of a tenant still to be ordered), its plan: the licence among the
   * tenant's orderable ones, the parent and adoption target in the tenant, what the tenant already
   * holds, the MCA. Only reads; the plan is kept for `create`.
   */
  async check(olds, news) {
    const result = subscription.checkSubscription(fromWire(coreProps(news)));
    const failures = [...result.failures.map(toFailure), ...credentialFailures(news)];
    if (failures.length > 0 || !result.inputs) return { failures };
    const inputs = result.inputs;
    const checkedInputs: Props = { ...(toWire(inputs) as Props), ...hiddenProps(news) };
    const creating = Object.keys(coreProps(olds)).length === 0;
    const known = typeof inputs.tenant === "string" && typeof inputs.license === "string";
    if (creating && known && !hasUnknown(news.credentials)) {
      try {
        const key = createKey(checkedInputs);
        const plan = await planShared(news, key, { prior: null, inputs });
        failures.push(...planFailures(plan, "license"));
        await showWarnings(plan, news);
        if (failures.length === 0) keepPlan(key, plan);
      } catch (error) {
        throw describeError(error, `Checking the subscription of ${String(inputs.license)}`);
      }
    }
    if (failures.length > 0) return { failures };
    return { inputs: checkedInputs };
  },

  async diff(id, olds, news) {
    const state = stateOf(olds);
    const inputs = fromWire(coreProps(news)) as subscription.SubscriptionInputs;
    try {
      // Credentials not known yet (preview): the diff of the inputs alone; they change, so an update.
      if (hasUnknown(news.credentials)) {
        const plan = subscription.diffSubscription(state, inputs, { now: new Date() });
        return { changes: true, replaces: plan.replaces, deleteBeforeReplace: false };
      }
      const key = changeKey(id, olds, news);
      const plan = await planShared(news, key, { prior: state, inputs });
      if (plan.action === "refuse") throw refused(plan);
      await showWarnings(plan, news);
      keepPlan(key, plan);
      return {
        changes: plan.action !== "noop" || credentialsChanged(olds, news),
        replaces: plan.replaces,
        deleteBeforeReplace: false,
      };
    } catch (error) {
      throw describeError(error, `Planning subscription ${label(state)}`);
    }
  },

  async create(inputs) {
    try {
      const ctx = await contextOf(inputs);
      const plan =
        takePlan<Plan>(createKey(inputs)) ??
        (await subscription.planSubscription(ctx, { prior: null, inputs: checked(inputs) }));
      forgetObservation(factsOf(inputs));
      const state = (await subscription.applySubscription(ctx, plan))!;
      return { id: label(state), outs: outputsOf(state, inputs) };
    } catch (error) {
      if (error instanceof PartialCreateError) {
        throw partialCreate(error, error.id, partialOutputsOf(error.state, inputs));
      }
      throw describeError(error, "Ordering the subscription");
    }
  },

  async read(_id, props) {
    const state = stateOf(props);
    try {
      const result = await subscription.readSubscription(await contextOf(props), state);
      if (result.status === "gone") return {};
      return {
        id: label(result.state),
        props: outputsOf(result.state, props),
        inputs: inputsOf(subscription.subscriptionInputsOf(result.state), props),
      };
    } catch (error) {
      throw describeError(error, `Reading subscription ${label(state)}`);
    }
  },

  async update(id, olds, news) {
    const state = stateOf(olds);
    try {
      const ctx = await contextOf(news);
      const plan =
        takePlan<Plan>(changeKey(id, olds, news)) ??
        (await subscription.planSubscription(ctx, { prior: state, inputs: checked(news) }));
      forgetObservation(factsOf(news));
      const next = (await subscription.applySubscription(ctx, plan))!;
      return { outs: outputsOf(next, news) };
    } catch (error) {
      throw describeError(error, `Updating subscription ${label(state)}`);
    }
  },

  async delete(_id, props) {
    const state = stateOf(props);
    try {
      const ctx = await contextOf(props);
      await subscription.applySubscription(
        ctx,
        await subscription.planSubscription(ctx, { prior: state, inputs: null }),
      );
    } catch (error) {
      throw describeError(error, `Cancelling subscription ${label(state)}`);
    }
  },
};
