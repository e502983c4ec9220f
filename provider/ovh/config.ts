// The one config resolver: endpoint, credentials and client tuning, each with where it came from.
// Precedence per value, as OVHcloud's own tools read them: explicit object > environment (OVH_*) >
// ovh.conf (/etc/ovh.conf, then ~/.ovh.conf, then ./ovh.conf; a later file wins) > default.
// Secrets are never put in a report, a message or a log line: only "set" and where from.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { DEFAULT_ENDPOINT, type ResolvedEndpoint, resolveEndpoint } from "./endpoints.js";
import { OvhConfigError } from "./errors.js";
import { type OvhConf, parseOvhConf } from "./ovhconf.js";

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

const KEYS: readonly ConfigKey[] = [
  "endpoint",
  "application_key",
  "application_secret",
  "consumer_key",
  "client_id",
  "client_secret",
];
const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set(["application_secret", "consumer_key", "client_secret"]);
const SIGNATURE_KEYS: readonly ConfigKey[] = ["application_key", "application_secret", "consumer_key"];
const OAUTH2_KEYS: readonly ConfigKey[] = ["client_id", "client_secret"];

const EXPLICIT_FIELD: Record<ConfigKey, keyof OvhCredentialsInput> = {
  endpoint: "endpoint",
  application_key: "applicationKey",
  application_secret: "applicationSecret",
  consumer_key: "consumerKey",
  client_id: "clientId",
  client_secret: "clientSecret",
};

/** The credential fields as code names them (Pulumi config, the CLI's accounts file), in one order. */
export const CREDENTIAL_FIELDS: readonly (keyof OvhCredentialsInput)[] = KEYS.map((k) => EXPLICIT_FIELD[k]);

/** The ovh.conf key (and so the `OVH_*` variable) of a credential field: applicationKey → application_key. */
export function configKeyOf(field: keyof OvhCredentialsInput): ConfigKey {
  return KEYS.find((k) => EXPLICIT_FIELD[k] === field)!;
}

/** `OVH_` + the upper-cased ovh.conf key, as go-ovh and python-ovh derive them. */
export function envVariable(key: ConfigKey): string {
  return `OVH_${key.toUpperCase()}`;
}

export const DEFAULT_CONFIG_FILES: readonly string[] = ["/etc/ovh.conf", "~/.ovh.conf", "./ovh.conf"];

export interface ConfigSources {
  explicit?: OvhCredentialsInput | undefined;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined> | undefined;
  /** ovh.conf files in increasing precedence. Defaults to DEFAULT_CONFIG_FILES; `[]` reads none. */
  configFiles?: readonly string[] | undefined;
  /** Tuning given in code; the rest comes from CLIENT_DEFAULTS. */
  tuning?: Partial<OvhClientTuning> | undefined;
  /** Injected for tests: returns the file text, or undefined when it does not exist. */
  readFile?: ((path: string) => string | undefined) | undefined;
  homeDir?: string | undefined;
  cwd?: string | undefined;
  /**
   * How the front end names the explicit values, for messages: Terraform's provider arguments
   * (`application_secret`), Pulumi's stack config (`o365-reseller:applicationSecret`). Without it,
   * messages name the environment variables and ovh.conf only (plus the code name of a missing value).
   */
  explicitNames?: ExplicitNames | undefined;
}

export interface ExplicitNames {
  /** What the names are, e.g. "provider arguments", "stack config". */
  kind: string;
  name(field: keyof OvhCredentialsInput): string;
}

export type ValueSource =
  | { kind: "explicit" }
  | { kind: "env"; variable: string }
  | { kind: "file"; file: string; section: string }
  | { kind: "default" }
  | { kind: "unset" };

export interface ConfigEntry {
  key: string;
  /** What to show: the value for non-secrets, "(set, hidden)" for secrets, "(unset)". */
  display: string;
  secret: boolean;
  source: ValueSource;
  /** Human text of the source, e.g. "environment OVH_CONSUMER_KEY" or "~/.ovh.conf [ovh-eu]". */
  sourceText: string;
  defaultValue: string | undefined;
}

