// Zod models of the OVHcloud `/saas/csp2` objects (facts: shared/docs/ovh-csp2-api.md §1).
// Shared by the client (to validate answers) and the emulator (to shape them): the only code the
// two sides share, so that a client bug cannot hide behind the same bug in the emulator.
import { z } from "zod";

/** Tenant lifecycle states as the API reports them. */
export const ServiceState = z.enum([
  "creating",
  "inMaintenance",
  "ok",
  "reopening",
  "suspended",
  "suspending",
]);
export type ServiceState = z.infer<typeof ServiceState>;

/** The writable fields of a tenant: the body of `PUT /saas/csp2/{serviceName}`. */
export const OfficeTenantUpdate = z.object({
  address: z.string(),
  city: z.string(),
  displayName: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string(),
  zipCode: z.string(),
  mpnId: z.string().nullable(),
});
export type OfficeTenantUpdate = z.infer<typeof OfficeTenantUpdate>;

export const IamResourceMetadata = z.object({
  displayName: z.string().nullish(),
  id: z.string(),
  state: z.enum(["EXPIRED", "IN_CREATION", "OK", "SUSPENDED"]).nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  urn: z.string(),
});

/** `GET /saas/csp2/{serviceName}`: `saas.csp2.OfficeTenantWithIAM`. */
export const OfficeTenant = OfficeTenantUpdate.extend({
  serviceName: z.string(),
  status: ServiceState,
  creationDate: z.string(),
  mpnIssueFlag: z.string().nullish(),
  // Added by OVHcloud after mid-2024; older answers lack it, so absent means "not reported".
  hasAcceptedNewMCA: z.boolean().optional(),
  iam: IamResourceMetadata.nullish(),
});
export type OfficeTenant = z.infer<typeof OfficeTenant>;

export const LicenceType = z.enum(["ADDON", "NON-SPECIFIC"]);

/** `GET /saas/csp2/{s}/orderableLicenses/{id}`: `saas.csp2.OfficeLicence`. */
export const OfficeLicence = z.object({
  id: z.number().int(),
  licenceType: LicenceType,
  limit: z.number().int().nullish(),
  name: z.string(),
  newSeatsAllowed: z.boolean(),
  newSubscriptionsAllowed: z.boolean(),
});
export type OfficeLicence = z.infer<typeof OfficeLicence>;

/** `GET /saas/csp2/{s}/subscription/{id}`: `saas.csp2.OfficeSubscription`. */
export const OfficeSubscription = z.object({
  creationDate: z.string(),
  id: z.number().int(),
  lastUpdate: z.string().nullish(),
  licenseId: z.number().int(),
  quantity: z.number().int(),
  // A free string in the API schema; real values are unconfirmed, so never an enum here.
  status: z.string(),
  taskPendingId: z.number().int(),
});
export type OfficeSubscription = z.infer<typeof OfficeSubscription>;

export const TaskStatus = z.enum(["cancelled", "doing", "done", "error", "todo"]);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** `saas.csp2.OfficeTask`: what every asynchronous subscription write returns. */
export const OfficeTask = z.object({
  finishDate: z.string().nullish(),
  function: z.string(),
  id: z.number().int(),
  status: TaskStatus,
  todoDate: z.string(),
});
export type OfficeTask = z.infer<typeof OfficeTask>;

/** Request bodies (all fields required). `quantity` of changeQuantity is the new total. */
export const SubscriptionCreation = z.object({ licenseId: z.number().int(), quantity: z.number().int() });
export const SubscriptionChangeQuantityCreation = z.object({ quantity: z.number().int() });
export const SubscriptionOrderAddonCreation = z.object({
  licenseId: z.number().int(),
  quantity: z.number().int(),
});

const StatisticsLine = z.object({
  licenceId: z.number().int(),
  licenceName: z.string(),
  peakCount: z.number(),
});
export const BillingStatistics = z.object({
  startDate: z.string(),
  endDate: z.string(),
  lines: z.array(StatisticsLine),
});
export type BillingStatistics = z.infer<typeof BillingStatistics>;

export const Statistics = z.object({
  date: z.string(),
  lines: z.array(StatisticsLine.extend({ endOfDayCount: z.number() })),
});
export type Statistics = z.infer<typeof Statistics>;

export const LicensePeriod = z.enum(["lastMonth", "lastQuarter", "lastWeek", "lastYear"]);
export type LicensePeriod = z.infer<typeof LicensePeriod>;
