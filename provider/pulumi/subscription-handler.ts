// The subscription's provider methods: wire values in, the core's check/diff/operations, wire values out.
import { PartialCreateError, subscription } from "../resources/index.js";
import { describeError, ProviderError, partialCreate } from "./errors.js";
import {
  contextOf,
  credentialFailures,
  credentialsChanged,
  type Handler,
  inputsOf,
  outputsOf,
  type Props,
  partialOutputsOf,
  refused,
  showWarnings,
  toFailure,
} from "./shared.js";
import { coreProps, fromWire, hasUnknown, hiddenProps, toWire } from "./wire.js";

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

export const subscriptionHandler: Handler = {
  /**
   * The inputs alone first; then, once the tenant and licence are known (not during a preview of a
   * tenant still to be ordered) and the credentials are, the licence against the tenant's orderable
   * licences, and for a new subscription what its creation would be refused for (another account's
   * tenant, the MCA). Only reads.
   */
  async check(olds, news) {
    const result = subscription.checkSubscription(fromWire(coreProps(news)));
    const failures = [...result.failures.map(toFailure), ...credentialFailures(news)];
    if (failures.length > 0 || !result.inputs) return { failures };
    const inputs = result.inputs;
    const creating = Object.keys(coreProps(olds)).length === 0;
    const known = typeof inputs.tenant === "string" && typeof inputs.license === "string";
    if (known && !hasUnknown(news.credentials)) {
      try {
        const ctx = await contextOf(news);
        const observed = await subscription.observeSubscription(ctx, undefined, inputs);
        if (creating) {
          const plan = subscription.planSubscriptionCreate(inputs, observed);
          for (const r of plan.refusals)
            failures.push({ property: r.property ?? "tenant", reason: r.message });
        }
        const licence = subscription.checkSubscriptionLicence(inputs, observed.catalogue, { creating });
        failures.push(...licence.failures.map(toFailure));
      } catch (error) {
        throw describeError(error, `Checking the subscription of ${String(inputs.license)}`);
      }
    }
    if (failures.length > 0) return { failures };
    return { inputs: { ...(toWire(inputs) as Props), ...hiddenProps(news) } };
  },

  async diff(_id, olds, news) {
    const state = stateOf(olds);
    const inputs = fromWire(coreProps(news)) as subscription.SubscriptionInputs;
    try {
      // Credentials not known yet (preview): the plan without observations; they change, so an update.
      const observed = hasUnknown(news.credentials)
        ? { now: new Date() }
        : await subscription.observeSubscription(await contextOf(news), state, inputs);
      const plan = subscription.diffSubscription(state, inputs, observed);
      if (plan.action === "refuse") throw refused(plan.refusals);
      await showWarnings(plan, news);
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
      const state = await subscription.createSubscription(await contextOf(inputs), checked(inputs));
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

  async update(_id, olds, news) {
    const state = stateOf(olds);
    try {
      const next = await subscription.updateSubscription(await contextOf(news), state, checked(news));
      return { outs: outputsOf(next, news) };
    } catch (error) {
      throw describeError(error, `Updating subscription ${label(state)}`);
    }
  },

  async delete(_id, props) {
    const state = stateOf(props);
    try {
      await subscription.deleteSubscription(await contextOf(props), state);
    } catch (error) {
      throw describeError(error, `Cancelling subscription ${label(state)}`);
    }
  },
};