export interface ConfigReport {
  entries: ConfigEntry[];
  /** Files that existed and were read, in precedence order. */
  filesRead: string[];
  /** Why the configuration cannot be used; empty when it can. */
  problems: string[];
  /** Variables the problems are about, e.g. OVH_CONSUMER_KEY. */
  problemVariables: string[];
  endpoint: ResolvedEndpoint | undefined;
  authMethod: "signature" | "oauth2" | undefined;
}

export interface SignatureAuth {
  kind: "signature";
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}
export interface OAuth2Auth {
  kind: "oauth2";
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}
export type OvhAuth = SignatureAuth | OAuth2Auth;

export interface ResolvedConfig {
  endpoint: ResolvedEndpoint;
  auth: OvhAuth;
  tuning: OvhClientTuning;
  report: ConfigReport;
}

interface Found {
  value: string;
  source: ValueSource;
}

function sourceText(source: ValueSource): string {
  switch (source.kind) {
    case "explicit":
      return "given in code/config";
    case "env":
      return `environment ${source.variable}`;
    case "file":
      return `${source.file} [${source.section}]`;
    case "default":
      return "default";
    case "unset":
      return "unset";
  }
}

function defaultReadFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing or unreadable (e.g. /etc/ovh.conf owned by root): skipped, as OVHcloud's clients do.
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EACCES" || code === "EISDIR") return undefined;
    throw error;
  }
}

