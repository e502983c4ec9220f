// The names of the configuration: credential fields as code spells them (applicationKey), as ovh.conf
// spells them (application_key) and as the environment does (OVH_APPLICATION_KEY); the client's tuning
// and its defaults, each with the reason for it.

/** Endpoint and credentials given in code (Pulumi config, Terraform arguments, CLI flags). */
export interface OvhCredentialsInput {
  endpoint?: string | undefined;
  applicationKey?: string | undefined;
  applicationSecret?: string | undefined;
  consumerKey?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/** Client tuning. Every value has a default in CLIENT_DEFAULTS; the reasons are beside them. */
export interface OvhClientTuning {
  requestsPerMinute: number;
  maxInFlight: number;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  listConcurrency: number;
  pageSize: number;
}

export const CLIENT_DEFAULTS: Readonly<OvhClientTuning> = Object.freeze({
  // An OVHcloud maintainer called ~60 requests/minute per consumer key fair use (python-ovh #81);
  // OVHcloud publishes no limit, so staying under it avoids 429s and account-level throttling.
  requestsPerMinute: 60,
  // At 60/min, more parallelism only helps hide latency; 8 keeps list-then-get and fleet scans
  // quick without opening a crowd of connections (undici keeps them alive and reuses them).
  maxInFlight: 8,
  // Per attempt. OVHcloud's clients wait 180 s; the CSP2 routes answer in well under a second and
  // long work is asynchronous (tasks, orders), so 60 s only cuts off a hung connection sooner.
  timeoutMs: 60_000,
  // A TCP/TLS connect that takes longer than this is a network problem, not a slow API.
  connectTimeoutMs: 10_000,
  // 1 try + 4 retries: with full jitter over 0.5-30 s this rides out a minute-long blip; longer
  // outages should fail and say so rather than hang a plan.
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  // A Retry-After longer than this is an outage, not a hiccup: fail and tell the user when to retry.
  maxRetryAfterMs: 120_000,
  // Concurrency of list-then-get (when a list route answers ids); within maxInFlight anyway.
  listConcurrency: 4,
  // X-Pagination-Size of expanded listing: every page is one call of the fair-use budget, so ask for
  // large pages. 5000 is what OVHcloud's control panel asks for by default (it also sends 50000);
  // OVHcloud publishes neither its maximum nor its default (shared/ovh-api-schema/PAGING.md).
  pageSize: 5000,
});

export type ConfigKey =
  | "endpoint"
  | "application_key"
  | "application_secret"
  | "consumer_key"
  | "client_id"
  | "client_secret";

export const CONFIG_KEYS: readonly ConfigKey[] = [
  "endpoint",
  "application_key",
  "application_secret",
  "consumer_key",
  "client_id",
  "client_secret",
];
export const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set([
  "application_secret",
  "consumer_key",
  "client_secret",
]);
export const SIGNATURE_KEYS: readonly ConfigKey[] = ["application_key", "application_secret", "consumer_key"];
export const OAUTH2_KEYS: readonly ConfigKey[] = ["client_id", "client_secret"];
/** The keys that make a credential set (all but the endpoint). */
export const AUTH_KEYS: readonly ConfigKey[] = [...SIGNATURE_KEYS, ...OAUTH2_KEYS];

const FIELD: Record<ConfigKey, keyof OvhCredentialsInput> = {
  endpoint: "endpoint",
  application_key: "applicationKey",
  application_secret: "applicationSecret",
  consumer_key: "consumerKey",
  client_id: "clientId",
  client_secret: "clientSecret",
};

/** The code name of an ovh.conf key: application_key → applicationKey. */
export function fieldOf(key: ConfigKey): keyof OvhCredentialsInput {
  return FIELD[key];
}

/** The credential fields as code names them (Pulumi config, the CLI's accounts file), in one order. */
export const CREDENTIAL_FIELDS: readonly (keyof OvhCredentialsInput)[] = CONFIG_KEYS.map(fieldOf);

/** The ovh.conf key (and so the `OVH_*` variable) of a credential field: applicationKey → application_key. */
export function configKeyOf(field: keyof OvhCredentialsInput): ConfigKey {
  return CONFIG_KEYS.find((k) => FIELD[k] === field)!;
}

/** `OVH_` + the upper-cased ovh.conf key, as go-ovh and python-ovh derive them. */
export function envVariable(key: ConfigKey): string {
  return `OVH_${key.toUpperCase()}`;
}

export const DEFAULT_CONFIG_FILES: readonly string[] = ["/etc/ovh.conf", "~/.ovh.conf", "./ovh.conf"];
