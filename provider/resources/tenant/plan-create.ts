// Planning a tenant's create: the declared licences checked against what OVHcloud sells with a new
// tenant (the offer of a throwaway cart, read once per client) before anything is ordered, so that
// `pulumi preview` and `tofu plan` already name a licence the cart does not offer (or a mandatory option
// family they leave out). Only a tenant that declares licences is checked here: reading the offer
// takes a cart (created and deleted, never checked out), and a preview or plan of anything else writes
// nothing. The create checks everything again on its own cart before checkout, a plan sold only with a
// licence included.
import type { OperationContext } from "../context.js";
import { apiFailure, noTenantPlan } from "../errors.js";
import { discoverOffer } from "../offer.js";
import { isUnknown, type LifecyclePlan } from "../plan.js";
import { matchLicences } from "./licences.js";
import type { TenantInputs } from "./schema.js";

export async function planTenantCreate(ctx: OperationContext, inputs: TenantInputs): Promise<LifecyclePlan> {
  if (inputs.adoptServiceName) return { action: "adopt", refusals: [], warnings: [] };
  if (isUnknown(inputs.licenses) || (inputs.licenses ?? []).length === 0) {
    return { action: "create", refusals: [], warnings: [] };
  }
  let offer: Awaited<ReturnType<typeof discoverOffer>>;
  try {
    offer = await discoverOffer(ctx);
  } catch (error) {
    const cause = apiFailure("Reading what OVHcloud sells with a new tenant", error).what;
    return {
      action: "create",
      refusals: [],
      warnings: [
        {
          code: "OFFER_NOT_READ",
          property: "licenses",
          message: `${cause} The licences are checked against the cart's offer before checkout instead.`,
        },
      ],
    };
  }
  if (offer.planCode === null)
    return { action: "refuse", refusals: [noTenantPlan().toRefusal()], warnings: [] };
  const { refusals } = matchLicences(inputs.licenses ?? [], {
    planCode: offer.planCode,
    options: offer.options,
  });
  return { action: refusals.length > 0 ? "refuse" : "create", refusals, warnings: [] };
}
