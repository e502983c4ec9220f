// The subscription's read (refresh), and each operation as one call for callers without an engine
// between plan and apply (scripts, tests): a plan and its apply, nothing more.
import type { OfficeLicence } from "../../ovh/models/index.js";
import { guardOwnership, type OperationContext } from "../context.js";
import { apiFailure, ownershipUnconfirmed } from "../errors.js";
import type { ReadResult } from "../plan.js";
import { readsOf } from "../reads.js";
import { applySubscription } from "./apply.js";
import type { SubscriptionObservation } from "./observe.js";
import { planSubscription } from "./plan.js";
import type { SubscriptionInputs, SubscriptionState } from "./schema.js";
import { subscriptionResourceId } from "./schema.js";
import { stateFrom } from "./shared.js";
import { hasEnded } from "./status.js";

/**
 * The subscription as OVHcloud lists it now (refresh), from its tenant's list through the run's cache:
 * a refresh of ten subscriptions in two tenants reads two lists. `observed` is what the read saw, for
 * the plan that follows in the same run (Terraform carries it in the state's private bytes).
 */
export async function readSubscription(
  ctx: OperationContext,
  state: SubscriptionState,
): Promise<ReadResult<SubscriptionState> & { observed?: SubscriptionObservation }> {
  const id = subscriptionResourceId(state);
  const account = await guardOwnership(ctx, "subscription", id, state.ovhAccount);
  const reads = readsOf(ctx);
  let list: Awaited<ReturnType<typeof reads.subscriptions>>;
  try {
    list = await reads.subscriptions(state.tenant);
  } catch (error) {
    throw apiFailure(`Reading subscription ${id}`, error);
  }
  const sub = list?.find((s) => s.id === state.subscriptionId);
  if (!sub) {
    // 404 (the tenant's list) is also what another account's tenant looks like: "gone" only when the
    // state names this account.
    if (!state.ovhAccount) throw ownershipUnconfirmed({ kind: "subscription", id, current: account.nic });
    return { status: "gone" };
  }
  if (hasEnded(sub.status)) return { status: "gone" };
  let licence: Pick<OfficeLicence, "id" | "name"> = { id: state.licenseId, name: state.licenseName };
  if (sub.licenseId !== state.licenseId) {
    const catalogue = (await reads.catalogue(state.tenant).catch(() => null)) ?? [];
    licence = catalogue.find((l) => l.id === sub.licenseId) ?? {
      id: sub.licenseId,
      name: String(sub.licenseId),
    };
  }
  const tenant = reads.knownTenant(state.tenant);
  const observed: SubscriptionObservation = {
    at: (ctx.now ? ctx.now() : new Date()).toISOString(),
    account: account.nic,
    subscription: sub,
    ...(tenant
      ? {
          tenant: {
            serviceName: state.tenant,
            visible: true,
            status: tenant.status,
            hasAcceptedNewMCA: tenant.hasAcceptedNewMCA,
            creationDate: tenant.creationDate,
          },
        }
      : {}),
  };
  return { status: "found", state: stateFrom(state, sub, licence, account, true), observed };
}

/** Plans and applies a create (orders once, or adopts with adoptSubscriptionId). */
export async function createSubscription(
  ctx: OperationContext,
  inputs: SubscriptionInputs,
): Promise<SubscriptionState> {
  const state = await applySubscription(ctx, await planSubscription(ctx, { prior: null, inputs }));
  return state!;
}

/** Plans and applies a change of an existing subscription (a replace is refused: engines split it). */
export async function updateSubscription(
  ctx: OperationContext,
  state: SubscriptionState,
  news: SubscriptionInputs,
): Promise<SubscriptionState> {
  const next = await applySubscription(ctx, await planSubscription(ctx, { prior: state, inputs: news }));
  return next!;
}

/** Plans and applies a delete: cancels the subscription. */
export async function deleteSubscription(ctx: OperationContext, state: SubscriptionState): Promise<void> {
  await applySubscription(ctx, await planSubscription(ctx, { prior: state, inputs: null }));
}

/** Plans and applies an adoption (inputs with adoptSubscriptionId). */
export const adoptSubscription = createSubscription;
