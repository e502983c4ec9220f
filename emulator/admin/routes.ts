// The admin API under /_emulator (docs/emulator.md): JSON, no OVH signature, loopback peers only.
// Its outside contract is DESIGN.md's; everything else here is a documented extension.
import { z } from "zod";
import { FaultSpec } from "../control/faults.js";
import type { Control } from "../control/index.js";
import type { State } from "../core/state.js";
import { HOUR_MS, isoDateTime } from "../core/time.js";
import { parseBody, pathId } from "../http/body.js";
import type { Env } from "../http/context.js";
import { errors } from "../http/errors.js";
import { type Reply, Router } from "../http/router.js";
import { subscriptionView, tenantView } from "../views.js";
import { SubscriptionHistory, setSubscriptionHistory } from "./history.js";
import { AccountInput, CredentialInput, SubscriptionPatch, TenantPatch, TenantPlanInput } from "./schemas.js";
import {
  addCredential,
  createAccount,
  patchTenant,
  seedTenant,
  seedTenants,
  setTenantPlan,
  tenantPlanOf,
} from "./seed.js";

export interface AdminCtx {
  env: Env;
  state: State;
  control: Control;
  query: URLSearchParams;
  rawBody: string;
}

const Latency = z.object({ ms: z.number().int().min(0).max(600_000) });
const Skew = z.object({ seconds: z.number().int() });
const RateLimit = z.object({ perMinute: z.number().int().min(0) });
const Clock = z.object({ advanceSeconds: z.number().min(0) });
const TenantBatch = z.object({ tenants: z.array(z.unknown()).min(1) });

const created = (body: unknown): Reply => ({ status: 201, body });

function liveTenant(ctx: AdminCtx, serviceName: string | undefined) {
  const tenant = serviceName === undefined ? undefined : ctx.state.tenants[serviceName];
  if (!tenant || tenant.deletedAt !== null) throw errors.notFound(`No tenant ${serviceName}`);
  return tenant;
}

function clockView(ctx: AdminCtx) {
  return { now: isoDateTime(ctx.env.clock.now()), offsetSeconds: ctx.state.clockOffsetMs / 1000 };
}

type AdminRoute = Parameters<Router<AdminCtx>["add"]>[0];
const route = (method: string, pattern: string, handler: AdminRoute["handler"]): AdminRoute => ({
  method,
  pattern: `/_emulator${pattern}`,
  auth: "none",
  handler,
});

