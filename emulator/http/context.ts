// What a route handler receives: the parsed request, the authenticated caller, the virtual now and
// the effects of an injected fault that let the call through (task/order faults).
import type { IncomingHttpHeaders } from "node:http";
import type { Caller } from "../auth/authenticate.js";
import type { FaultEffect } from "../control/faults.js";
import type { VirtualClock } from "../core/clock.js";
import type { State, Tenant } from "../core/state.js";
import type { Store } from "../core/store.js";
import { ownedTenant } from "../core/tenants.js";
import type { ResolvedOptions } from "../options.js";
import { errors } from "./errors.js";
import type { RouteDef } from "./router.js";

export interface Env {
  store: Store;
  clock: VirtualClock;
  options: ResolvedOptions;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  origin: () => string;
}

export interface Ctx {
  env: Env;
  state: State;
  method: string;
  /** API path without `/1.0` and without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  caller: Caller | null;
  /** Virtual now when the request arrived. */
  now: number;
  fault: FaultEffect | null;
}

export type Route = RouteDef<Ctx>;

export function callerOf(ctx: Ctx): Caller {
  if (!ctx.caller) throw errors.notLoggedIn();
  return ctx.caller;
}

/** The caller's live tenant; another account's tenant is a 404, exactly like a missing one. */
export function tenantOf(ctx: Ctx, serviceName: string | undefined): Tenant {
  const nic = callerOf(ctx).nic;
  const tenant = serviceName === undefined ? undefined : ownedTenant(ctx.state, nic, serviceName);
  if (!tenant) throw errors.serviceNotFound(serviceName ?? "");
  return tenant;
}
