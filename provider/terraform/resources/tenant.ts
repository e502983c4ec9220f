// o365reseller_tenant: Terraform objects ⇄ the core's tenant module.
import { PartialCreateError, tenant, type Warning } from "../../resources/index.js";
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
import { TENANT, tenantSchema } from "../schemas.js";
import {
  type CoreObject,
  fromCore,
  outputNames,
  type TfObject,
  takeChanges,
  tfNames,
  toCore,
  withInputs,
} from "../values.js";

const schema = tenantSchema;
const inputSpec = inputsOnly(schema);
const OUTPUTS = outputNames(schema);
/**
 * Outputs an in-place update takes from what it read (the others cannot change): unknown in its plan,
 * so that a value read later than the plan can never contradict it.
 */
const REREAD_ON_UPDATE = ["status", "has_accepted_new_mca"];
/** Outputs a create that did not finish could not read (the core's partial state). */
const PARTIAL_OUTPUTS = [...REREAD_ON_UPDATE, "creation_date"];
const snakePath = (p: string) => p.split(".").map(snakeCase).join(".");

function check(config: TfObject) {
  return tenant.checkTenant(toCore(inputSpec, config));
}

function coreState(tf: TfObject): tenant.TenantState {
  return tenant.upgradeTenantState(toCore(schema, tf));
}

function tfState(state: tenant.TenantState | CoreObject): TfObject {
  return { ...fromCore(schema, state), id: (state as { serviceName: string }).serviceName };
}

/** A plan's refusals, bad inputs and warnings, each on its attribute. */
function diagnosticsOf(plan: tenant.TenantPlan) {
  return [
    ...diag.fromRefusals(plan.refusals, schema),
    ...diag.fromCheckFailures(plan.failures, schema, snakePath),
    ...diag.fromWarnings(plan.warnings, schema),
  ];
}

/** The decoded plan, when it is the plan of this very change (same prior object, a create or not). */
function fitting(
  plan: tenant.TenantPlan | undefined,
  prior: tenant.TenantState | null,
  inputs: tenant.TenantInputs | null,
): tenant.TenantPlan | undefined {
  if (plan?.kind !== "tenant" || plan.version !== tenant.TENANT_PLAN_VERSION) return undefined;
  if ((plan.prior === null) !== (prior === null) || (plan.inputs === null) !== (inputs === null))
    return undefined;
  if (prior && plan.prior?.serviceName !== prior.serviceName) return undefined;
  return plan;
}

/**
 * Terraform gives a provider no identity of a resource before it exists (no address; private state and
 * planned values die with a killed run), and every input but the sub-domain may be edited before a
 * retry. So every tenant of the account shares one key, and the core tells attempts apart by how much
 * their inputs resemble (order.ts, "shared" scope).
 */
const IDEMPOTENCY_KEY = "terraform";

