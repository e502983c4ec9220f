// The tenant's provider methods: wire values in, the core's check/diff/operations, wire values out.
import { PartialCreateError, tenant } from "../resources/index.js";
import { log } from "./engine-log.js";
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
  urnOf,
} from "./shared.js";
import { coreProps, fromWire, hasUnknown, hiddenProps, toWire } from "./wire.js";

function checked(news: Props): tenant.TenantInputs {
  const result = tenant.checkTenant(fromWire(coreProps(news)));
  if (result.failures.length > 0 || !result.inputs) {
    const list = result.failures.map((f) => `${f.property} ${f.reason}`).join("; ");
    throw new ProviderError(`The tenant's inputs are not valid: ${list}.`, "INVALID_INPUT");
  }
  return result.inputs;
}

function stateOf(props: Props): tenant.TenantState {
  try {
    return tenant.upgradeTenantState(coreProps(props));
  } catch (error) {
    throw describeError(error);
  }
}

export const tenantHandler: Handler = {
  /**
   * The inputs alone first; then, for a new tenant whose credentials are known, what OVHcloud sells
   * with a tenant (a throwaway cart, read once per provider process) against its licences: a licence
   * the cart does not offer, or a plan sold only with a licence, fails the preview. Nothing is ordered.
   */
  async check(olds, news) {
    const result = tenant.checkTenant(fromWire(coreProps(news)));
    const failures = [...result.failures.map(toFailure), ...credentialFailures(news)];
    if (failures.length > 0 || !result.inputs) return { failures };
    const creating = Object.keys(coreProps(olds)).length === 0;
    // Only a tenant that declares licences has anything to check against the offer: the others make
    // no call at all (not even the account lookup).
    const declaresLicences = (result.inputs.licenses ?? []).length > 0;
    if (creating && declaresLicences && !hasUnknown(news.credentials)) {
      try {
        const plan = await tenant.planTenantCreate(await contextOf(news), result.inputs);
        for (const r of plan.refusals)
          failures.push({ property: r.property ?? "licenses", reason: r.message });
        await showWarnings(plan, news);
      } catch (error) {
        throw describeError(error, "Checking what OVHcloud sells with a new tenant");
      }
      if (failures.length > 0) return { failures };
    }
    return { inputs: { ...(toWire(result.inputs) as Props), ...hiddenProps(news) } };
  },

  async diff(_id, olds, news) {
    const state = stateOf(olds);
    const inputs = fromWire(coreProps(news)) as tenant.TenantInputs;
    try {
      // The account of the credentials this resource would now use: the ownership guard's other side.
      const account = hasUnknown(news.credentials) ? undefined : (await contextOf(news)).account?.nic;
      const plan = tenant.diffTenant(state, inputs, { account });
      if (plan.action === "refuse") throw refused(plan.refusals);
      await showWarnings(plan, news);
      return {
        changes: plan.action !== "noop" || credentialsChanged(olds, news),
        replaces: plan.replaces,
        deleteBeforeReplace: false,
      };
    } catch (error) {
      throw describeError(error, `Planning tenant ${state.serviceName}`);
    }
  },

  async create(inputs) {
    const key = inputs.__idempotencyKey;
    if (typeof key !== "string" || key === "") {
      throw new ProviderError(
        "The tenant has no idempotency key: create it with the Office365ResellerTenant class, which sets one.",
        "NO_IDEMPOTENCY_KEY",
      );
    }
    try {
      const ctx = await contextOf(inputs);
      const state = await tenant.createTenant(ctx, checked(inputs), {
        idempotencyKey: key,
        onWarning: (w) => void log("warning", w.message, urnOf(inputs)),
      });
      return { id: state.serviceName, outs: outputsOf(state, inputs) };
    } catch (error) {
      if (error instanceof PartialCreateError) {
        throw partialCreate(error, error.id, partialOutputsOf(error.state, inputs));
      }
      throw describeError(error, "Creating the tenant");
    }
  },

  async read(_id, props) {
    const state = stateOf(props);
    try {
      const result = await tenant.readTenant(await contextOf(props), state);
      // Really gone (own account, 404): no id, so the engine drops it from the state.
      if (result.status === "gone") return {};
      return {
        id: result.state.serviceName,
        props: outputsOf(result.state, props),
        inputs: inputsOf(tenant.tenantInputsOf(result.state), props),
      };
    } catch (error) {
      throw describeError(error, `Reading tenant ${state.serviceName}`);
    }
  },

  async update(_id, olds, news) {
    const state = stateOf(olds);
    try {
      const next = await tenant.updateTenant(await contextOf(news), state, checked(news));
      return { outs: outputsOf(next, news) };
    } catch (error) {
      throw describeError(error, `Updating tenant ${state.serviceName}`);
    }
  },

  async delete(_id, props) {
    const state = stateOf(props);
    try {
      await tenant.deleteTenant(await contextOf(props), state);
    } catch (error) {
      throw describeError(error, `Deleting tenant ${state.serviceName}`);
    }
  },
};