export function adminRouter(): Router<AdminCtx> {
  return new Router<AdminCtx>().add(
    route("POST", "/accounts", (ctx) =>
      created(createAccount(ctx.state, parseBody(AccountInput, ctx.rawBody), ctx.env.clock.now())),
    ),
    route("GET", "/accounts", (ctx) => ({ body: Object.keys(ctx.state.accounts) })),
    route("POST", "/accounts/:nic/credentials", (ctx, p) =>
      created(addCredential(ctx.state, p.nic ?? "", parseBody(CredentialInput, ctx.rawBody))),
    ),
    route("POST", "/tenants", (ctx) => {
      const body = parseBody(z.unknown(), ctx.rawBody) as Parameters<typeof seedTenant>[1];
      return created(seedTenant(ctx.state, body, ctx.env.clock.now()));
    }),
    route("POST", "/tenants/bulk", (ctx) => {
      const { tenants } = parseBody(TenantBatch, ctx.rawBody);
      const inputs = tenants as Parameters<typeof seedTenants>[1];
      return created({ tenants: seedTenants(ctx.state, inputs, ctx.env.clock.now()) });
    }),
    route("GET", "/tenants/:serviceName", (ctx, p) => {
      const tenant = liveTenant(ctx, p.serviceName);
      return { body: { ...tenantView(tenant), account: tenant.nic } };
    }),
    route("PATCH", "/tenants/:serviceName", (ctx, p) => {
      const tenant = liveTenant(ctx, p.serviceName);
      patchTenant(tenant, parseBody(TenantPatch, ctx.rawBody));
      return { body: tenantView(tenant) };
    }),
    route("PATCH", "/tenants/:serviceName/subscriptions/:id", (ctx, p) => {
      const tenant = liveTenant(ctx, p.serviceName);
      const sub = tenant.subscriptions[pathId(p.id) ?? -1];
      if (!sub) throw errors.notFound(`No subscription ${p.id} in ${tenant.serviceName}`);
      const patch = parseBody(SubscriptionPatch, ctx.rawBody);
      const now = ctx.env.clock.now();
      if (patch.purchasedHoursAgo !== undefined) {
        // The purchase is what the API shows as creationDate: both move, so that a client sees the window
        // the emulator enforces.
        sub.purchasedAt = now - patch.purchasedHoursAgo * HOUR_MS;
        sub.creationDate = sub.purchasedAt;
      }
      if (patch.seatsAddedHoursAgo !== undefined) {
        sub.seatsAddedAt =
          patch.seatsAddedHoursAgo === null ? null : now - patch.seatsAddedHoursAgo * HOUR_MS;
      }
      if (patch.purchasedHoursAgo !== undefined || patch.seatsAddedHoursAgo !== undefined) {
        sub.lastUpdate = Math.max(sub.creationDate, sub.seatsAddedAt ?? sub.creationDate);
      }
      if (patch.status !== undefined) sub.status = patch.status;
      return { body: subscriptionView(sub) };
    }),
    route("PUT", "/tenants/:serviceName/subscriptions/:id/history", (ctx, p) => {
      const tenant = liveTenant(ctx, p.serviceName);
      const sub = tenant.subscriptions[pathId(p.id) ?? -1];
      if (!sub) throw errors.notFound(`No subscription ${p.id} in ${tenant.serviceName}`);
      const history = parseBody(SubscriptionHistory, ctx.rawBody);
      setSubscriptionHistory(tenant, sub, history, ctx.env.clock.now());
      return { body: subscriptionView(sub) };
    }),
    route("POST", "/faults", (ctx) =>
      created({ id: ctx.control.faults.add(parseBody(FaultSpec, ctx.rawBody)) }),
    ),
    route("GET", "/faults", (ctx) => ({ body: ctx.control.faults.list() })),
    route("DELETE", "/faults", (ctx) => {
      ctx.control.faults.clear();
      return { body: {} };
    }),
    route("DELETE", "/faults/:id", (ctx, p) => {
      if (!ctx.control.faults.remove(pathId(p.id) ?? -1)) throw errors.notFound(`No fault ${p.id}`);
      return { body: {} };
    }),
    route("PUT", "/latency", (ctx) => {
      ctx.control.latencyMs = parseBody(Latency, ctx.rawBody).ms;
      return { body: { ms: ctx.control.latencyMs } };
    }),
    route("PUT", "/skew", (ctx) => {
      ctx.state.skewSeconds = parseBody(Skew, ctx.rawBody).seconds;
      ctx.env.store.changed();
      return { body: { seconds: ctx.state.skewSeconds } };
    }),
    route("PUT", "/rateLimit", (ctx) => {
      ctx.control.fairUse.setLimit(parseBody(RateLimit, ctx.rawBody).perMinute);
      return { body: { perMinute: ctx.control.fairUse.limit } };
    }),
    route("GET", "/tenantPlan", (ctx) => ({ body: tenantPlanOf(ctx.state) })),
    route("PUT", "/tenantPlan", (ctx) => ({
      body: setTenantPlan(ctx.state, parseBody(TenantPlanInput, ctx.rawBody)),
    })),
    route("GET", "/clock", (ctx) => ({ body: clockView(ctx) })),
    route("POST", "/clock", (ctx) => {
      ctx.env.clock.advance(parseBody(Clock, ctx.rawBody).advanceSeconds);
      return { body: clockView(ctx) };
    }),
    route("GET", "/calls", (ctx) => ({ body: ctx.control.calls.list() })),
    route("DELETE", "/calls", (ctx) => {
      ctx.control.calls.clear();
      return { body: {} };
    }),
    route("GET", "/conformance", (ctx) => ({
      body: { mode: ctx.control.conformance.mode, violations: ctx.control.conformance.list() },
    })),
    route("DELETE", "/conformance", (ctx) => {
      ctx.control.conformance.clear();
      return { body: {} };
    }),
    route("GET", "/state", (ctx) => ({ body: ctx.state })),
    route("GET", "/auth/validate", (ctx) => {
      // The validationUrl of `POST /auth/credential`: validates the key for the application's owner.
      const token = ctx.query.get("credentialToken");
      const credential = Object.values(ctx.state.consumerKeys).find(
        (c) => c.validationToken !== undefined && c.validationToken === token,
      );
      if (credential?.status !== "pendingValidation")
        throw errors.notFound("Unknown or used credentialToken");
      credential.nic = ctx.state.applications[credential.applicationKey]?.nic ?? null;
      credential.status = "validated";
      delete credential.validationToken;
      ctx.env.store.changed(); // a GET that changes state: persist it like any other change
      return {
        body: { consumerKey: credential.consumerKey, status: credential.status, nic: credential.nic },
      };
    }),
  );
}
