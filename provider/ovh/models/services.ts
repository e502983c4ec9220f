// Zod models of `services.Service` (serviceInfos) and the generic `/services/{id}` lifecycle
// (facts: shared/docs/ovh-csp2-api.md §1.3 and §3).
import { z } from "zod";

export const RenewType = z.object({
  automatic: z.boolean(),
  deleteAtExpiration: z.boolean(),
  forced: z.boolean(),
  manualPayment: z.boolean().nullish(),
  period: z.number().int().nullish(),
});
export type RenewType = z.infer<typeof RenewType>;

/** `GET /saas/csp2/{s}/serviceInfos`. Only `renew` is writable (PUT). */
export const ServiceInfos = z.object({
  canDeleteAtExpiration: z.boolean(),
  contactAdmin: z.string(),
  contactBilling: z.string(),
  contactTech: z.string(),
  creation: z.string(),
  domain: z.string(),
  engagedUpTo: z.string().nullish(),
  expiration: z.string(),
  possibleRenewPeriod: z.array(z.number().int()).nullish(),
  renew: RenewType.nullish(),
  renewalType: z.string(),
  serviceId: z.number().int(),
  status: z.enum(["autorenewInProgress", "expired", "inCreation", "ok", "pendingDebt", "unPaid"]),
});
export type ServiceInfos = z.infer<typeof ServiceInfos>;

/** `services.expanded.Service` lifecycle states (shared/docs/ovh-csp2-api.md §3). */
export const ServiceLifecycleState = z.enum([
  "active",
  "error",
  "rupture",
  "terminated",
  "toRenew",
  "unpaid",
  "unrenewed",
]);
export const ServiceResourceState = z.enum([
  "active",
  "deleted",
  "suspended",
  "toActivate",
  "toDelete",
  "toSuspend",
]);

/** `GET /services/{serviceId}`: only the fields this project reads are required; the answer has more. */
export const ServiceDetails = z
  .object({
    serviceId: z.number().int(),
    route: z.object({ path: z.string().nullish(), url: z.string().nullish() }).loose().nullish(),
    resource: z
      .object({ name: z.string(), displayName: z.string().nullish(), state: ServiceResourceState })
      .loose(),
    billing: z
      .object({
        expirationDate: z.string().nullish(),
        nextBillingDate: z.string().nullish(),
        lifecycle: z
          .object({
            current: z
              .object({
                state: ServiceLifecycleState,
                creationDate: z.string().nullish(),
                terminationDate: z.string().nullish(),
                pendingActions: z.array(z.string()),
              })
              .loose(),
          })
          .loose(),
      })
      .loose(),
  })
  .loose();
export type ServiceDetails = z.infer<typeof ServiceDetails>;
