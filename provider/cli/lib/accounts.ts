// The accounts file (docs/cli.md): named reseller accounts, each with its endpoint and where its
// credentials come from (environment variable names, or an ovh.conf file and section); never a secret.
//
//   accounts:
//     eu-main:
//       endpoint: ovh-eu
//       nic: ab12345-ovh              # optional: the account these credentials must belong to
//       credentials:
//         envPrefix: EU_MAIN_          # EU_MAIN_OVH_APPLICATION_KEY, EU_MAIN_OVH_CONSUMER_KEY, …
//     ca-shop:
//       endpoint: ovh-ca
//       credentials:
//         env: { applicationKey: CA_AK, applicationSecret: CA_AS, consumerKey: CA_CK }
//     eu-oauth:
//       credentials:
//         ovhConf: ~/.ovh.conf         # relative paths are relative to the accounts file
//         section: reseller-eu
//
// Credentials resolve from exactly the place named, never from the ambient OVH_* variables or the
// default ovh.conf files: an account with missing credentials fails, it does not silently become
// another account. Within that place, the rule is the providers' (provider/ovh/config.ts).
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse, YAMLParseError } from "yaml";
import {
  CREDENTIAL_FIELDS,
  configKeyOf,
  type ExplicitLayer,
  type OvhClientTuning,
  type OvhCredentialsInput,
  type ResolvedConfig,
  resolveConfig,
} from "../../ovh/config.js";
import { OvhConfigError } from "../../ovh/errors.js";
import { parseOvhConf } from "../../ovh/ovhconf.js";
import { externalError, oneLine, usageError } from "./errors.js";
import type { CliIo } from "./io.js";

export const DEFAULT_ACCOUNTS_FILE = "o365r.accounts.yaml";
export const ACCOUNTS_ENV = "O365R_ACCOUNTS";

type Field = keyof OvhCredentialsInput;
const FIELDS = CREDENTIAL_FIELDS;
const SECRET_KEYS = new Set([
  "applicationSecret",
  "consumerKey",
  "clientSecret",
  "application_secret",
  "consumer_key",
  "client_secret",
  "password",
  "secret",
]);
const TUNING_KEYS = ["requestsPerMinute", "maxInFlight", "timeoutMs", "maxAttempts", "pageSize"] as const;
type TuningKey = (typeof TUNING_KEYS)[number];
const ACCOUNT_KEYS = new Set(["endpoint", "nic", "description", "credentials", ...TUNING_KEYS]);
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type CredentialSource =
  | { kind: "env"; variables: Partial<Record<Field, string>>; prefix?: string | undefined }
  | { kind: "ovhConf"; file: string; section: string }
  /** No accounts file: the usual precedence (OVH_* environment, then ovh.conf files). */
  | { kind: "ambient" };

export interface AccountSpec {
  name: string;
  endpoint?: string | undefined;
  /** NIC handle the credentials must belong to (checked by `accounts check`, inventory and drift). */
  nic?: string | undefined;
  description?: string | undefined;
  credentials: CredentialSource;
  tuning: Partial<Pick<OvhClientTuning, TuningKey>>;
  /** The accounts file it comes from; undefined for the ambient account. */
  file?: string | undefined;
}

export interface AccountsSelection {
  /** The file read, or undefined when the ambient OVH_* configuration is used. */
  file: string | undefined;
  accounts: AccountSpec[];
}

/** Which accounts file applies: --accounts, then O365R_ACCOUNTS, then ./o365r.accounts.yaml if present. */
export function accountsFilePath(given: string | undefined, io: CliIo): string | undefined {
  const named = given ?? io.env[ACCOUNTS_ENV];
  if (named !== undefined && named.trim() !== "") return resolve(io.cwd, named);
  const fallback = join(io.cwd, DEFAULT_ACCOUNTS_FILE);
  return readText(fallback) === undefined ? undefined : fallback;
}

/**
 * The accounts to work on: those of the accounts file (all, or the ones named with --account), or,
 * without a file, one account "default" from the OVH_* environment and ovh.conf.
 */
export function selectAccounts(
  options: { accounts?: string | undefined; account?: string[] | undefined },
  io: CliIo,
): AccountsSelection {
  const file = accountsFilePath(options.accounts, io);
  if (file === undefined) {
    const wanted = options.account ?? [];
    if (wanted.length > 0 && !(wanted.length === 1 && wanted[0] === "default")) {
      throw usageError(
        `--account ${wanted.join(", ")} needs an accounts file: none given (--accounts, ${ACCOUNTS_ENV}) and no ${DEFAULT_ACCOUNTS_FILE} in ${io.cwd}.`,
      );
    }
    return { file: undefined, accounts: [{ name: "default", credentials: { kind: "ambient" }, tuning: {} }] };
  }
  const all = loadAccountsFile(file);
  const wanted = options.account ?? [];
  if (wanted.length === 0) return { file, accounts: all };
  const unknown = wanted.filter((n) => !all.some((a) => a.name === n));
  if (unknown.length > 0) {
    throw usageError(
      `unknown account ${unknown.join(", ")}: ${file} defines ${all.map((a) => a.name).join(", ")}.`,
    );
  }
  return { file, accounts: all.filter((a) => wanted.includes(a.name)) };
}

