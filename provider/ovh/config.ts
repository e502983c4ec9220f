// The one config resolver: endpoint, credentials and client tuning, each with where it came from.
//
// Layers, highest first: a resource's own credentials (Pulumi), the provider block (Terraform's
// provider arguments, Pulumi's stack config, createOvhClient's options, a CLI account), the environment
// (OVH_*), ovh.conf (/etc/ovh.conf, then ~/.ovh.conf, then ./ovh.conf; a later file wins per key).
// - Credentials: the first layer holding any credential field supplies the whole set (an application
//   key, its secret and a consumer key; or an OAuth2 client id and secret). A partial set there, or
//   both methods there, is refused in that layer's own spelling; lower layers are never mixed in.
// - The endpoint and each tuning value resolve by the same layers, each on its own: the first layer
//   that sets it wins, else the default.
// Secrets are never put in a report, a message or a log line: only "set" and where from.
import {
  AUTH_KEYS,
  CLIENT_DEFAULTS,
  CONFIG_KEYS,
  type ConfigKey,
  DEFAULT_CONFIG_FILES,
  envVariable,
  OAUTH2_KEYS,
  type OvhClientTuning,
  type OvhCredentialsInput,
  SECRET_KEYS,
  SIGNATURE_KEYS,
} from "./config-keys.js";
import {
  type ExplicitLayer,
  envLayer,
  explicitLayer,
  type Found,
  fileLayer,
  type Layer,
  sourceText,
  type ValueSource,
} from "./config-layers.js";
import { mixedSets, noCredentials, partialSet } from "./config-messages.js";
import { DEFAULT_ENDPOINT, type ResolvedEndpoint, resolveEndpoint } from "./endpoints.js";
import { OvhConfigError } from "./errors.js";

export {
  CLIENT_DEFAULTS,
  type ConfigKey,
  CREDENTIAL_FIELDS,
  configKeyOf,
  DEFAULT_CONFIG_FILES,
  envVariable,
  type OvhClientTuning,
  type OvhCredentialsInput,
} from "./config-keys.js";
export type { ExplicitLayer, LayerKind, ValueSource } from "./config-layers.js";

export interface ConfigSources {
  /**
   * Layers given in code, highest first: Pulumi's resource `credentials`, then the provider block
   * (Terraform's provider arguments, Pulumi's stack config), each named as its user writes it.
   */
  layers?: readonly ExplicitLayer[] | undefined;
  /** One more provider-block layer, below `layers`: createOvhClient's options. */
  explicit?: OvhCredentialsInput | undefined;
  /** How messages name `explicit`; without it they name the environment variables and ovh.conf only. */
  explicitNames?: ExplicitNames | undefined;
  /** Defaults to process.env; `false` reads no environment (a CLI account naming an ovh.conf section). */
  env?: Record<string, string | undefined> | false | undefined;
  /** The variables to read instead of OVH_* (a CLI account names them); only those count. */
  envVariables?: Partial<Record<ConfigKey, string>> | undefined;
  /** ovh.conf files in increasing precedence. Defaults to DEFAULT_CONFIG_FILES; `[]` reads none. */
  configFiles?: readonly string[] | undefined;
  /** The one ovh.conf section to read, for the endpoint and the credentials (a CLI account's). */
  configSection?: string | undefined;
  /** Tuning given in code (createOvhClient's options), with `explicit`, below the tuning of `layers`. */
  tuning?: Partial<OvhClientTuning> | undefined;
  /** Injected for tests: returns the file text, or undefined when it does not exist. */
  readFile?: ((path: string) => string | undefined) | undefined;
  homeDir?: string | undefined;
  cwd?: string | undefined;
}

export interface ExplicitNames {
  /** What the names are, e.g. "provider arguments", "stack config". */
  kind: string;
  name(field: keyof OvhCredentialsInput): string;
}

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
  /** The layer that supplied the credentials, e.g. "the stack config", "the environment". */
  credentialsFrom: string | undefined;
  /** Credentials lower layers hold that are not used (where from, never a value). */
  unused: string[];
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

/** Reads everything and reports each value's source and every problem. Never throws for bad config. */
export function inspectConfig(sources: ConfigSources = {}): ConfigReport {
  return collect(sources).report;
}

