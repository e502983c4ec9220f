// Which credentials a resource uses, and one API client per credential set for the life of the
// provider process.
//
// The rule is the one config resolver's (provider/ovh/config.ts), with Pulumi's two layers on top: the
// resource's own `credentials` input, then the stack config (`o365-reseller:endpoint`,
// `:applicationKey`, `:applicationSecret`, `:consumerKey`, `:clientId`, `:clientSecret`,
// `:requestsPerMinute`, read in the provider's configure step), then OVH_* and ovh.conf. The first
// layer holding any credential takes the whole set; the endpoint and the pace resolve on their own.
import { createHash } from "node:crypto";
import { type Csp2Api, createCsp2Api, knownAccount } from "../csp2/index.js";
import { OvhConfigError } from "../ovh/errors.js";
import {
  CREDENTIAL_FIELDS,
  createOvhClient,
  describeSources,
  type OvhClient,
  type OvhClientTuning,
  type OvhCredentialsInput,
  type ResolvedConfig,
  resolveConfig,
} from "../ovh/index.js";
import type { MachineFacts } from "../ovh/machine-facts.js";
import { closest } from "../resources/checking.js";
import { type Account, type OperationContext, ReadCache } from "../resources/index.js";
import { log } from "./engine-log.js";

/** The stack config namespace: `pulumi config set o365-reseller:endpoint ovh-eu`. */
export const CONFIG_NAMESPACE = "o365-reseller";
/** Every `o365-reseller:*` key the provider reads; any other one is a misspelling, warned about. */
export const STACK_CONFIG_KEYS: readonly string[] = [...CREDENTIAL_FIELDS, "requestsPerMinute"];

let stackConfig: OvhCredentialsInput = {};
let tuning: Partial<OvhClientTuning> = {};

/** How messages name the provider layer (a missing `o365-reseller:applicationSecret`, …). */
export interface ProviderLayerNaming {
  title: string;
  name(field: string): string;
}
const STACK_CONFIG_NAMING: ProviderLayerNaming = {
  title: "the stack config",
  name: (field) => `${CONFIG_NAMESPACE}:${field}`,
};
let providerNaming = STACK_CONFIG_NAMING;

/**
 * Called from the provider's `configure(req)` with the stack config reader. Besides the credentials,
 * `o365-reseller:requestsPerMinute` raises the client's per-credential pace (default 60, OVHcloud's
 * fair use) for accounts granted more, or for the local emulator. The native provider
 * (provider/pulumi-native) configures the same layer from its provider inputs, named as its users
 * write them.
 */
export function configureFromStack(
  get: (key: string) => string | undefined,
  naming: ProviderLayerNaming = STACK_CONFIG_NAMING,
): void {
  providerNaming = naming;
  const next: OvhCredentialsInput = {};
  for (const field of CREDENTIAL_FIELDS) {
    const value = get(`${CONFIG_NAMESPACE}:${field}`);
    if (typeof value === "string" && value.trim() !== "") next[field] = value.trim();
  }
  stackConfig = next;
  const pace = get(`${CONFIG_NAMESPACE}:requestsPerMinute`);
  tuning = pace && Number(pace) > 0 ? { requestsPerMinute: Number(pace) } : {};
}

export function currentStackConfig(): Readonly<OvhCredentialsInput> {
  return stackConfig;
}

/** What is wrong with a `credentials` input, per field; never its values (they are secrets). */
export function credentialProblems(value: unknown): { property: string; reason: string }[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) {
    return [{ property: "credentials", reason: `must be an object with ${CREDENTIAL_FIELDS.join(", ")}` }];
  }
  const problems: { property: string; reason: string }[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (!(CREDENTIAL_FIELDS as readonly string[]).includes(k)) {
      problems.push({
        property: `credentials.${k}`,
        reason: `is not a credential field (known: ${CREDENTIAL_FIELDS.join(", ")})`,
      });
    } else if (v !== undefined && v !== null && typeof v !== "string") {
      problems.push({ property: `credentials.${k}`, reason: "must be a string" });
    }
  }
  return problems;
}

/** Reads a `credentials` input (plain object from the wire) into the client's shape. */
export function credentialsInput(value: unknown): OvhCredentialsInput | undefined {
  const problems = credentialProblems(value);
  if (problems.length > 0) {
    throw new TypeError(problems.map((p) => `${p.property} ${p.reason}`).join("; "));
  }
  if (value === undefined || value === null) return undefined;
  const out: OvhCredentialsInput = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string" && v !== "") out[k as keyof OvhCredentialsInput] = v;
  }
  return out;
}

