// Creating tenants and subscriptions in the state, shared by order delivery, admin seeding and the
// subscription routes, so that every way in produces the same objects.

import { serviceName as newServiceName, uuid } from "./ids.js";
import { nextId, type State, type Subscription, type Tenant } from "./state.js";
import { addMonths } from "./time.js";

export interface TenantFields {
  displayName: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  zipCode?: string;
  mpnId?: string | null;
  subDomain?: string | null;
}

export function createTenant(
  state: State,
  nic: string,
  fields: TenantFields,
  createdAt: number,
  orderId: number | null,
): Tenant {
  let name = newServiceName();
  while (state.tenants[name]) name = newServiceName();
  const tenant: Tenant = {
    serviceName: name,
    serviceId: nextId(state, "serviceId"),
    nic,
    displayName: fields.displayName,
    firstName: fields.firstName ?? "",
    lastName: fields.lastName ?? "",
    email: fields.email ?? "",
    phone: fields.phone ?? "",
    address: fields.address ?? "",
    city: fields.city ?? "",
    zipCode: fields.zipCode ?? "",
    mpnId: fields.mpnId ?? null,
    mpnIssueFlag: null,
    hasAcceptedNewMCA: true,
    status: "ok",
    subDomain: fields.subDomain ?? null,
    creationDate: createdAt,
    expiration: addMonths(createdAt, 1),
    renew: { automatic: true, deleteAtExpiration: false, forced: false, manualPayment: false, period: 1 },
    iamId: uuid(),
    tags: {},
    orderId,
    deletedAt: null,
    subscriptions: {},
    tasks: {},
    usage: [],
  };
  state.tenants[name] = tenant;
  return tenant;
}

export function addSubscription(
  state: State,
  tenant: Tenant,
  input: { licenseId: number; quantity: number; status: string; at: number; parentId?: number | null },
): Subscription {
  const sub: Subscription = {
    id: nextId(state, "subscription"),
    licenseId: input.licenseId,
    quantity: input.quantity,
    status: input.status,
    creationDate: input.at,
    lastUpdate: input.at,
    taskPendingId: 0,
    purchasedAt: input.at,
    seatsAddedAt: null,
    parentId: input.parentId ?? null,
  };
  tenant.subscriptions[sub.id] = sub;
  return sub;
}

/** Seats of a licence in use (active subscriptions), for usage statistics and billing peaks. */
export function recordUsage(tenant: Tenant, licenseId: number, at: number): void {
  let count = 0;
  for (const sub of Object.values(tenant.subscriptions)) {
    if (sub.licenseId === licenseId && (sub.status === "active" || sub.status === "deleting"))
      count += sub.quantity;
  }
  tenant.usage.push({ at, licenseId, count });
}

/** Live tenants of an account, by service name. */
export function ownedTenant(state: State, nic: string, serviceName: string): Tenant | undefined {
  const tenant = state.tenants[serviceName];
  return tenant && tenant.nic === nic && tenant.deletedAt === null ? tenant : undefined;
}