/** The layers of these sources, highest first. */
function layersOf(sources: ConfigSources, problems: string[]): Layer[] {
  const layers = (sources.layers ?? []).map(explicitLayer);
  if (sources.explicit || sources.tuning) {
    const names = sources.explicitNames;
    layers.push(
      explicitLayer({
        kind: "provider",
        title: names ? `the ${names.kind}` : "the client options",
        name: (field) => (names ? names.name(field as keyof OvhCredentialsInput) : `\`${field}\``),
        values: sources.explicit ?? {},
        tuning: sources.tuning,
        suggested: names !== undefined,
      }),
    );
  }
  if (sources.env !== false)
    layers.push(envLayer(sources.env ?? process.env, sources.envVariables, problems));
  const files = sources.configFiles ?? DEFAULT_CONFIG_FILES;
  if (files.length > 0) {
    layers.push(
      fileLayer(
        {
          files,
          section: sources.configSection,
          readFile: sources.readFile,
          homeDir: sources.homeDir,
          cwd: sources.cwd,
        },
        problems,
      ),
    );
  }
  return layers;
}

// The values stay in this module's locals: a report can be printed or logged whole.
function collect(sources: ConfigSources): {
  report: ConfigReport;
  found: Map<ConfigKey, Found>;
  tuning: OvhClientTuning;
} {
  const problems: string[] = [];
  const problemVariables = new Set<string>();
  const layers = layersOf(sources, problems);

  // The endpoint: the first layer that names one (ovh.conf: its [default] section, or the account's).
  let endpointFound: Found = { value: DEFAULT_ENDPOINT, source: { kind: "default" } };
  for (const layer of layers) {
    const f = layer.read("endpoint", [layer.section ?? "default"]);
    if (f) {
      endpointFound = f;
      break;
    }
  }
  let endpoint: ResolvedEndpoint | undefined;
  try {
    endpoint = resolveEndpoint(endpointFound.value);
  } catch (error) {
    if (!(error instanceof OvhConfigError)) throw error;
    problems.push(`${error.message} (endpoint from ${sourceText(endpointFound.source)})`);
    problemVariables.add("OVH_ENDPOINT");
  }

  // ovh.conf keeps credentials in the section named after the endpoint as written, then its canonical
  // name (a URL: with and without the trailing slash).
  const section = endpointFound.value;
  const sections = [section];
  if (endpoint?.name && endpoint.name !== section) sections.push(endpoint.name);
  if (endpoint && !endpoint.name) sections.push(endpoint.baseUrl, `${endpoint.baseUrl}/`);

  // The credentials: the whole set from the first layer holding any credential field.
  const holders = layers.filter((l) => l.holdsCredentials);
  const held = holders.map((layer) => {
    const values = new Map<ConfigKey, Found>();
    for (const key of AUTH_KEYS) {
      const f = layer.read(key, layer.section ? [layer.section] : sections);
      if (f) values.set(key, f);
    }
    return values;
  });
  const index = held.findIndex((values) => values.size > 0);
  const found = new Map<ConfigKey, Found>(index >= 0 ? held[index]! : []);
  found.set("endpoint", endpointFound);
  const chosen = index >= 0 ? holders[index]! : undefined;
  const unused = held
    .slice(index + 1)
    .flatMap((values) =>
      [...values].map(([key, f]) =>
        f.source.kind === "file" ? `${key} in ${sourceText(f.source)}` : sourceText(f.source),
      ),
    );

  let authMethod: ConfigReport["authMethod"];
  const signature = SIGNATURE_KEYS.filter((k) => found.has(k));
  const oauth = OAUTH2_KEYS.filter((k) => found.has(k));
  const flag = (keys: readonly ConfigKey[]) => {
    for (const k of keys) problemVariables.add(envVariable(k));
  };
  if (!chosen) {
    problems.push(noCredentials(layers, section));
    flag(AUTH_KEYS);
  } else if (signature.length > 0 && oauth.length > 0) {
    problems.push(mixedSets(chosen, found));
    flag([...signature, ...oauth]);
  } else {
    const set = signature.length > 0 ? SIGNATURE_KEYS : OAUTH2_KEYS;
    authMethod = signature.length > 0 ? "signature" : "oauth2";
    const missing = set.filter((k) => !found.has(k));
    if (missing.length > 0) {
      problems.push(partialSet(holders, index, found, set, chosen.section ?? section));
      flag(missing);
    }
    if (authMethod === "oauth2" && endpoint && !endpoint.tokenUrl) {
      problems.push(
        `OAuth2 service accounts are not available on ${endpoint.input} (OVHcloud offers no token URL ` +
          "there). Use an application key, application secret and consumer key instead.",
      );
      problemVariables.add("OVH_CLIENT_ID");
    }
  }

  const entries: ConfigEntry[] = CONFIG_KEYS.map((key) => {
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
  const { tuning, tuningEntries } = resolveTuning(layers, problems);
  entries.push(...tuningEntries);

  const report: ConfigReport = {
    entries,
    filesRead: [...(layers.find((l) => l.kind === "file")?.files ?? [])],
    problems,
    problemVariables: [...problemVariables],
    endpoint,
    authMethod: problems.length === 0 ? authMethod : undefined,
    credentialsFrom: chosen?.title,
    unused,
  };
  return { report, found, tuning };
}

/** Each tuning value from the first layer that sets it, else its default. */
function resolveTuning(
  layers: readonly Layer[],
  problems: string[],
): { tuning: OvhClientTuning; tuningEntries: ConfigEntry[] } {
  const tuning = { ...CLIENT_DEFAULTS };
  const tuningEntries: ConfigEntry[] = [];
  for (const key of Object.keys(CLIENT_DEFAULTS) as Array<keyof OvhClientTuning>) {
    const layer = layers.find((l) => l.tuning[key] !== undefined);
    const given = layer?.tuning[key];
    const source: ValueSource = layer ? layer.tuningSource(key) : { kind: "default" };
    const value = given ?? CLIENT_DEFAULTS[key];
    if (!Number.isFinite(value) || value <= 0) {
      problems.push(
        `Client option ${key} must be a positive number; got ${String(given)} (${sourceText(source)}).`,
      );
    }
    tuning[key] = value;
    tuningEntries.push({
      key,
      display: String(value),
      secret: false,
      source,
      sourceText: sourceText(source),
      defaultValue: String(CLIENT_DEFAULTS[key]),
    });
  }
  return { tuning, tuningEntries };
}

/**
 * Where the credentials and the endpoint came from, in one line for logs and `o365r accounts check`:
 * "the environment (OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY); endpoint ovh-eu
 * from the stack config". Names and places only.
 */
export function describeSources(report: ConfigReport): string {
  const set = report.entries.filter(
    (e) => e.key.startsWith("OVH_") && e.key !== "OVH_ENDPOINT" && e.source.kind !== "unset",
  );
  const names = set.map(({ source: s, key }) =>
    s.kind === "explicit"
      ? s.name
      : s.kind === "env"
        ? s.variable
        : s.kind === "file"
          ? `${key.slice(4).toLowerCase()} in ${s.file} [${s.section}]`
          : key,
  );
  const endpoint = report.entries.find((e) => e.key === "OVH_ENDPOINT");
  const where =
    endpoint?.source.kind === "explicit"
      ? endpoint.source.layer
      : endpoint?.source.kind === "default"
        ? "the default"
        : endpoint?.sourceText;
  return (
    `${report.credentialsFrom ?? "nowhere"}${names.length > 0 ? ` (${names.join(", ")})` : ""}; ` +
    `endpoint ${endpoint?.display ?? "(unset)"} from ${where}`
  );
}

/** Resolves a usable configuration, or throws one OvhConfigError listing every problem. */
export function resolveConfig(sources: ConfigSources = {}): ResolvedConfig {
  const { report, found, tuning } = collect(sources);
  if (report.problems.length > 0 || !report.endpoint || !report.authMethod) {
    const text =
      report.problems.length === 1
        ? report.problems[0]!
        : `The OVHcloud configuration cannot be used:\n${report.problems.map((p) => `- ${p}`).join("\n")}`;
    throw new OvhConfigError(text, report.problemVariables);
  }
  const value = (key: ConfigKey) => found.get(key)!.value;
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
