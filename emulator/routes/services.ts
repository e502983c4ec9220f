// The generic `/services` API for CSP2 tenants: finding a tenant's serviceId and its lifecycle.
import { type ServiceDetails, ServiceUpdateBody } from "../../provider/ovh/models/index.js";
import type { Tenant } from "../core/state.js";
import { isoDateTime } from "../core/time.js";
import { parseBody, pathId } from "../http/body.js";
import { type Ctx, callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";

const ROUTE_TEMPLATE = "/saas/csp2/{serviceName}";

function serviceOf(ctx: Ctx, id: string | undefined): Tenant {
  const serviceId = pathId(id);
  const nic = callerOf(ctx).nic;
  const tenant = Object.values(ctx.state.tenants).find((t) => t.serviceId === serviceId && t.nic === nic);
  if (!tenant) throw errors.objectNotFound("serviceId", id ?? "");
  return tenant;
}

/** `routes` matches the CSP2 route by template (`/saas/csp2/{serviceName}`) or by prefix (`/saas/csp2`). */
function routeMatches(routes: string | null): boolean {
  if (routes === null) return true;
  return routes
    .split(",")
    .map((r) => r.trim())
    .some((r) => r === ROUTE_TEMPLATE || r === "/saas/csp2");
}

function serviceView(tenant: Tenant): ServiceDetails {
  const terminated = tenant.deletedAt !== null;
  return {
    serviceId: tenant.serviceId,
    parentServiceId: null,
    route: {
      path: ROUTE_TEMPLATE,
      url: `/saas/csp2/${tenant.serviceName}`,
      vars: [{ key: "serviceName", value: tenant.serviceName }],
    },
    resource: {
      name: tenant.serviceName,
      displayName: tenant.displayName,
      state: terminated ? "deleted" : tenant.status === "suspended" ? "suspended" : "active",
      product: { name: "csp2", description: "Office 365 Reseller (CSP2)" },
      resellingProvider: null,
    },
    billing: {
      plan: { code: "csp2-tenant", invoiceName: "Office 365 Reseller (CSP2) licence group" },
      nextBillingDate: terminated ? null : isoDateTime(tenant.expiration),
      expirationDate: isoDateTime(tenant.expiration),
      engagement: null,
      engagementRequest: null,
      group: null,
      pricing: null,
      renew: terminated
        ? null
        : {
            capacities: { mode: ["automatic", "manual"] },
            current: {
              mode: tenant.renew.automatic ? "automatic" : "manual",
              nextDate: isoDateTime(tenant.expiration),
              period: `P${tenant.renew.period ?? 1}M`,
            },
          },
      lifecycle: {
        current: {
          state: terminated ? "terminated" : "active",
          creationDate: isoDateTime(tenant.creationDate),
          terminationDate: terminated
            ? isoDateTime(tenant.deletedAt!)
            : tenant.renew.deleteAtExpiration
              ? isoDateTime(tenant.expiration)
              : null,
          pendingActions: !terminated && tenant.renew.deleteAtExpiration ? ["terminateAtExpirationDate"] : [],
        },
        capacities: { actions: terminated ? [] : ["terminateAtExpirationDate"] },
      },
    },
    customer: {
      contacts: ["administrator", "billing", "technical"].map((type) => ({ customerCode: tenant.nic, type })),
    },
    tags: [],
  };
}

export const serviceRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/services",
    auth: "required",
    handler: (ctx) => {
      const nic = callerOf(ctx).nic;
      const resourceName = ctx.query.get("resourceName");
      const routes = ctx.query.get("routes");
      const ids = Object.values(ctx.state.tenants)
        .filter((t) => t.nic === nic && t.deletedAt === null && routeMatches(routes))
        .filter((t) => resourceName === null || t.serviceName === resourceName)
        .map((t) => t.serviceId)
        .sort((a, b) => a - b);
      return { body: ids };
    },
  },
  {
    method: "GET",
    pattern: "/services/:serviceId",
    auth: "required",
    handler: (ctx, p) => ({ body: serviceView(serviceOf(ctx, p.serviceId)) }),
  },
  {
    method: "PUT",
    pattern: "/services/:serviceId",
    auth: "required",
    // terminationPolicy terminateAtExpirationDate is the same switch as serviceInfos deleteAtExpiration.
    handler: (ctx, p) => {
      const tenant = serviceOf(ctx, p.serviceId);
      if (tenant.deletedAt !== null) throw errors.conflict(`Service ${tenant.serviceId} is terminated`);
      const body = parseBody(ServiceUpdateBody, ctx.rawBody);
      if (body.terminationPolicy === "terminateAtEngagementDate") {
        throw errors.badRequest("Invalid parameter terminationPolicy: this service has no engagement", {
          fields: ["terminationPolicy"],
        });
      }
      if (body.terminationPolicy)
        tenant.renew.deleteAtExpiration = body.terminationPolicy === "terminateAtExpirationDate";
      if (body.renew) {
        if (body.renew.period !== undefined && body.renew.period !== "P1M") {
          throw errors.badRequest("Invalid parameter renew.period: only P1M is possible", {
            fields: ["renew.period"],
          });
        }
        if (body.renew.mode !== undefined) tenant.renew.automatic = body.renew.mode === "automatic";
      }
      if (body.displayName) tenant.displayName = body.displayName;
      return {};
    },
  },
];