/** Resolves the configuration for a resource: its credentials, the stack config, OVH_*, ovh.conf. */
export function resolveFor(
  resource: OvhCredentialsInput | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConfig {
  return resolveConfig({
    layers: [
      // Messages name the resource's input (`credentials.applicationSecret`) and the stack config keys
      // a Pulumi user sets (`o365-reseller:applicationSecret`).
      {
        kind: "resource",
        title: "the resource's credentials",
        name: (field) => `credentials.${field}`,
        values: resource ?? {},
      },
      {
        kind: "provider",
        title: providerNaming.title,
        name: (field) => providerNaming.name(field),
        values: stackConfig,
        tuning,
      },
    ],
    env,
  });
}

/**
 * Why this resource's credentials cannot be used, in the words of a Pulumi user; undefined when they
 * can. Checked at preview (reading only the stack config, the environment and ovh.conf), so that a
 * stack without credentials fails there, not at `up`.
 */
export function credentialsProblem(
  resource: OvhCredentialsInput | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  try {
    resolveFor(resource, env);
    return undefined;
  } catch (error) {
    if (!(error instanceof OvhConfigError)) throw error;
    return (
      `${error.message} A resource may also be given its own \`credentials\` (one account per resource). ` +
      `Keep secrets encrypted: \`pulumi config set --secret ${CONFIG_NAMESPACE}:applicationSecret …\`.`
    );
  }
}

/**
 * `o365-reseller:*` keys of the stack config that the provider does not read, each with the key meant
 * when one is close (`o365-reseller:aplicationKey` → `o365-reseller:applicationKey`).
 */
export function unknownStackKeys(keys: readonly string[]): { key: string; meant?: string }[] {
  const prefix = `${CONFIG_NAMESPACE}:`;
  return keys
    .filter((k) => k.startsWith(prefix) && !STACK_CONFIG_KEYS.includes(k.slice(prefix.length)))
    .map((key) => {
      const meant = closest(key.slice(prefix.length), STACK_CONFIG_KEYS);
      return meant ? { key, meant: `${prefix}${meant}` } : { key };
    });
}

interface Session {
  client: OvhClient;
  api: Csp2Api;
  /** What this provider process has read with these credentials: shared by every resource of the run. */
  reads: ReadCache;
  account?: Account;
  ready?: Promise<void>;
}

const sessions = new Map<string, Session>();

function sessionKey(config: ResolvedConfig): string {
  const a = config.auth;
  const material =
    a.kind === "signature"
      ? [a.applicationKey, a.applicationSecret, a.consumerKey]
      : [a.clientId, a.clientSecret, a.tokenUrl];
  const digest = createHash("sha256").update(material.join("\n")).digest("hex");
  return `${config.endpoint.baseUrl}|${a.kind}|${digest}`;
}

function session(config: ResolvedConfig): Session {
  const key = sessionKey(config);
  let s = sessions.get(key);
  if (!s) {
    const unused = config.report.unused.length > 0 ? `; not used: ${config.report.unused.join(", ")}` : "";
    void log("debug", `o365-reseller credentials: ${describeSources(config.report)}${unused}`);
    const client = createOvhClient({ config });
    const csp2 = createCsp2Api(client);
    // The account as the processes of this machine learnt it minutes ago, else `GET /me` (csp2/account.ts).
    const api: Csp2Api = { ...csp2, whoAmI: () => knownAccount(client, csp2) };
    s = { client, api, reads: new ReadCache(api) };
    sessions.set(key, s);
  }
  return s;
}

/**
 * The operation context for a resource's credentials: the API, the run's read cache, its account and
 * OVHcloud's clock (the reduction window is counted in the API's time, which for the emulator is its
 * virtual clock). The account and the clock offset are learnt once per process, or taken from what
 * another process of the machine learnt minutes ago (knownAccount, the client's shared facts).
 */
export async function contextFor(
  resource: OvhCredentialsInput | undefined,
  onProgress: (message: string) => void,
): Promise<OperationContext> {
  const s = session(resolveFor(resource));
  s.ready ??= (async () => {
    s.account = await s.api.whoAmI();
    await s.client.serverTimeOffset();
  })().catch((error: unknown) => {
    s.ready = undefined;
    throw error;
  });
  await s.ready;
  const { client } = s;
  return {
    api: s.api,
    reads: s.reads,
    account: s.account,
    onProgress,
    now: () => new Date(Date.now() + (client.knownServerTimeOffset() ?? 0) * 1000),
  };
}

/**
 * What the processes of this machine know about one thing (a resource's URN) for these credentials:
 * the engine starts a provider process for `preview` and another for the `up` that follows (plans.ts).
 */
export function factsAbout(resource: OvhCredentialsInput | undefined, scope: string): MachineFacts {
  return session(resolveFor(resource)).client.factsAbout(scope);
}

/** Closes every client (tests; the engine simply ends the provider process). */
export async function closeSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.all(all.map((s) => s.client.close()));
}
