/*
 * The tenant's plan: observe once, check, diff; plain data that carries what it observed, carried out
 * by `applyTenant`.
 *
 * What a plan reads (through the run's read cache, reads.ts):
 * - nothing, when the inputs and the state alone show no change, or only a state-only one;
 * - the tenant, for a change of its fields (apply writes the whole writable body from it, so it needs
 *   no read of its own) or to confirm a create that did not finish;
 * - the tenant named by adoptServiceName, for an adoption (it must exist in these credentials' account);
 * - for a new tenant with licences, what the cart offers (plan-create.ts: one throwaway cart per run);
 * - for a delete: nothing.
 */
import type { OfficeTenant } from "../../ovh/models/index.js";
import { currentAccount, nowOf, type OperationContext } from "../context.js";
import { adoptNotFound, apiFailure, type Refusal } from "../errors.js";
import { type CheckFailure, isUnknown, type PropertyChange, type Warning } from "../plan.js";
import { readsOf } from "../reads.js";
import { diffTenant, planTenantDelete } from "./diff.js";
import { isPartialTenantState } from "./partial.js";
import { planTenantCreate } from "./plan-create.js";
import type { TenantInputs, TenantState } from "./schema.js";

export const TENANT_PLAN_VERSION = 1;

export type TenantAction = "create" | "adopt" | "update" | "replace" | "noop" | "delete" | "refuse";

/** What a tenant plan saw, as plain data (Terraform carries it from plan to apply in private bytes). */
export interface TenantObservation {
  /** OVHcloud's time when it was read (ISO 8601). */
  at: string;
  /** NIC handle of the credentials. */
  account: string;
  /** The tenant as read (the state's, or the one to adopt); null when these credentials get 404. */
  tenant?: OfficeTenant | null | undefined;
}

export interface TenantPlan {
  kind: "tenant";
  version: typeof TENANT_PLAN_VERSION;
  action: TenantAction;
  prior: TenantState | null;
  inputs: TenantInputs | null;
  changes: PropertyChange[];
  replaces: string[];
  maybeReplaces: string[];
  stateOnly: boolean;
  refusals: Refusal[];
  failures: CheckFailure[];
  warnings: Warning[];
  observed: TenantObservation;
}

/** An observation older than this is not reused by a later plan. */
const RECORDED_MAX_AGE_MS = 15 * 60_000;

export async function planTenant(
  ctx: OperationContext,
  args: { prior: TenantState | null; inputs: TenantInputs | null; recorded?: TenantObservation | undefined },
): Promise<TenantPlan> {
  const { prior, inputs } = args;
  const account = await currentAccount(ctx);
  const now = nowOf(ctx);
  const bare: TenantObservation = { at: now.toISOString(), account: account.nic };
  if (inputs === null) {
    if (prior === null) throw new Error("a plan needs a state, inputs, or both");
    const life = planTenantDelete(prior, { account: account.nic });
    return make({
      action: life.action === "refuse" ? "refuse" : "delete",
      prior,
      inputs,
      refusals: life.refusals,
      warnings: life.warnings,
      observed: bare,
    });
  }
  if (prior === null) return planCreate(ctx, inputs, bare);

  const quick = diffTenant(prior, inputs, { account: account.nic });
  const partial = isPartialTenantState(prior);
  if (
    quick.action === "refuse" ||
    quick.action === "replace" ||
    ((quick.action === "noop" || quick.stateOnly) && !partial)
  ) {
    return make({ ...quick, prior, inputs, observed: bare });
  }
  const observed: TenantObservation = { ...bare };
  const recorded = args.recorded;
  if (
    recorded?.tenant &&
    recorded.account === account.nic &&
    recorded.tenant.serviceName === prior.serviceName &&
    now.getTime() - Date.parse(recorded.at) <= RECORDED_MAX_AGE_MS
  ) {
    observed.at = recorded.at;
    observed.tenant = recorded.tenant;
  } else {
    observed.tenant = await readTenant(ctx, prior.serviceName);
  }
  const refusals = [...quick.refusals];
  if (observed.tenant === null) {
    refusals.push({
      code: "TENANT_GONE",
      message: `Tenant ${prior.serviceName} is not visible to OVHcloud account ${account.nic} any more: it ended, or it belongs to another account. Nothing was changed. Run a refresh (pulumi refresh, or tofu/terraform apply -refresh-only) to see which.`,
    });
  }
  return make({
    ...quick,
    action: refusals.length > 0 ? "refuse" : quick.action,
    refusals,
    prior,
    inputs,
    observed,
  });
}

async function planCreate(
  ctx: OperationContext,
  inputs: TenantInputs,
  observed: TenantObservation,
): Promise<TenantPlan> {
  if (inputs.adoptServiceName && !isUnknown(inputs.adoptServiceName)) {
    const target = await readTenant(ctx, inputs.adoptServiceName);
    observed.tenant = target;
    const refusals = target
      ? []
      : [
          adoptNotFound({
            kind: "tenant",
            id: inputs.adoptServiceName,
            current: observed.account,
            property: "adoptServiceName",
          }).toRefusal(),
        ];
    return make({
      action: refusals.length > 0 ? "refuse" : "adopt",
      prior: null,
      inputs,
      refusals,
      observed,
    });
  }
  const offer = await planTenantCreate(ctx, inputs);
  return make({
    action: offer.action === "refuse" ? "refuse" : "create",
    prior: null,
    inputs,
    refusals: offer.refusals,
    warnings: offer.warnings,
    observed,
  });
}

async function readTenant(ctx: OperationContext, serviceName: string): Promise<OfficeTenant | null> {
  try {
    return await readsOf(ctx).tenant(serviceName);
  } catch (error) {
    throw apiFailure(`Reading tenant ${serviceName}`, error);
  }
}

function make(p: {
  action: TenantAction;
  prior: TenantState | null;
  inputs: TenantInputs | null;
  observed: TenantObservation;
  changes?: PropertyChange[];
  replaces?: string[];
  maybeReplaces?: string[];
  stateOnly?: boolean;
  refusals?: Refusal[];
  failures?: CheckFailure[];
  warnings?: Warning[];
}): TenantPlan {
  return {
    kind: "tenant",
    version: TENANT_PLAN_VERSION,
    action: p.action,
    prior: p.prior,
    inputs: p.inputs,
    changes: p.changes ?? [],
    replaces: p.action === "replace" ? (p.replaces ?? []) : [],
    maybeReplaces: p.maybeReplaces ?? [],
    stateOnly: p.action === "update" && (p.stateOnly ?? false),
    refusals: p.refusals ?? [],
    failures: p.failures ?? [],
    warnings: p.warnings ?? [],
    observed: p.observed,
  };
}
