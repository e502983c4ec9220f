/*
 * The subscription's plan: observe once, check, diff. The only place where a change is decided; what
 * comes out is plain data that carries what it observed, and `applySubscription` carries it out.
 *
 * What a plan reads (each through the run's read cache, reads.ts):
 * - nothing, when the inputs and the state alone show no change (a plan of unchanged resources costs
 *   no call but the account's, which front ends already hold);
 * - for a change of an existing subscription: its tenant (MCA, status), the tenant's licence catalogue
 *   (limits, flags) and the tenant's subscription list (this one's seats, status, pending task, window);
 * - for a create: the tenant, its catalogue and its subscription list (to name what would be adopted
 *   or refused, and an add-on's parent), plus the add-on licences the parent accepts;
 * - for a delete: nothing (the window warning uses what the run already read, else the state).
 */
import type { OfficeLicence } from "../../ovh/models/index.js";
import { currentAccount, nowOf, type OperationContext } from "../context.js";
import { adoptMismatch, adoptNotFound, apiFailure, type Refusal } from "../errors.js";
import { type CheckFailure, isUnknown, type PropertyChange, type Warning } from "../plan.js";
import { readsOf } from "../reads.js";
import { checkSubscriptionLicence } from "./check.js";
import { diffSubscription, planSubscriptionCreate, planSubscriptionDelete } from "./diff.js";
import { asObserved, knownSubscription, observe, type SubscriptionObservation } from "./observe.js";
import { classifyExisting } from "./recognise.js";
import { type SubscriptionInputs, type SubscriptionState, subscriptionResourceId } from "./schema.js";
import { hasEnded, isBeingCreated, isFailedOrder, isPartialSubscriptionState } from "./status.js";

export const SUBSCRIPTION_PLAN_VERSION = 1;

export type SubscriptionAction = "create" | "adopt" | "update" | "replace" | "noop" | "delete" | "refuse";

export interface SubscriptionPlan {
  kind: "subscription";
  version: typeof SUBSCRIPTION_PLAN_VERSION;
  action: SubscriptionAction;
  /** The state before (null for a create). */
  prior: SubscriptionState | null;
  /** The checked inputs (null for a delete). */
  inputs: SubscriptionInputs | null;
  changes: PropertyChange[];
  replaces: string[];
  /** Properties not known yet that replace only if they differ once known (plan.ts). */
  maybeReplaces: string[];
  /** An update that only records inputs in the state: no API call. */
  stateOnly: boolean;
  refusals: Refusal[];
  /** Bad inputs found against what was observed, per field (the licence, the parent, the adoption). */
  failures: CheckFailure[];
  warnings: Warning[];
  observed: SubscriptionObservation;
  /** The licence a create orders or adopts, as the catalogue named it when planned. */
  licence?: Pick<OfficeLicence, "id" | "name" | "licenceType"> | undefined;
}

export interface PlanArgs {
  prior: SubscriptionState | null;
  inputs: SubscriptionInputs | null;
  /** What an earlier step of the run observed (Terraform: the refresh, through private bytes). */
  recorded?: SubscriptionObservation | undefined;
}

export async function planSubscription(ctx: OperationContext, args: PlanArgs): Promise<SubscriptionPlan> {
  const { prior, inputs } = args;
  if (inputs === null) {
    if (prior === null) throw new Error("a plan needs a state, inputs, or both");
    return planDelete(ctx, prior, args.recorded);
  }
  if (prior === null) return planCreate(ctx, inputs, args.recorded);
  return planChange(ctx, prior, inputs, args.recorded);
}

async function planDelete(
  ctx: OperationContext,
  prior: SubscriptionState,
  recorded?: SubscriptionObservation,
): Promise<SubscriptionPlan> {
  const account = await currentAccount(ctx);
  const observed: SubscriptionObservation = { at: nowOf(ctx).toISOString(), account: account.nic };
  const known = knownSubscription(ctx, prior.tenant, prior.subscriptionId, recorded);
  if (known !== undefined) observed.subscription = known;
  const life = planSubscriptionDelete(prior, asObserved(observed, nowOf(ctx)));
  return make({
    action: life.action === "refuse" ? "refuse" : "delete",
    prior,
    inputs: null,
    refusals: life.refusals,
    warnings: life.warnings,
    observed,
  });
}

