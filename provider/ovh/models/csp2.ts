// The `/saas/csp2` objects under the names the rest of the code uses. Every model here is generated from
// OVHcloud's schema (generated/saas-csp2.ts, `npm run models:generate`); this module only names them.
// Shared by the client (to read answers) and the emulator (to shape them and read request bodies).
import { z } from "zod";
import * as S from "./generated/saas-csp2.js";

/** Tenant lifecycle states (`saas.csp2.ServiceStateEnum`), open: OVHcloud may add states. */
export const ServiceState = S.SaasCsp2ServiceStateEnum;
export type ServiceState = S.SaasCsp2ServiceStateEnum;
export const SERVICE_STATES = S.SaasCsp2ServiceStateEnumValues;

/** The writable fields of a tenant, all of them: what `PUT /saas/csp2/{serviceName}` is sent. */
export const OfficeTenantUpdate = S.SaasCsp2OfficeTenantBody.required();
export type OfficeTenantUpdate = z.output<typeof OfficeTenantUpdate>;
/** The body of `PUT /saas/csp2/{serviceName}` as OVHcloud accepts it (any subset of the writable fields). */
export const OfficeTenantBody = S.SaasCsp2OfficeTenantBody;

export const IamResourceMetadata = S.IamResourceMetadata;
/** The operators of the `iamTags` filter of `GET /saas/csp2` (`iam.resource.TagFilter.OperatorEnum`). */
export const IAM_TAG_OPERATORS = S.IamResourceTagFilterOperatorEnumValues;

/** `GET /saas/csp2/{serviceName}`: `saas.csp2.OfficeTenantWithIAM`. */
export const OfficeTenant = S.SaasCsp2OfficeTenantWithIAM;
export type OfficeTenant = S.SaasCsp2OfficeTenantWithIAM;

export const LicenceType = S.SaasCsp2LicenseTypeEnum;

/** `GET /saas/csp2/{s}/orderableLicenses/{id}`: `saas.csp2.OfficeLicence`. */
export const OfficeLicence = S.SaasCsp2OfficeLicence;
export type OfficeLicence = S.SaasCsp2OfficeLicence;

/** `GET /saas/csp2/{s}/subscription/{id}`: `saas.csp2.OfficeSubscription` (its status is a free string). */
export const OfficeSubscription = S.SaasCsp2OfficeSubscription;
export type OfficeSubscription = S.SaasCsp2OfficeSubscription;

/** `saas.csp2.TaskStatusEnum`, open. */
export const TaskStatus = S.SaasCsp2TaskStatusEnum;
export type TaskStatus = S.SaasCsp2TaskStatusEnum;
export const TASK_STATUSES = S.SaasCsp2TaskStatusEnumValues;

/** `saas.csp2.OfficeTask`: what every asynchronous subscription write returns. */
export const OfficeTask = S.SaasCsp2OfficeTask;
export type OfficeTask = S.SaasCsp2OfficeTask;

/** Request bodies. `quantity` of changeQuantity is the new total. */
export const SubscriptionCreation = S.SaasCsp2SubscriptionCreationBody;
export const SubscriptionChangeQuantityCreation = S.SaasCsp2SubscriptionChangeQuantityCreationBody;
export const SubscriptionOrderAddonCreation = S.SaasCsp2SubscriptionOrderAddonCreationBody;

/** `GET {s}/billingPeriodPeaks`. */
export const BillingStatistics = S.SaasCsp2BillingStatistics;
export type BillingStatistics = S.SaasCsp2BillingStatistics;

/** One day of `GET {s}/usageStatistics`. */
export const Statistics = S.SaasCsp2Statistics;
export type Statistics = S.SaasCsp2Statistics;

/** The `timePeriod` of usageStatistics: a query parameter we send, so the published list only. */
export const LicensePeriod = z.enum(S.MsServicesLicensePeriodEnumValues);
export type LicensePeriod = z.output<typeof LicensePeriod>;