/** Reads and validates an accounts file. Every problem is one line naming the file. */
export function loadAccountsFile(file: string): AccountSpec[] {
  const text = readText(file);
  if (text === undefined) {
    throw externalError(
      `accounts file ${file} not found. Create it (see \`o365r accounts --help\`), or name another with --accounts or ${ACCOUNTS_ENV}.`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const what = error instanceof YAMLParseError ? error.message : String(error);
    throw externalError(`accounts file ${file} is not valid YAML: ${oneLine(what)}`);
  }
  const bad = (where: string, what: string) => externalError(`accounts file ${file}: ${where}: ${what}`);
  if (!isRecord(doc)) throw bad("(top)", "expected a mapping with `accounts:`");
  for (const key of Object.keys(doc)) {
    if (key !== "accounts" && key !== "version") throw bad(key, "unknown key (expected `accounts`)");
  }
  if (doc.version !== undefined && doc.version !== 1) {
    throw bad("version", `version ${String(doc.version)} is not known to this o365r (it reads version 1)`);
  }
  if (!isRecord(doc.accounts) || Object.keys(doc.accounts).length === 0) {
    throw bad("accounts", "expected a mapping of account names to accounts, with at least one account");
  }
  return Object.entries(doc.accounts).map(([name, raw]) => parseAccount(name, raw, file, bad));
}

function parseAccount(
  name: string,
  raw: unknown,
  file: string,
  bad: (where: string, what: string) => Error,
): AccountSpec {
  const at = `accounts.${name}`;
  if (!NAME.test(name)) throw bad(at, "an account name is letters, digits, dots, dashes and underscores");
  if (!isRecord(raw)) throw bad(at, "expected a mapping with `credentials:`");
  secretGuard(raw, at, bad);
  for (const key of Object.keys(raw)) {
    if (!ACCOUNT_KEYS.has(key)) {
      throw bad(`${at}.${key}`, `unknown key (expected ${[...ACCOUNT_KEYS].join(", ")})`);
    }
  }
  const text = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || v.trim() === "") throw bad(`${at}.${key}`, "expected a non-empty string");
    return v.trim();
  };
  const tuning: AccountSpec["tuning"] = {};
  for (const key of TUNING_KEYS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      throw bad(`${at}.${key}`, "expected a whole number greater than 0");
    }
    tuning[key] = v;
  }
  return {
    name,
    endpoint: text("endpoint"),
    nic: text("nic"),
    description: text("description"),
    credentials: parseCredentials(raw.credentials, `${at}.credentials`, file, bad),
    tuning,
    file,
  };
}

