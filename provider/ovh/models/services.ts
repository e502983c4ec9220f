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