async function planChange(
  ctx: OperationContext,
  prior: SubscriptionState,
  inputs: SubscriptionInputs,
  recorded?: SubscriptionObservation,
): Promise<SubscriptionPlan> {
  const account = await currentAccount(ctx);
  const now = nowOf(ctx);
  const bare: SubscriptionObservation = { at: now.toISOString(), account: account.nic };
  // The inputs and the state alone: unchanged inputs of a subscription recorded as working plan
  // nothing, whatever OVHcloud says (a refresh shows drift), and read nothing.
  const quick = diffSubscription(prior, inputs, asObserved(bare, now));
  const settled = !isPartialSubscriptionState(prior) && !isFailedOrder(prior.status);
  if (quick.action === "refuse" || ((quick.action === "noop" || quick.stateOnly) && settled)) {
    return make({ ...quick, action: quick.action, prior, inputs, observed: bare });
  }

  const tenant = isUnknown(inputs.tenant) ? undefined : inputs.tenant;
  const observed = await observe(
    ctx,
    { tenant, catalogue: true, own: { tenant: prior.tenant, id: prior.subscriptionId } },
    recorded,
  );
  const plan = diffSubscription(prior, inputs, asObserved(observed, now));
  const failures = checkSubscriptionLicence(inputs, observed.catalogue, {
    creating: plan.action === "replace",
  }).failures;
  const refusals = [...plan.refusals];
  const id = subscriptionResourceId(prior);
  if (plan.action !== "replace" && observed.subscription === null && observed.tenant?.visible !== false) {
    refusals.push({
      code: "SUBSCRIPTION_NOT_VISIBLE",
      property: "quantity",
      message: `Subscription ${id} is no longer listed in tenant ${prior.tenant}: it was cancelled or ended outside this state. Nothing was changed. Run a refresh (pulumi refresh, or tofu/terraform apply -refresh-only): it leaves the state, and the next apply orders it again.`,
    });
  } else if (plan.action !== "replace" && observed.subscription && hasEnded(observed.subscription.status)) {
    refusals.push({
      code: "SUBSCRIPTION_NOT_VISIBLE",
      property: "quantity",
      message: `Subscription ${id} is "${observed.subscription.status}" at OVHcloud. Nothing was changed. Run a refresh (pulumi refresh, or tofu/terraform apply -refresh-only): it leaves the state, and the next apply orders it again.`,
    });
  }
  const action = refusals.length > 0 || failures.length > 0 ? "refuse" : plan.action;
  return make({ ...plan, action, prior, inputs, refusals, failures, observed });
}

async function planCreate(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  recorded?: SubscriptionObservation,
): Promise<SubscriptionPlan> {
  const account = await currentAccount(ctx);
  const now = nowOf(ctx);
  if (isUnknown(inputs.tenant) || isUnknown(inputs.license)) {
    // The tenant (or licence) comes from a resource applied in the same run: checked once known.
    return make({
      action: "create",
      prior: null,
      inputs,
      observed: { at: now.toISOString(), account: account.nic },
    });
  }
  const adopting = inputs.adoptSubscriptionId !== undefined && inputs.adoptSubscriptionId !== null;
  const parentId =
    inputs.parent !== undefined && inputs.parent !== null && !isUnknown(inputs.parent)
      ? inputs.parent
      : undefined;
  const observed = await observe(
    ctx,
    { tenant: inputs.tenant, catalogue: true, siblings: true, parent: parentId },
    recorded,
  );
  const life = planSubscriptionCreate(inputs, asObserved(observed, now));
  const resolution = checkSubscriptionLicence(inputs, observed.catalogue, { creating: true });
  const failures = [...resolution.failures];
  const refusals = [...life.refusals];
  const warnings = [...life.warnings];
  const licence = resolution.licence;
  if (observed.tenant?.visible && licence) {
    if (parentId !== undefined)
      await checkParent(ctx, inputs, licence, parentId, observed, failures, warnings);
    if (adopting) checkAdoption(inputs, licence, observed, refusals);
    // A parent already refused is not read further (its add-ons would be a 404).
    else if (!isUnknown(inputs.quantity) && failures.length === 0) {
      const found = classifyExisting(observed.siblings ?? [], inputs, licence, {
        tenantCreated: observed.tenant.creationDate,
        now: now.getTime(),
        addons: parentId === undefined ? undefined : await addonsOf(ctx, inputs.tenant, parentId),
      });
      if (found.kind === "exists") refusals.push(found.refusal);
      else if (found.kind === "adopt") {
        warnings.push({
          code: "SUBSCRIPTION_ADOPTED",
          message: `Subscription ${inputs.tenant}/${found.subscription.id} of ${licence.name} (${found.subscription.quantity} seats) was ${found.why}: apply adopts it instead of ordering again.`,
        });
      }
    }
  }
  const refused = refusals.length > 0 || failures.length > 0;
  return make({
    action: refused ? "refuse" : adopting ? "adopt" : "create",
    prior: null,
    inputs,
    refusals,
    failures,
    warnings,
    observed,
    licence: licence && { id: licence.id, name: licence.name, licenceType: licence.licenceType },
  });
}

