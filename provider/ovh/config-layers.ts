// The places a configuration value can come from, as ordered layers: what a resource is given (Pulumi's
// per-resource `credentials`), the provider block (Terraform's provider arguments, Pulumi's stack config,
// the options of createOvhClient, an account of the CLI's accounts file), the environment (OVH_*, or the
// variables an account names), and ovh.conf (the usual files, or the file and section an account names).
// Each layer knows how its user spells a key, so that messages name what to change where it is written.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  type ConfigKey,
  envVariable,
  fieldOf,
  type OvhClientTuning,
  type OvhCredentialsInput,
} from "./config-keys.js";
import { OvhConfigError } from "./errors.js";
import { type OvhConf, parseOvhConf } from "./ovhconf.js";

export type LayerKind = "resource" | "provider" | "env" | "file";

export type ValueSource =
  /** Given in a resource's credentials or a provider block: its layer and how it spells the key. */
  | { kind: "explicit"; layer: string; name: string }
  | { kind: "env"; variable: string }
  | { kind: "file"; file: string; section: string }
  | { kind: "default" }
  | { kind: "unset" };

export interface Found {
  value: string;
  source: ValueSource;
}

export interface Layer {
  kind: LayerKind;
  /** The layer in a sentence: "the stack config", "the provider arguments", "the environment", "ovh.conf". */
  title: string;
  /** The layer in the list of places, in order: "the OVH_* environment variables". */
  place: string;
  /** False for a layer that never holds credentials (a CLI account's endpoint and tuning). */
  holdsCredentials: boolean;
  /** False for a layer a message should not suggest (createOvhClient options nobody named). */
  suggested: boolean;
  /** How the layer spells a key; undefined when it has no place for it (variables an account does not name). */
  name(key: ConfigKey): string | undefined;
  /** A value of the layer; ovh.conf looks in `sections`, the first that has it (a later file wins). */
  read(key: ConfigKey, sections: readonly string[]): Found | undefined;
  /** Client tuning given in this layer, and where each value is written. */
  tuning: Partial<OvhClientTuning>;
  tuningSource(key: keyof OvhClientTuning): ValueSource;
  /** ovh.conf only: the one section the layer reads (a CLI account's), and the files it read. */
  section?: string | undefined;
  files?: readonly string[] | undefined;
  /** ovh.conf only: the files it would read, for messages ("/etc/ovh.conf, ~/.ovh.conf or ./ovh.conf"). */
  fileList?: string | undefined;
}

/** A layer given in code: a resource's credentials, or a provider block. */
export interface ExplicitLayer {
  kind: "resource" | "provider";
  /** The layer in a sentence: "the stack config", "the provider arguments", "the resource's credentials". */
  title: string;
  /** How the layer spells a credential field or tuning key: `o365-reseller:applicationKey`, `application_key`. */
  name(field: string): string;
  values: OvhCredentialsInput;
  tuning?: Partial<OvhClientTuning> | undefined;
  /** False when the layer cannot hold credentials (an account of the CLI's accounts file names where they are). */
  holdsCredentials?: boolean | undefined;
  /** False when messages should not suggest setting credentials here. */
  suggested?: boolean | undefined;
}

export function present(value: string | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}

export function explicitLayer(given: ExplicitLayer): Layer {
  return {
    kind: given.kind,
    title: given.title,
    place: given.title,
    holdsCredentials: given.holdsCredentials ?? true,
    suggested: given.suggested ?? true,
    name: (key) => given.name(fieldOf(key)),
    read: (key) => {
      const value = given.values[fieldOf(key)];
      if (!present(value)) return undefined;
      return {
        value: value.trim(),
        source: { kind: "explicit", layer: given.title, name: given.name(fieldOf(key)) },
      };
    },
    tuning: given.tuning ?? {},
    tuningSource: (key) => ({ kind: "explicit", layer: given.title, name: given.name(key) }),
  };
}

/** The environment variable of the client's pace, for front ends without a setting of their own (Terraform). */
export const REQUESTS_PER_MINUTE_VARIABLE = "O365R_REQUESTS_PER_MINUTE";

/**
 * The environment: OVH_* as OVHcloud's tools read them, or the variables a CLI account names
 * (`variables`: only those count; none for an account naming an ovh.conf section). The client's pace
 * may come from O365R_REQUESTS_PER_MINUTE either way.
 */
export function envLayer(
  env: Record<string, string | undefined>,
  variables: Partial<Record<ConfigKey, string>> | undefined,
  problems: string[],
): Layer {
  const variableOf = (key: ConfigKey) => (variables ? variables[key] : envVariable(key));
  const text = env[REQUESTS_PER_MINUTE_VARIABLE];
  const pace = present(text) ? Number(text.trim()) : undefined;
  if (pace !== undefined && !(Number.isFinite(pace) && pace > 0)) {
    problems.push(
      `${REQUESTS_PER_MINUTE_VARIABLE} must be a positive number of requests per minute; got "${text!.trim()}".`,
    );
  }
  return {
    kind: "env",
    title: "the environment",
    place: variables ? "the environment variables the account names" : "the OVH_* environment variables",
    holdsCredentials: variables === undefined || Object.keys(variables).length > 0,
    suggested: true,
    name: variableOf,
    read: (key) => {
      const variable = variableOf(key);
      if (variable === undefined) return undefined;
      const value = env[variable];
      return present(value) ? { value: value.trim(), source: { kind: "env", variable } } : undefined;
    },
    tuning: pace !== undefined && Number.isFinite(pace) && pace > 0 ? { requestsPerMinute: pace } : {},
    tuningSource: () => ({ kind: "env", variable: REQUESTS_PER_MINUTE_VARIABLE }),
  };
}

export interface FileLayerOptions {
  /** ovh.conf files in increasing precedence; `~/` and `./` are expanded. */
  files: readonly string[];
  /** The one section to read (a CLI account's); otherwise [default] and the endpoint's section. */
  section?: string | undefined;
  readFile?: ((path: string) => string | undefined) | undefined;
  homeDir?: string | undefined;
  cwd?: string | undefined;
}

/** ovh.conf, merged as OVHcloud's clients merge the files: per key, a later file wins. */
export function fileLayer(options: FileLayerOptions, problems: string[]): Layer {
  const home = options.homeDir ?? homedir();
  const cwd = options.cwd ?? process.cwd();
  const readFile = options.readFile ?? defaultReadFile;
  const files: Array<{ file: string; conf: OvhConf }> = [];
  for (const spec of options.files) {
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
  const fileList = listOf(options.files, "or");
  return {
    kind: "file",
    title: "ovh.conf",
    place: "ovh.conf",
    holdsCredentials: true,
    suggested: true,
    name: (key) => key,
    read: (key, sections) => {
      let found: Found | undefined;
      for (const { file, conf } of files) {
        for (const section of sections) {
          const value = conf.get(section)?.get(key);
          if (present(value)) {
            found = { value: value.trim(), source: { kind: "file", file, section } };
            break;
          }
        }
      }
      return found;
    },
    tuning: {},
    tuningSource: () => ({ kind: "unset" }),
    section: options.section,
    files: files.map((f) => f.file),
    fileList,
  };
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

/** "a", "a and b", "a, b and c" (or "or"). */
export function listOf(items: readonly string[], word: "and" | "or" = "and"): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

/** Human text of a value's source, e.g. "environment OVH_CONSUMER_KEY" or "~/.ovh.conf [ovh-eu]". */
export function sourceText(source: ValueSource): string {
  switch (source.kind) {
    case "explicit":
      return `${source.name} (${source.layer})`;
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
