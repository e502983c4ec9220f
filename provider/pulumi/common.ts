// What both resource classes share: the credentials input, timeouts, the serialized providers and the
// hidden inputs the classes compute at program time.
import * as pulumi from "@pulumi/pulumi";
import { makeProvider, runtimeUrl } from "./serialized.js";

/**
 * Credentials of one OVHcloud reseller account, for programs that manage several accounts. Same names
 * as the stack config (`o365-reseller:*`) and OVH_* variables: an application key, its secret and a
 * consumer key, or an OAuth2 service account's client id and secret. Stored as a secret.
 */
export interface Office365ResellerCredentials {
  /** `ovh-eu`, `ovh-ca`, `ovh-us`, … or a URL (plain http:// for loopback only, e.g. the emulator). */
  endpoint?: pulumi.Input<string>;
  applicationKey?: pulumi.Input<string>;
  applicationSecret?: pulumi.Input<string>;
  consumerKey?: pulumi.Input<string>;
  clientId?: pulumi.Input<string>;
  clientSecret?: pulumi.Input<string>;
}

/** How long create, update and delete may wait for OVHcloud: "30m", "1h", "90s", or seconds. */
export interface Office365ResellerTimeouts {
  create?: pulumi.Input<string | number>;
  update?: pulumi.Input<string | number>;
  delete?: pulumi.Input<string | number>;
}

/** Resolved timeouts as stored. */
export interface Office365ResellerTimeoutsOutput {
  create?: string | number;
  update?: string | number;
  delete?: string | number;
}

export const TENANT_TYPE = "pulumi-nodejs:dynamic/o365reseller:Tenant";
export const SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/o365reseller:Subscription";

const RUNTIME_URL = runtimeUrl(import.meta.url);

/** One provider object per kind: Pulumi caches the serialized text per object. */
export const providers = {
  tenant: makeProvider("tenant", RUNTIME_URL),
  subscription: makeProvider("subscription", RUNTIME_URL),
};

/**
 * The inputs every resource carries besides its own: the credentials (as a secret, when given), and the
 * URN the provider attaches its progress lines to (providers are not told it).
 */
export function commonInputs(
  name: string,
  type: string,
  credentials: pulumi.Input<Office365ResellerCredentials> | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, unknown> {
  return {
    credentials: credentials === undefined ? undefined : pulumi.secret(credentials),
    __urn: pulumi.createUrn(name, type, opts?.parent),
  };
}

/** The options with the stored credentials marked secret whatever their input was. */
export function withSecretCredentials(
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials"],
  };
}

/**
 * The arguments a class does not know, passed on as they are, so that the provider's check refuses
 * each by name at preview (a misspelt input is an error, as OpenTofu makes it, never ignored).
 */
export function unknownArgs(args: object, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([k, v]) => !known.includes(k) && v !== undefined));
}
