// The admin API's request bodies (and the programmatic handle's inputs), as zod schemas, and the
// shapes it answers. DESIGN.md fixes the outside contract; the extra fields are documented extensions.
import { z } from "zod";
import { OVH_SUBSIDIARIES, SERVICE_STATES } from "../../provider/ovh/models/index.js";

/** Seeds take the published values only: the emulator never answers a value OVHcloud does not publish. */
const ServiceState = z.enum(SERVICE_STATES);

const Rule = z.object({ method: z.enum(["GET", "POST", "PUT", "DELETE", "PATCH"]), path: z.string().min(1) });

export const AccountInput = z.object({
  nic: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/i, "a NIC handle such as ab12345-ovh")
    .optional(),
  /** nichandle.OvhSubsidiaryEnum: the subsidiaries of OVHcloud's EU API, the only one that sells CSP2. */
  ovhSubsidiary: z.enum(OVH_SUBSIDIARIES).optional(),
  email: z.email().optional(),
  firstname: z.string().optional(),
  name: z.string().optional(),
  /** false: the account has no payment method (orders stay notPaid unless paid by fidelity account). */
  paymentMethod: z.boolean().optional(),
  accessRules: z.array(Rule).optional(),
});
export type AccountInput = z.infer<typeof AccountInput>;

export const CredentialInput = z.object({ accessRules: z.array(Rule).optional() });
export type CredentialInput = z.infer<typeof CredentialInput>;

export interface AccountCredentials {
  nic: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  clientId: string;
  clientSecret: string;
}

export const AddonSeed = z.object({
  license: z.union([z.string(), z.number().int()]),
  quantity: z.number().int().min(1),
  purchasedHoursAgo: z.number().min(0).optional(),
});
const SubscriptionSeed = AddonSeed.extend({
  status: z.string().optional(),
  addons: z.array(AddonSeed).optional(),
});

export const TenantInput = z.object({
  account: z.string(),
  displayName: z.string().min(1),
  subscriptions: z.array(SubscriptionSeed).optional(),
  hasAcceptedNewMCA: z.boolean().optional(),
  status: ServiceState.optional(),
  /** Default age of the subscriptions (0: just bought, inside the 168-hour window). */
  purchasedHoursAgo: z.number().min(0).optional(),
  createdHoursAgo: z.number().min(0).optional(),
  mpnId: z.string().nullable().optional(),
  mpnIssueFlag: z.string().nullable().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  zipCode: z.string().optional(),
  subDomain: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type TenantInput = z.input<typeof TenantInput>;

export interface SeededTenant {
  serviceName: string;
  serviceId: number;
  subscriptions: { id: number; licenseId: number; quantity: number; parentId: number | null }[];
}

export const TenantPatch = z.object({
  hasAcceptedNewMCA: z.boolean().optional(),
  status: ServiceState.optional(),
  mpnIssueFlag: z.string().nullable().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

export const SubscriptionPatch = z.object({
  purchasedHoursAgo: z.number().min(0).optional(),
  /** Hours since seats were last added; null forgets the addition. */
  seatsAddedHoursAgo: z.number().min(0).nullable().optional(),
  status: z.string().optional(),
});

/** The CSP2 plan's rules (`PUT /_emulator/tenantPlan`); omitted fields keep their value. */
export const TenantPlanInput = z.object({
  /** Checkout refuses a tenant item without at least one licence option, as OVHcloud's plan may. */
  requireLicenceOption: z.boolean().optional(),
});
export type TenantPlanInput = z.infer<typeof TenantPlanInput>;
