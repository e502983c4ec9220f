// o365reseller_tenant: Terraform objects ⇄ the core's tenant module.
import { currentAccount } from "../../resources/context.js";
import { PartialCreateError, tenant, type Warning } from "../../resources/index.js";
import { UNKNOWN } from "../codec.js";
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
/** Outputs an in-place update re-reads from OVHcloud (the others cannot change). */
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
    };
  },

  async plan(rt, prior, proposed, config): Promise<PlanResult> {
    const none: PlanResult = { planned: proposed, requiresReplace: [], diagnostics: [] };
    if (proposed === null) {
      if (prior === null) return none;
      const ctx = await rt.context();
      const account = await currentAccount(ctx);
      const plan = tenant.planTenantDelete(coreState(prior), { account: account.nic });
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
    if (!checked.inputs) {
      return { ...none, diagnostics: diag.fromCheckFailures(checked.failures, schema, snakePath) };
    }
    if (prior === null) {
      if ((checked.inputs.licenses ?? []).length === 0) {
        return { ...none, planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN) };
      }
      // What OVHcloud sells with a new tenant (one throwaway cart per provider process) against its
      // licences: refused here rather than at apply, before anything is ordered.
      const created = await tenant.planTenantCreate(await rt.context(), checked.inputs);
      return {
        ...none,
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        diagnostics: [
          ...diag.fromRefusals(created.refusals, schema),
          ...diag.fromWarnings(created.warnings, schema),
        ],
      };
    }
    const ctx = await rt.context();
    const account = await currentAccount(ctx);
    const plan = tenant.diffTenant(coreState(prior), checked.inputs, { account: account.nic });
    const diagnostics = [
      ...diag.fromRefusals(plan.refusals, schema),
      ...diag.fromWarnings(plan.warnings, schema),
    ];
    if (plan.action === "refuse") return { ...none, diagnostics };
    if (plan.action === "replace") {
      return {
        planned: withUnknown(proposed, [...OUTPUTS, "id"], UNKNOWN),
        requiresReplace: plan.replaces.map((p) => tfNames(schema, p) ?? [snakeCase(p)]),
        diagnostics: [...diagnostics, diag.replacementOrderNote("tenant")],
      };
    }
    // A state recorded by a create that did not finish (only seen without a refresh: the read makes
    // it true) is read again by the update: its outputs are unknown until then.
    const partial = tenant.isPartialTenantState(coreState(prior));
    const planned = partial
      ? withUnknown(proposed, PARTIAL_OUTPUTS, UNKNOWN)
      : plan.action === "update" && !plan.stateOnly
        ? withUnknown(proposed, REREAD_ON_UPDATE, UNKNOWN)
        : proposed;
    return { planned, requiresReplace: [], diagnostics };
  },

  async apply(rt, prior, planned, config): Promise<StateResult> {
    const ctx = await rt.context();
    if (planned === null) {
      if (prior !== null) await tenant.deleteTenant(ctx, coreState(prior));
      return { state: null, diagnostics: [] };
    }
    const checked = check(config ?? planned);
    if (!checked.inputs) {
      return { state: prior, diagnostics: diag.fromCheckFailures(checked.failures, schema, snakePath) };
    }
    if (prior === null) {
      const warnings: Warning[] = [];
      try {
        const created = await tenant.createTenant(ctx, checked.inputs, {
          idempotencyKey: IDEMPOTENCY_KEY,
          keyScope: "shared",
          onWarning: (w) => warnings.push(w),
        });
        return {
          state: withInputs(schema, tfState(created), planned),
          diagnostics: diag.fromWarnings(warnings, schema),
        };
      } catch (error) {
        if (!(error instanceof PartialCreateError)) throw error;
        // Recorded, not failed: a failed create would be tainted and planned as a replace next time.
        return {
          state: withInputs(schema, tfState(error.state), planned),
          diagnostics: [
            ...diag.fromWarnings(warnings, schema),
            diag.warning(error.what, `${error.why} ${error.todo}`),
          ],
        };
      }
    }
    const updated = await tenant.updateTenant(ctx, coreState(prior), checked.inputs);
    return { state: withInputs(schema, tfState(updated), planned), diagnostics: [] };
  },

  async importState(rt, id) {
    const ctx = await rt.context();
    return tfState(await tenant.importTenant(ctx, id.trim()));
  },
};
