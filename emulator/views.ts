// State → API objects, typed with the shared zod models so that the emulator answers exactly the
// shapes the API documents (tests also parse every answer with those models).
import type {
  OfficeLicence,
  OfficeSubscription,
  OfficeTask,
  OfficeTenant,
  ServiceInfos,
} from "../provider/ovh/models/index.js";
import type { CatalogueLicence } from "./catalogue.js";
import type { Account, Subscription, Task, Tenant } from "./core/state.js";
import { isoDate, isoDateTime } from "./core/time.js";

export function tenantView(tenant: Tenant): OfficeTenant {
  return {
    address: tenant.address,
    city: tenant.city,
    displayName: tenant.displayName,
    email: tenant.email,
    firstName: tenant.firstName,
    lastName: tenant.lastName,
    phone: tenant.phone,
    zipCode: tenant.zipCode,
    mpnId: tenant.mpnId,
    mpnIssueFlag: tenant.mpnIssueFlag,
    hasAcceptedNewMCA: tenant.hasAcceptedNewMCA,
    serviceName: tenant.serviceName,
    status: tenant.status as OfficeTenant["status"],
    creationDate: isoDateTime(tenant.creationDate),
    iam: {
      id: tenant.iamId,
      urn: `urn:v1:eu:resource:cspReseller:${tenant.serviceName}`,
      displayName: tenant.displayName,
      state: tenant.status === "suspended" ? "SUSPENDED" : "OK",
      ...(Object.keys(tenant.tags).length > 0 ? { tags: tenant.tags } : {}),
    },
  };
}

export function licenceView(licence: CatalogueLicence): OfficeLicence {
  return {
    id: licence.id,
    licenceType: licence.licenceType,
    limit: licence.limit,
    name: licence.name,
    newSeatsAllowed: licence.newSeatsAllowed,
    newSubscriptionsAllowed: licence.newSubscriptionsAllowed,
  };
}

export function subscriptionView(sub: Subscription): OfficeSubscription {
  return {
    creationDate: isoDateTime(sub.creationDate),
    id: sub.id,
    lastUpdate: isoDateTime(sub.lastUpdate),
    licenseId: sub.licenseId,
    quantity: sub.quantity,
    status: sub.status,
    taskPendingId: sub.taskPendingId,
  };
}

export function taskView(task: Task): OfficeTask {
  return {
    finishDate: task.finishDate === null ? null : isoDateTime(task.finishDate),
    function: task.function,
    id: task.id,
    status: task.status,
    todoDate: isoDateTime(task.todoDate),
  };
}

export function serviceInfosView(tenant: Tenant): ServiceInfos {
  return {
    canDeleteAtExpiration: true,
    contactAdmin: tenant.nic,
    contactBilling: tenant.nic,
    contactTech: tenant.nic,
    creation: isoDate(tenant.creationDate),
    domain: tenant.serviceName,
    engagedUpTo: null,
    expiration: isoDate(tenant.expiration),
    possibleRenewPeriod: [1],
    renew: { ...tenant.renew },
    renewalType: "automaticV2016",
    serviceId: tenant.serviceId,
    status: "ok",
  };
}

export function meView(account: Account): Record<string, unknown> {
  return {
    nichandle: account.nic,
    ovhSubsidiary: account.ovhSubsidiary,
    email: account.email,
    firstname: account.firstname,
    name: account.name,
    currency: { code: "EUR", symbol: "EURO" },
    country: account.ovhSubsidiary === "EU" ? "FR" : account.ovhSubsidiary,
    language: "en_GB",
    legalform: "corporation",
    organisation: `${account.firstname} ${account.name} SAS`,
    state: "complete",
    kycValidated: true,
    customerCode: `${account.nic.replace(/\D/g, "").padEnd(9, "0").slice(0, 9)}`,
  };
}
