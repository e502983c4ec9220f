// `/saas/csp2`, `/saas/csp2/{serviceName}` and its serviceInfos and orderableLicenses.
import { z } from "zod";
import { IAM_TAG_OPERATORS, OfficeTenantBody, ServiceInfosBody } from "../../provider/ovh/models/index.js";
import { LICENCES, licenceById } from "../catalogue.js";
import type { Tenant } from "../core/state.js";
import { parseBody, pathId } from "../http/body.js";
import { type Ctx, callerOf, type Route, tenantOf } from "../http/context.js";
import { errors } from "../http/errors.js";
import { listReply } from "../http/pagination.js";
import { licenceView, serviceInfosView, tenantView } from "../views.js";

const TenantUpdate = OfficeTenantBody.extend({
  email: z.email().optional(),
  displayName: z.string().min(1).optional(),
});
const ServiceInfosUpdate = ServiceInfosBody;

// `iamTags` is `map[string][]iam.resource.TagFilter`; its operators are the published enum's.
const TagFilter = z.record(
  z.string(),
  z.array(z.object({ operator: z.enum(IAM_TAG_OPERATORS), value: z.string().optional() })),
);

/** LIKE's `%` matches any run of characters; ILIKE ignores case. */
function like(value: string, pattern: string, flags: string): boolean {
  const escaped = pattern.split("%").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, flags).test(value);
}

function tagFilter(raw: string | null): (tenant: Tenant) => boolean {
  if (raw === null) return () => true;
  let parsed: z.infer<typeof TagFilter>;
  try {
    parsed = TagFilter.parse(JSON.parse(raw));
  } catch {
    throw errors.badRequest(
      `Invalid parameter iamTags: expected JSON such as {"env":[{"operator":"EQ","value":"prod"}]} (operators ${IAM_TAG_OPERATORS.join(", ")})`,
    );
  }
  return (tenant) =>
    Object.entries(parsed).every(([key, filters]) =>
      filters.every((f) => {
        const value = tenant.tags[key];
        switch (f.operator) {
          case "EXISTS":
            return value !== undefined;
          case "NEXISTS":
            return value === undefined;
          case "EQ":
            return value === f.value;
          case "NEQ":
            return value !== f.value;
          case "LIKE":
            return value !== undefined && like(value, f.value ?? "", "");
          case "ILIKE":
            return value !== undefined && like(value, f.value ?? "", "i");
          default:
            return false;
        }
      }),
    );
}

function listTenants(ctx: Ctx) {
  const nic = callerOf(ctx).nic;
  const keep = tagFilter(ctx.query.get("iamTags"));
  const tenants = Object.values(ctx.state.tenants)
    .filter((t) => t.nic === nic && t.deletedAt === null && keep(t))
    .sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  const byName = new Map(tenants.map((t) => [t.serviceName, t]));
  return listReply(ctx, [...byName.keys()], (name) => tenantView(byName.get(name)!));
}

export const tenantRoutes: Route[] = [
  { method: "GET", pattern: "/saas/csp2", auth: "required", handler: listTenants },
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName",
    auth: "required",
    handler: (ctx, p) => ({ body: tenantView(tenantOf(ctx, p.serviceName)) }),
  },
  {
    method: "PUT",
    pattern: "/saas/csp2/:serviceName",
    auth: "required",
    // Read-only fields of the OfficeTenant body (serviceName, status, …) are ignored, not refused.
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const update = parseBody(TenantUpdate, ctx.rawBody);
      for (const [key, value] of Object.entries(update)) {
        if (value !== undefined) (tenant as unknown as Record<string, unknown>)[key] = value;
      }
      return {};
    },
  },
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/serviceInfos",
    auth: "required",
    handler: (ctx, p) => ({ body: serviceInfosView(tenantOf(ctx, p.serviceName)) }),
  },
  {
    method: "PUT",
    pattern: "/saas/csp2/:serviceName/serviceInfos",
    auth: "required",
    // Only `renew` is writable; `deleteAtExpiration: true` ends the tenant at its next expiration.
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const { renew } = parseBody(ServiceInfosUpdate, ctx.rawBody);
      if (renew) {
        if (renew.period !== undefined && renew.period !== null && renew.period !== 1) {
          throw errors.badRequest("Invalid parameter renew.period: possible renew periods are [1]");
        }
        tenant.renew = {
          automatic: renew.automatic ?? tenant.renew.automatic,
          deleteAtExpiration: renew.deleteAtExpiration ?? tenant.renew.deleteAtExpiration,
          forced: renew.forced ?? tenant.renew.forced,
          manualPayment: renew.manualPayment ?? tenant.renew.manualPayment,
          period: renew.period ?? tenant.renew.period,
        };
      }
      return {};
    },
  },
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/orderableLicenses",
    auth: "required",
    handler: (ctx, p) => {
      tenantOf(ctx, p.serviceName);
      return listReply(
        ctx,
        LICENCES.map((l) => l.id),
        (id) => licenceView(licenceById(id)!),
      );
    },
  },
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/orderableLicenses/:id",
    auth: "required",
    handler: (ctx, p) => {
      tenantOf(ctx, p.serviceName);
      const licence = licenceById(pathId(p.id) ?? -1);
      if (!licence) throw errors.objectNotFound("id", p.id ?? "");
      return { body: licenceView(licence) };
    },
  },
];