function present(value: string | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** Reads everything and reports each value's source and every problem. Never throws for bad config. */
export function inspectConfig(sources: ConfigSources = {}): ConfigReport {
  return collect(sources).report;
}

// The values stay in this module's locals: a report can be printed or logged whole.
function collect(sources: ConfigSources): { report: ConfigReport; found: Map<ConfigKey, Found> } {
  const env = sources.env ?? process.env;
  const explicit = sources.explicit ?? {};
  const home = sources.homeDir ?? homedir();
  const cwd = sources.cwd ?? process.cwd();
  const readFile = sources.readFile ?? defaultReadFile;
  const problems: string[] = [];
  const problemVariables = new Set<string>();

  // ovh.conf files, lowest precedence first.
  const files: Array<{ file: string; conf: OvhConf }> = [];
  for (const spec of sources.configFiles ?? DEFAULT_CONFIG_FILES) {
    const path = spec.startsWith("~/")
      ? join(home, spec.slice(2))
      : spec.startsWith("./")
        ? join(cwd, spec)
        : spec;
    const text = readFile(path);
    if (text === undefined) continue;
    try {
      files.push({ file: path, conf: parseOvhConf(text, path) });
    } catch (error) {
      if (!(error instanceof OvhConfigError)) throw error;
      problems.push(error.message);
    }
  }

  const fromFiles = (section: string | readonly string[], key: ConfigKey): Found | undefined => {
    const names = typeof section === "string" ? [section] : section;
    let found: Found | undefined;
    for (const { file, conf } of files) {
      for (const name of names) {
        const value = conf.get(name)?.get(key);
        if (present(value)) {
          found = { value: value.trim(), source: { kind: "file", file, section: name } };
          break;
        }
      }
    }
    return found;
  };
  const lookup = (key: ConfigKey, sections: readonly string[]): Found | undefined => {
    const given = explicit[EXPLICIT_FIELD[key]];
    if (present(given)) return { value: given.trim(), source: { kind: "explicit" } };
    const variable = envVariable(key);
    const fromEnv = env[variable];
    if (present(fromEnv)) return { value: fromEnv.trim(), source: { kind: "env", variable } };
    return fromFiles(sections, key);
  };

  const endpointFound = lookup("endpoint", ["default"]) ?? {
    value: DEFAULT_ENDPOINT,
    source: { kind: "default" } as ValueSource,
  };
  let endpoint: ResolvedEndpoint | undefined;
  try {
    endpoint = resolveEndpoint(endpointFound.value);
  } catch (error) {
    if (!(error instanceof OvhConfigError)) throw error;
    problems.push(`${error.message} (endpoint from ${sourceText(endpointFound.source)})`);
    problemVariables.add("OVH_ENDPOINT");
  }

  // Credentials live in the section named after the endpoint as written, then its canonical name.
  const sectionNames = [endpointFound.value];
  if (endpoint?.name && endpoint.name !== endpointFound.value) sectionNames.push(endpoint.name);
  if (endpoint && !endpoint.name) sectionNames.push(endpoint.baseUrl, `${endpoint.baseUrl}/`);
  const found = new Map<ConfigKey, Found>();
  found.set("endpoint", endpointFound);
  for (const key of KEYS) {
    if (key === "endpoint") continue;
    const f = lookup(key, sectionNames);
    if (f) found.set(key, f);
  }

  const section = endpointFound.value;
  const names = sources.explicitNames;
  const explicitName = (key: ConfigKey) =>
    names ? names.name(EXPLICIT_FIELD[key]) : `\`${EXPLICIT_FIELD[key]}\` in code`;
  const describeMissing = (key: ConfigKey) =>
    `${envVariable(key)} (or ${explicitName(key)}, or ${key} in [${section}] of ovh.conf)`;
  const and = (items: readonly string[]) =>
    items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
  /** What to do so that these values no longer count: per place they came from, in the user's terms. */
  const removal = (keys: readonly ConfigKey[]) => {
    const groups = new Map<string, string[]>();
    for (const key of keys) {
      const source = found.get(key)!.source;
      const [where, item] =
        source.kind === "env"
          ? ["unset", source.variable]
          : source.kind === "file"
            ? [`file ${source.file} [${source.section}]`, key]
            : ["explicit", explicitName(key)];
      groups.set(where, [...(groups.get(where) ?? []), item]);
    }
    return and(
      [...groups].map(([where, items]) =>
        where === "unset"
          ? `unset ${and(items)}`
          : where === "explicit"
            ? `remove ${and(items)}`
            : `remove ${and(items)} from ${where.slice("file ".length)}`,
      ),
    );
  };
  const signatureSet = SIGNATURE_KEYS.filter((k) => found.has(k));
  const oauthSet = OAUTH2_KEYS.filter((k) => found.has(k));
  let authMethod: ConfigReport["authMethod"];
  if (signatureSet.length > 0 && oauthSet.length > 0) {
    const list = (keys: readonly ConfigKey[]) =>
      keys
        .map((k) => {
          const source = found.get(k)!.source;
          return source.kind === "explicit"
            ? explicitName(k)
            : `${envVariable(k)} from ${sourceText(source)}`;
        })
        .join(", ");
    problems.push(
      "Two authentication methods are configured at once: an application key set " +
        `(${list(signatureSet)}) and OAuth2 client credentials (${list(oauthSet)}). OVHcloud's tools ` +
        "refuse this mix, and so does o365-reseller: keep one. " +
        `To sign with the application key, ${removal(oauthSet)}; ` +
        `to use the OAuth2 service account, ${removal(signatureSet)}.`,
    );
    for (const k of [...signatureSet, ...oauthSet]) problemVariables.add(envVariable(k));
  } else if (signatureSet.length > 0) {
    authMethod = "signature";
    const missing = SIGNATURE_KEYS.filter((k) => !found.has(k));
    if (missing.length > 0) {
      problems.push(
        `Incomplete OVHcloud application credentials: missing ${missing.map(describeMissing).join(", ")}. ` +
          "An application key, its secret and a validated consumer key are all needed to sign requests.",
      );
      for (const k of missing) problemVariables.add(envVariable(k));
    }
  } else if (oauthSet.length > 0) {
    authMethod = "oauth2";
    const missing = OAUTH2_KEYS.filter((k) => !found.has(k));
    if (missing.length > 0) {
      problems.push(
        `Incomplete OVHcloud OAuth2 credentials: missing ${missing.map(describeMissing).join(", ")}. ` +
          "A service account needs both its client id and its client secret.",
      );
      for (const k of missing) problemVariables.add(envVariable(k));
    }
    if (endpoint && !endpoint.tokenUrl) {
      problems.push(
        `OAuth2 service accounts are not available on ${endpoint.input} (OVHcloud offers no token URL ` +
          "there). Use an application key, application secret and consumer key instead.",
      );
      problemVariables.add("OVH_CLIENT_ID");
    }
  } else {
    const explicitly = names
      ? `Set the ${names.kind} ${and(SIGNATURE_KEYS.map(explicitName))} (an API application and a ` +
        `validated consumer key), or ${and(OAUTH2_KEYS.map(explicitName))} (an OAuth2 service account); ` +
        "or, instead, the environment variables "
      : "Set ";
    problems.push(
      `No OVHcloud credentials found. ${explicitly}OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and ` +
        `OVH_CONSUMER_KEY${names ? "" : " (an API application and a validated consumer key)"}, or OVH_CLIENT_ID and ` +
        `OVH_CLIENT_SECRET${names ? "" : " (an OAuth2 service account)"}; or put them in the [${section}] section of ` +
        "ovh.conf (/etc/ovh.conf, ~/.ovh.conf or ./ovh.conf).",
    );
    for (const k of [...SIGNATURE_KEYS, ...OAUTH2_KEYS]) problemVariables.add(envVariable(k));
  }

  const entries: ConfigEntry[] = KEYS.map((key) => {
    const f = found.get(key);
    const secret = SECRET_KEYS.has(key);
    const source: ValueSource = f?.source ?? { kind: "unset" };
    return {
      key: envVariable(key),
      display: f === undefined ? "(unset)" : secret ? "(set, hidden)" : f.value,
      secret,
      source,
      sourceText: sourceText(source),
      defaultValue: key === "endpoint" ? DEFAULT_ENDPOINT : undefined,
    };
  });
  if (endpoint) {
    entries.push({
      key: "base URL",
      display: endpoint.baseUrl,
      secret: false,
      source: endpointFound.source,
      sourceText: `from endpoint ${endpoint.input}`,
      defaultValue: undefined,
    });
  }
  const tuning = sources.tuning ?? {};
  for (const key of Object.keys(CLIENT_DEFAULTS) as Array<keyof OvhClientTuning>) {
    const given = tuning[key];
    const value = given ?? CLIENT_DEFAULTS[key];
    if (!Number.isFinite(value) || value <= 0) {
      problems.push(`Client option ${key} must be a positive number; got ${String(given)}.`);
    }
    entries.push({
      key,
      display: String(value),
      secret: false,
      source: given === undefined ? { kind: "default" } : { kind: "explicit" },
      sourceText: given === undefined ? "default" : "given in code/config",
      defaultValue: String(CLIENT_DEFAULTS[key]),
    });
  }

  const report: ConfigReport = {
    entries,
    filesRead: files.map((f) => f.file),
    problems,
    problemVariables: [...problemVariables],
    endpoint,
    authMethod: problems.length === 0 ? authMethod : undefined,
  };
  return { report, found };
}

/** Resolves a usable configuration, or throws one OvhConfigError listing every problem. */
export function resolveConfig(sources: ConfigSources = {}): ResolvedConfig {
  const { report, found } = collect(sources);
  if (report.problems.length > 0 || !report.endpoint || !report.authMethod) {
    const text =
      report.problems.length === 1
        ? report.problems[0]!
        : `The OVHcloud configuration cannot be used:\n${report.problems.map((p) => `- ${p}`).join("\n")}`;
    throw new OvhConfigError(text, report.problemVariables);
  }
  const value = (key: ConfigKey) => found.get(key)!.value;
  const tuning: OvhClientTuning = { ...CLIENT_DEFAULTS, ...definedOnly(sources.tuning ?? {}) };
  const endpoint = report.endpoint;
  const auth: OvhAuth =
    report.authMethod === "signature"
      ? {
          kind: "signature",
          applicationKey: value("application_key"),
          applicationSecret: value("application_secret"),
          consumerKey: value("consumer_key"),
        }
      : {
          kind: "oauth2",
          clientId: value("client_id"),
          clientSecret: value("client_secret"),
          tokenUrl: endpoint.tokenUrl!,
        };
  return { endpoint, auth, tuning, report };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
