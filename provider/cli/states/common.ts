// Shared by the readers of state files and plan files: reading JSON with one-line errors naming the
// file, telling a tenant's fields from a subscription's, and unwrapping engine encodings (Pulumi
// secrets, Terraform single-element blocks) before the core's upgrade functions read a state.
import { readFileSync } from "node:fs";
import { externalError } from "../lib/errors.js";

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw externalError(`${what} ${file} not found.`);
    if (code === "EISDIR") throw externalError(`${what} ${file} is a directory, not a file.`);
    throw externalError(`${what} ${file} cannot be read (${code ?? String(error)}).`);
  }
  if (text.trim() === "") throw externalError(`${file}: the file is empty; expected JSON.`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw externalError(`${file}: not valid JSON (${(error as Error).message}).`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Which of our resources a Pulumi resource is: by its type token when the provider names one
 * (`pulumi-nodejs:dynamic/o365reseller:Tenant`), else by its fields (the default dynamic type
 * `pulumi-nodejs:dynamic:Resource`). Undefined: not ours.
 */
export function pulumiKind(
  type: string,
  fields: Record<string, unknown>,
): "tenant" | "subscription" | undefined {
  if (!type.startsWith("pulumi-nodejs:dynamic")) return undefined;
  if (/\/o365reseller:Tenant$/.test(type)) return "tenant";
  if (/\/o365reseller:Subscription$/.test(type)) return "subscription";
  return kindOf(fields);
}

/** Which of our resources a set of (camelCase) fields describes, if any. */
export function kindOf(fields: Record<string, unknown>): "tenant" | "subscription" | undefined {
  const has = (k: string) => fields[k] !== undefined && fields[k] !== null;
  if (
    has("subscriptionId") ||
    has("adoptSubscriptionId") ||
    (has("license") && has("quantity") && has("tenant"))
  ) {
    return "subscription";
  }
  if (has("adoptServiceName") || (has("displayName") && (has("contact") || has("mpnId")))) return "tenant";
  if (has("serviceName") && has("adminPortalUrl")) return "tenant";
  return undefined;
}

// Pulumi's secret envelope (sdk/go/common/resource/sig): {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext | plaintext}.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Decodes `--show-secrets` plaintext; encrypted values become undefined and their paths are listed. */
export function unwrapPulumiSecrets(value: unknown, path = "", encrypted: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapPulumiSecrets(v, `${path}[${i}]`, encrypted));
  if (!isRecord(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG) {
    if (typeof value.plaintext === "string") {
      try {
        return unwrapPulumiSecrets(JSON.parse(value.plaintext), path, encrypted);
      } catch {
        return value.plaintext;
      }
    }
    encrypted.push(path || "(value)");
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = unwrapPulumiSecrets(v, path ? `${path}.${k}` : k, encrypted);
  }
  return out;
}

/** Terraform blocks with nesting "list"/"set" of one (contact, timeouts) read as objects; null dropped. */
export function unwrapBlocks(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (v === null) continue;
    out[k] = Array.isArray(v) && v.length <= 1 && (k === "contact" || k === "timeouts") ? v[0] : v;
  }
  return out;
}

/** snake_case → camelCase keys, recursively (the engines' Terraform shape to the core's). */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelize(v);
  }
  return out;
}

export const TF_TENANT = "o365reseller_tenant";
export const TF_SUBSCRIPTION = "o365reseller_subscription";

/** `module.a.o365reseller_tenant.x["k"]` from the parts of a state v4 resource. */
export function terraformAddress(
  r: { module?: unknown; type: string; name: string },
  indexKey?: unknown,
): string {
  const base = `${typeof r.module === "string" && r.module !== "" ? `${r.module}.` : ""}${r.type}.${r.name}`;
  if (indexKey === undefined || indexKey === null) return base;
  return `${base}[${typeof indexKey === "number" ? indexKey : JSON.stringify(indexKey)}]`;
}

/** The version of a format that reads major.minor: "1.2" → 1. */
export function majorOf(version: unknown): number | undefined {
  if (typeof version !== "string") return undefined;
  const m = /^(\d+)\./.exec(version);
  return m ? Number(m[1]) : undefined;
}
