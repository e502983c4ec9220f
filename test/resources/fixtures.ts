import type { subscription, tenant } from "../../provider/resources/index.js";

export const contact = {
  firstName: "Anna",
  lastName: "Muster",
  email: "it@acme.example",
  phone: "+49.301234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};

export const tenantInputs: tenant.TenantInputs = { displayName: "ACME GmbH", mpnId: "1234567", contact };

export function tenantState(over: Partial<tenant.TenantState> = {}): tenant.TenantState {
  return {
    ...tenantInputs,
    schemaVersion: 1,
    serviceName: "csp2-0000abcd",
    status: "ok",
    creationDate: "2026-01-01T00:00:00Z",
    adminPortalUrl: "https://admin.microsoft.com",
    ovhAccount: "ab123-ovh",
    orderId: 1001,
    hasAcceptedNewMCA: true,
    ...over,
  };
}

export const subInputs: subscription.SubscriptionInputs = {
  tenant: "csp2-0000abcd",
  license: "Microsoft 365 Business Standard",
  quantity: 25,
};

export function subState(over: Partial<subscription.SubscriptionState> = {}): subscription.SubscriptionState {
  return {
    ...subInputs,
    schemaVersion: 1,
    subscriptionId: 100,
    licenseId: 1,
    licenseName: "Microsoft 365 Business Standard",
    status: "active",
    creationDate: "2026-03-01T00:00:00Z",
    lastUpdate: null,
    ovhAccount: "ab123-ovh",
    ...over,
  };
}

export const NOW = new Date("2026-03-02T00:00:00Z");
/** Ten days after the subscription's creation: outside Microsoft's 168-hour window. */
export const LATER = new Date("2026-03-11T00:00:00Z");
