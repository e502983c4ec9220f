// The native provider's two resources, on the same per-resource logic as the dynamic provider: each
// call goes to the dynamic provider's handler (provider/pulumi/*-handler.ts, which translates wire
// values to the core's check/diff/operations). What differs is only what the native protocol gives:
//  - the resource's URN in every call, from which the hidden properties the dynamic classes compute in
//    the program are derived here (`__urn` for progress lines, `__idempotencyKey` = project/stack/name,
//    the same key as the dynamic provider's, so a retried create finds the first order);
//  - no `credentials` input (the provider resource holds them) and no hidden property in what is
//    returned: the state holds the schema's properties only;
//  - a `credentials` input is refused, saying that credentials belong to the provider resource;
//  - `pulumi import`: a read with only an id adopts the tenant or subscription (ownership checked,
//    nothing ordered).

import { describeError } from "../pulumi/errors.js";
import { contextOf, type Handler } from "../pulumi/shared.js";
import { subscriptionHandler } from "../pulumi/subscription-handler.js";
import { tenantHandler } from "../pulumi/tenant-handler.js";
import { HIDDEN_KEYS, type Props, toWire } from "../pulumi/wire.js";
import { subscription, tenant } from "../resources/index.js";
import type { Failure } from "./config.js";
import { SUBSCRIPTION_TOKEN, TENANT_TOKEN } from "./schema.js";

export interface NativeResource {
  token: string;
  handler: Handler;
  /** `pulumi import`: the state of an existing object, by the id the user gave. */
  adopt(urn: string, id: string): Promise<{ id: string; state: Props; inputs: Props }>;
}

export const RESOURCES: Record<string, NativeResource> = {
  [TENANT_TOKEN]: {
    token: TENANT_TOKEN,
    handler: tenantHandler,
    async adopt(urn, id) {
      const state = await tenant.importTenant(await contextOf(hiddenFor(urn)), id.trim());
      return { id: state.serviceName, state: wire(state), inputs: wire(tenant.tenantInputsOf(state)) };
    },
  },
  [SUBSCRIPTION_TOKEN]: {
    token: SUBSCRIPTION_TOKEN,
    handler: subscriptionHandler,
    async adopt(urn, id) {
      const state = await subscription.importSubscription(await contextOf(hiddenFor(urn)), id.trim());
      return {
        id: subscription.subscriptionResourceId(state),
        state: wire(state),
        inputs: wire(subscription.subscriptionInputsOf(state)),
      };
    },
  },
};

const wire = (value: object) => toWire(value) as Props;

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its parts. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*)::([^:]*)$/.exec(urn);
  if (!m) throw new Error(`o365reseller: not a resource URN: ${urn}`);
  const type = m[3]!.split("$").pop()!;
  return { stack: m[1]!, project: m[2]!, type, name: m[4]! };
}

/** The hidden properties the dynamic classes set in the program, derived from the URN. */
export function hiddenFor(urn: string): Props {
  const { project, stack, name } = parseUrn(urn);
  return { __urn: urn, __idempotencyKey: `${project}/${stack}/${name}` };
}

/**
 * A bag as the handlers take it: the engine's properties with this resource's hidden properties. What
 * a state written by the dynamic provider still holds of its own (`__provider`, a per-resource
 * `credentials`, after a migration with aliases) is left out: this provider's credentials are the
 * provider resource's, and a stored `credentials` is neither used nor a change.
 */
export function withHidden(urn: string, props: Props | undefined): Props {
  return { ...withoutHidden(props), ...hiddenFor(urn) };
}

/** What goes back to the engine: the schema's properties only (no hidden property, no credentials). */
export function withoutHidden(props: Props | undefined): Props | undefined {
  if (props === undefined) return undefined;
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (!(HIDDEN_KEYS as readonly string[]).includes(k)) out[k] = v;
  }
  return out;
}

/**
 * A `credentials` input, which the dynamic provider takes on each resource, refused saying where
 * credentials belong here. Every other input the resource does not have is the core's to refuse (its
 * check names it, and the input meant).
 */
export function credentialsInput(token: string, news: Props): Failure[] {
  if (news.credentials === undefined) return [];
  return [
    {
      property: "credentials",
      reason: `is not an input of ${token}: credentials belong to the provider (new o365reseller.Provider(…, { applicationKey, … }), passed as { provider }), or the stack config o365reseller:*`,
    },
  ];
}

/** Any error as the one line the dynamic provider shows (what failed, OVHcloud's message, the query id). */
export function oneLineError(error: unknown, doing?: string): Error {
  return describeError(error, doing);
}