async function addonsOf(ctx: OperationContext, tenant: string, parent: number): Promise<number[]> {
  try {
    return await readsOf(ctx).addons(tenant, parent);
  } catch (error) {
    throw apiFailure(`Reading the add-ons of subscription ${tenant}/${parent}`, error);
  }
}

/**
 * An add-on's parent, known at plan time: it must be a live subscription of the same tenant (a parent
 * in another tenant or account is not in this tenant's list), accept this add-on licence, and not be
 * a failed order; one still being delivered is waited for by apply.
 */
async function checkParent(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
  licence: OfficeLicence,
  parentId: number,
  observed: SubscriptionObservation,
  failures: CheckFailure[],
  warnings: Warning[],
): Promise<void> {
  if (licence.licenceType !== "ADDON") return; // checkSubscriptionLicence already refuses a parent
  const parent = observed.parent?.subscription ?? null;
  if (!parent || hasEnded(parent.status)) {
    failures.push({
      property: "parent",
      value: parentId,
      reason: `is not a subscription of tenant ${inputs.tenant} in OVHcloud account ${observed.account}: an add-on extends a subscription of its own tenant; set parent to the subscriptionId of one of them`,
    });
    return;
  }
  if (isFailedOrder(parent.status)) {
    failures.push({
      property: "parent",
      value: parentId,
      reason: `is subscription ${parentId}, whose order failed (status "${parent.status}"): an add-on needs an active subscription. Nothing was ordered; once ${parentId} is replaced by its own resource's apply, the add-on follows`,
    });
    return;
  }
  let accepted: number[];
  try {
    accepted = observed.parent?.addonLicences ?? (await readsOf(ctx).addonLicences(inputs.tenant, parentId));
  } catch (error) {
    throw apiFailure(`Reading the add-on licences of subscription ${inputs.tenant}/${parentId}`, error);
  }
  if (observed.parent) observed.parent.addonLicences = accepted;
  if (!accepted.includes(licence.id)) {
    const names = accepted.map((id) => nameOf(observed.catalogue, id)).join(", ");
    failures.push({
      property: "license",
      value: inputs.license,
      reason: `does not fit parent subscription ${parentId} (${nameOf(observed.catalogue, parent.licenseId)}): the add-on licences it accepts are ${names || "none"}`,
    });
    return;
  }
  if (isBeingCreated(parent.status)) {
    warnings.push({
      code: "ADDON_WAITS_FOR_PARENT",
      property: "parent",
      message: `Parent subscription ${parentId} is "${parent.status}": the add-on ${licence.name} is ordered once it is active (apply waits for it, within timeouts.create).`,
    });
  }
}

/** An adoption target, known at plan time: listed in the tenant, of the declared licence. */
function checkAdoption(
  inputs: SubscriptionInputs,
  licence: OfficeLicence,
  observed: SubscriptionObservation,
  refusals: Refusal[],
): void {
  const id = inputs.adoptSubscriptionId!;
  const label = `${inputs.tenant}/${id}`;
  const target = (observed.siblings ?? []).find((s) => s.id === id);
  if (!target || hasEnded(target.status)) {
    refusals.push(
      adoptNotFound({
        kind: "subscription",
        id: label,
        current: observed.account,
        property: "adoptSubscriptionId",
      }).toRefusal(),
    );
    return;
  }
  if (isFailedOrder(target.status)) {
    refusals.push({
      code: "ADOPT_MISMATCH",
      property: "adoptSubscriptionId",
      message: `Subscription ${label} cannot be adopted: its order failed (status "${target.status}"), so it holds no working seats. Nothing was ordered or changed. Leave adoptSubscriptionId unset: apply then orders ${licence.name}.`,
    });
    return;
  }
  if (target.licenseId !== licence.id) {
    refusals.push(
      adoptMismatch({
        id: label,
        property: "license",
        expected: `${licence.name} (id ${licence.id})`,
        actual: `${nameOf(observed.catalogue, target.licenseId)} (id ${target.licenseId})`,
      }).toRefusal(),
    );
  }
}

function nameOf(catalogue: readonly OfficeLicence[] | undefined, id: number): string {
  return catalogue?.find((l) => l.id === id)?.name ?? `licence ${id}`;
}

function make(p: {
  action: SubscriptionAction;
  prior: SubscriptionState | null;
  inputs: SubscriptionInputs | null;
  observed: SubscriptionObservation;
  changes?: PropertyChange[];
  replaces?: string[];
  maybeReplaces?: string[];
  stateOnly?: boolean;
  refusals?: Refusal[];
  failures?: CheckFailure[];
  warnings?: Warning[];
  licence?: SubscriptionPlan["licence"];
}): SubscriptionPlan {
  return {
    kind: "subscription",
    version: SUBSCRIPTION_PLAN_VERSION,
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
    ...(p.licence ? { licence: p.licence } : {}),
  };
}