export const tenantResource: ResourceType = {
  name: TENANT,
  schema,
  type: typeOf(schema),

  validate(config) {
    return diag.fromCheckFailures(check(config).failures, schema, snakePath);
  },

  upgrade(raw) {
    const stored = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    // Readable by the core (throws a readable error otherwise), then kept in the user's spelling.
    coreState(stored as TfObject);
    return stored as TfObject;
  },

  async read(rt, prior): Promise<StateResult> {
    const ctx = await rt.context();
    const state = coreState(prior);
    const found = await tenant.readTenant(ctx, state);
    if (found.status === "gone") return { state: null, diagnostics: [] };
    const remote = tfState(found.state);
    // Values that differ only in spelling keep the prior's; real drift takes the remote value.
    const drift = tenant.diffTenant(found.state, tenant.tenantInputsOf(state), {}).changes;
    const merged = withInputs(schema, remote, prior);
    return {
      state: takeChanges(
        schema,
        merged,
        remote,
        drift.filter((c) => c.effect === "update"),
      ),
      diagnostics: [],
      private: encodePrivate("tenant", "observed", found.observed),
    };
  },

  async plan(rt, prior, proposed, config, priorPrivate): Promise<PlanResult> {
    const none: PlanResult = { planned: proposed, requiresReplace: [], diagnostics: [] };
    if (proposed === null) {
      if (prior === null) return none;
      const plan = await tenant.planTenant(await rt.context(), { prior: coreState(prior), inputs: null });
      return {
        planned: null,
        requiresReplace: [],
        diagnostics: diagnosticsOf(plan),
        plannedPrivate: encodePrivate("tenant", "plan", plan),
      };
    }
    const checked = check(config ?? proposed);
    if (!checked.inputs) {
      return { ...none, diagnostics: diag.fromCheckFailures(checked.failures, schema, snakePath) };
    }
    const inputs = checked.inputs;
    if (prior === null) {
      // A tenant with nothing to check against OVHcloud (no licences, no adoption) is planned with no
      // call at all; its apply plans it then.
      if ((inputs.licenses ?? []).length === 0 && !inputs.adoptServiceName) {
        return { ...none, planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN) };
      }
      const plan = await tenant.planTenant(await rt.context(), { prior: null, inputs });
      return {
        ...none,
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        diagnostics: diagnosticsOf(plan),
        plannedPrivate: encodePrivate("tenant", "plan", plan),
      };
    }
    const recorded = decodePrivate<tenant.TenantObservation>(priorPrivate, "tenant", "observed");
    const plan = await tenant.planTenant(await rt.context(), { prior: coreState(prior), inputs, recorded });
    const diagnostics = diagnosticsOf(plan);
    if (plan.action === "refuse") return { ...none, diagnostics };
    const plannedPrivate = encodePrivate("tenant", "plan", plan);
    if (plan.action === "replace") {
      return {
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        requiresReplace: [...plan.replaces, ...plan.maybeReplaces].map(
          (p) => tfNames(schema, p) ?? [snakeCase(p)],
        ),
        diagnostics: [...diagnostics, diag.replacementOrderNote("tenant")],
        plannedPrivate,
      };
    }
    // A state recorded by a create that did not finish (only seen without a refresh: the read makes
    // it true) is read again by the update: its outputs are unknown until then.
    const planned = tenant.isPartialTenantState(plan.prior!)
      ? withUnknown(proposed, PARTIAL_OUTPUTS, UNKNOWN)
      : plan.action === "update" && !plan.stateOnly
        ? withUnknown(proposed, REREAD_ON_UPDATE, UNKNOWN)
        : proposed;
    return {
      planned,
      requiresReplace: plan.maybeReplaces.map((p) => tfNames(schema, p) ?? [snakeCase(p)]),
      diagnostics,
      plannedPrivate,
    };
  },

  async apply(rt, prior, planned, config, plannedPrivate): Promise<StateResult> {
    const ctx = await rt.context();
    const checked = planned === null ? undefined : check(config ?? planned);
    if (checked && !checked.inputs) {
      return { state: prior, diagnostics: diag.fromCheckFailures(checked.failures, schema, snakePath) };
    }
    const inputs = checked?.inputs ?? null;
    const state = prior === null ? null : coreState(prior);
    // The plan this apply was planned with; planned again only when the engine gave none of ours.
    const plan =
      fitting(decodePrivate<tenant.TenantPlan>(plannedPrivate, "tenant", "plan"), state, inputs) ??
      (await tenant.planTenant(ctx, { prior: state, inputs }));
    if (plan.action === "refuse") return { state: prior, diagnostics: diagnosticsOf(plan) };
    if (plan.action === "delete") {
      await tenant.applyTenant(ctx, plan);
      return { state: null, diagnostics: [] };
    }
    if (state === null) {
      const warnings: Warning[] = [];
      try {
        const created = await tenant.applyTenant(ctx, plan, {
          idempotencyKey: IDEMPOTENCY_KEY,
          keyScope: "shared",
          onWarning: (w) => warnings.push(w),
        });
        return {
          state: withInputs(schema, tfState(created!), planned!),
          diagnostics: diag.fromWarnings(warnings, schema),
        };
      } catch (error) {
        if (!(error instanceof PartialCreateError)) throw error;
        // Recorded, not failed: a failed create would be tainted and planned as a replace next time.
        return {
          state: withInputs(schema, tfState(error.state), planned!),
          diagnostics: [
            ...diag.fromWarnings(warnings, schema),
            diag.warning(error.what, `${error.why} ${error.todo}`),
          ],
        };
      }
    }
    const updated = await tenant.applyTenant(ctx, plan);
    return { state: withInputs(schema, tfState(updated!), planned!), diagnostics: [] };
  },

  async importState(rt, id) {
    const ctx = await rt.context();
    return tfState(await tenant.importTenant(ctx, id.trim()));
  },
};
