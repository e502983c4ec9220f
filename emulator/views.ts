// State → API objects, typed with the models generated from OVHcloud's schema, so that the emulator
// answers every property the schema declares (null where it allows null and the emulator has nothing);
// under strict conformance (`npm test`) each answer is also validated against the schema files.
import type {
  Me,
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
    status: tenant.status,
    creationDate: isoDateTime(tenant.creationDate),
    iam: {
      id: tenant.iamId,
      urn: `urn:v1:eu:resource:cspReseller:${tenant.serviceName}`,
      displayName: tenant.displayName,
      state: tenant.status === "suspended" ? "SUSPENDED" : "OK",
      tags: Object.keys(tenant.tags).length > 0 ? { ...tenant.tags } : null,
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

/** `nichandle.Nichandle`: the account's own fields, and null for the personal ones the emulator has not. */
export function meView(account: Account): Me {
  return {
    address: null,
    area: null,
    birthCity: null,
    birthDay: null,
    city: null,
    companyNationalIdentificationNumber: null,
    complementaryAddress: null,
    corporationType: null,
    country: account.ovhSubsidiary === "EU" ? "FR" : account.ovhSubsidiary,
    currency: { code: "EUR", symbol: "EURO" },
    customerCode: `${account.nic.replace(/\D/g, "").padEnd(9, "0").slice(0, 9)}`,
    email: account.email,
    fax: null,
    firstname: account.firstname,
    italianSDI: null,
    kycValidated: true,
    language: "en_GB",
    legalform: "corporation",
    name: account.name,
    nationalIdentificationNumber: null,
    nichandle: account.nic,
    organisation: `${account.firstname} ${account.name} SAS`,
    ovhCompany: "ovh",
    ovhSubsidiary: account.ovhSubsidiary,
    phone: null,
    phoneCountry: null,
    phoneType: null,
    purposeOfPurchase: null,
    sex: null,
    spareEmail: null,
    state: "complete",
    vat: null,
    zip: null,
  };
}
