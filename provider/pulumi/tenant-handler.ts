// The tenant's provider methods: wire values in, the core's plan and apply, wire values out. `check`
// plans a create that has something to check (declared licences, an adoption) and `diff` plans a
// change; `create` and `update` apply the plan they were shown (plans.ts).
import { PartialCreateError, tenant } from "../resources/index.js";
import { log } from "./engine-log.js";
import { describeError, ProviderError, partialCreate } from "./errors.js";
import { keepPlan, takePlan } from "./plans.js";
import {
  contextOf,
  credentialFailures,
  credentialsChanged,
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

type Plan = tenant.TenantPlan;

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

const createKey = (inputs: Props) => ["tenant:create", urnOf(inputs), coreProps(inputs)];
const changeKey = (id: string, olds: Props, news: Props) => [
  "tenant:change",
  id,
  coreProps(olds),
  coreProps(news),
];

export const tenantHandler: Handler = {
  /**
   * The inputs alone first; then, for a new tenant whose credentials are known and that has something
   * to check against OVHcloud, its plan: declared licences against what the cart sells with a tenant
   * (a throwaway cart, read once per provider process), an adoption target in the account. A tenant
   * with neither makes no call at all. Nothing is ordered; the plan is kept for `create`.
   */
  async check(olds, news) {
    const result = tenant.checkTenant(fromWire(coreProps(news)));
    const failures = [...result.failures.map(toFailure), ...credentialFailures(news)];
    if (failures.length > 0 || !result.inputs) return { failures };
    const inputs = result.inputs;
    const checkedInputs: Props = { ...(toWire(inputs) as Props), ...hiddenProps(news) };
    const creating = Object.keys(coreProps(olds)).length === 0;
    const toCheck = (inputs.licenses ?? []).length > 0 || Boolean(inputs.adoptServiceName);
    if (creating && toCheck && !hasUnknown(news.credentials)) {
      try {
        const plan = await tenant.planTenant(await contextOf(news), { prior: null, inputs });
        failures.push(...planFailures(plan, "licenses"));
        await showWarnings(plan, news);
        if (failures.length === 0) keepPlan(createKey(checkedInputs), plan);
      } catch (error) {
        throw describeError(error, "Checking what OVHcloud sells with a new tenant");
      }
      if (failures.length > 0) return { failures };
    }
    return { inputs: checkedInputs };
  },

  async diff(id, olds, news) {
    const state = stateOf(olds);
    const inputs = fromWire(coreProps(news)) as tenant.TenantInputs;
    try {
      if (hasUnknown(news.credentials)) {
        // Credentials not known yet (preview): the diff of the inputs alone; they change, so an update.
        const plan = tenant.diffTenant(state, inputs, {});
        return { changes: true, replaces: plan.replaces, deleteBeforeReplace: false };
      }
      const plan = await tenant.planTenant(await contextOf(news), { prior: state, inputs });
      if (plan.action === "refuse") throw refused(plan);
      await showWarnings(plan, news);
      keepPlan(changeKey(id, olds, news), plan);
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
      const plan =
        takePlan<Plan>(createKey(inputs)) ??
        (await tenant.planTenant(ctx, { prior: null, inputs: checked(inputs) }));
      const state = (await tenant.applyTenant(ctx, plan, {
        idempotencyKey: key,
        onWarning: (w) => void log("warning", w.message, urnOf(inputs)),
      }))!;
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

  async update(id, olds, news) {
    const state = stateOf(olds);
    try {
      const ctx = await contextOf(news);
      const plan =
        takePlan<Plan>(changeKey(id, olds, news)) ??
        (await tenant.planTenant(ctx, { prior: state, inputs: checked(news) }));
      const next = (await tenant.applyTenant(ctx, plan))!;
      return { outs: outputsOf(next, news) };
    } catch (error) {
      throw describeError(error, `Updating tenant ${state.serviceName}`);
    }
  },

  async delete(_id, props) {
    const state = stateOf(props);
    try {
      const ctx = await contextOf(props);
      await tenant.applyTenant(ctx, await tenant.planTenant(ctx, { prior: state, inputs: null }));
    } catch (error) {
      throw describeError(error, `Deleting tenant ${state.serviceName}`);
    }
  },
};