function parseCredentials(
  raw: unknown,
  at: string,
  file: string,
  bad: (where: string, what: string) => Error,
): CredentialSource {
  const how =
    "expected one of `env:` (variable names), `envPrefix:` (a prefix of the OVH_* names) or `ovhConf:` with `section:`";
  if (!isRecord(raw)) throw bad(at, how);
  const kinds = ["env", "envPrefix", "ovhConf"].filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) throw bad(at, kinds.length === 0 ? how : `${kinds.join(" and ")} given: ${how}`);
  const allowed = kinds[0] === "ovhConf" ? ["ovhConf", "section"] : kinds;
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) throw bad(`${at}.${key}`, `unknown key here (${how})`);
  }
  if (raw.env !== undefined) {
    if (!isRecord(raw.env))
      throw bad(`${at}.env`, "expected a mapping such as `consumerKey: EU_OVH_CONSUMER_KEY`");
    const variables: Partial<Record<Field, string>> = {};
    for (const [key, value] of Object.entries(raw.env)) {
      if (!(FIELDS as readonly string[]).includes(key)) {
        throw bad(`${at}.env.${key}`, `unknown key (expected ${FIELDS.join(", ")})`);
      }
      if (typeof value !== "string" || !VAR.test(value)) {
        throw bad(
          `${at}.env.${key}`,
          "expected the NAME of an environment variable, e.g. EU_OVH_CONSUMER_KEY",
        );
      }
      variables[key as Field] = value;
    }
    const signature = ["applicationKey", "applicationSecret", "consumerKey"].filter((k) => k in variables);
    const oauth = ["clientId", "clientSecret"].filter((k) => k in variables);
    if (
      signature.length > 0 === oauth.length > 0 ||
      (signature.length > 0 && signature.length < 3) ||
      oauth.length === 1
    ) {
      throw bad(
        `${at}.env`,
        "name applicationKey, applicationSecret and consumerKey (an application key), or clientId and clientSecret (an OAuth2 service account), not a mix",
      );
    }
    return { kind: "env", variables };
  }
  if (raw.envPrefix !== undefined) {
    if (typeof raw.envPrefix !== "string" || !VAR.test(raw.envPrefix)) {
      throw bad(
        `${at}.envPrefix`,
        "expected a variable-name prefix such as EU_MAIN_ (reads EU_MAIN_OVH_CONSUMER_KEY, …)",
      );
    }
    const prefix = raw.envPrefix;
    const variables = Object.fromEntries(
      FIELDS.map((f) => [f, `${prefix}OVH_${configKeyOf(f).toUpperCase()}`]),
    ) as Record<Field, string>;
    return { kind: "env", variables, prefix };
  }
  if (typeof raw.ovhConf !== "string" || raw.ovhConf.trim() === "") {
    throw bad(`${at}.ovhConf`, "expected the path of an ovh.conf file");
  }
  if (typeof raw.section !== "string" || raw.section.trim() === "") {
    throw bad(`${at}.section`, "expected the ovh.conf section holding this account's credentials");
  }
  const path = raw.ovhConf.trim();
  const expanded = path.startsWith("~/") ? join(homedir(), path.slice(2)) : path;
  return {
    kind: "ovhConf",
    file: isAbsolute(expanded) ? expanded : resolve(dirname(file), expanded),
    section: raw.section.trim(),
  };
}

/** A secret written into the file is refused outright, naming the key but never echoing the value. */
function secretGuard(raw: Record<string, unknown>, at: string, bad: (w: string, m: string) => Error): void {
  const walk = (value: unknown, path: string, underEnv: boolean) => {
    if (!isRecord(value)) return;
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.has(k) && !underEnv) {
        throw bad(
          `${path}.${k}`,
          "the accounts file must not hold secrets: put the value in an environment variable and name that variable under credentials.env (or use an ovh.conf section)",
        );
      }
      walk(v, `${path}.${k}`, underEnv || k === "env");
    }
  };
  walk(raw, at, false);
}

/**
 * The client configuration of an account, by the one rule of the providers (provider/ovh/config.ts)
 * over the layers the account names: the accounts file gives the endpoint and the tuning (the provider
 * block's layer); the credentials come from exactly the variables or the ovh.conf section it names, or,
 * without an accounts file, from OVH_* then ovh.conf. Throws one line naming the account, the
 * accounts file and what is missing (a variable, a file, a section, a key).
 */
export function resolveAccount(spec: AccountSpec, io: CliIo): ResolvedConfig {
  const where = spec.file ? `account ${spec.name} (${spec.file})` : `account ${spec.name}`;
  const fail = (what: string) => externalError(`${where}: ${what}`);
  const account: ExplicitLayer = {
    kind: "provider",
    title: spec.file ? `account ${spec.name} of ${spec.file}` : "the command line",
    name: (field) => field,
    values: { endpoint: spec.endpoint },
    tuning: spec.tuning,
    holdsCredentials: false,
  };
  const c = spec.credentials;
  try {
    if (c.kind === "ambient") return resolveConfig({ layers: [account], env: io.env, cwd: io.cwd });
    if (c.kind === "env") {
      const variables = Object.fromEntries(
        Object.entries(c.variables).map(([field, variable]) => [configKeyOf(field as Field), variable]),
      );
      return resolveConfig({ layers: [account], env: io.env, envVariables: variables, configFiles: [] });
    }
    const text = readText(c.file);
    if (text === undefined) throw fail(`ovh.conf file ${c.file} not found.`);
    const sections = [...parseOvhConf(text, c.file).keys()];
    if (!sections.includes(c.section)) {
      throw fail(
        `ovh.conf file ${c.file} has no [${c.section}] section (it has ${sections.map((s) => `[${s}]`).join(", ") || "none"}).`,
      );
    }
    return resolveConfig({
      layers: [account],
      // No variable holds its credentials; the environment may still set the pace.
      env: io.env,
      envVariables: {},
      configFiles: [c.file],
      configSection: c.section,
    });
  } catch (error) {
    if (error instanceof OvhConfigError) throw fail(error.message);
    throw error;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    if (code === "EISDIR") throw externalError(`${path} is a directory, not a file.`);
    if (code === "EACCES") throw externalError(`${path} cannot be read (permission denied).`);
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
