// Pulumi wire values ↔ the core's values. Pulumi hands a dynamic provider plain JSON (secrets already
// unwrapped by the host), with a fixed sentinel string for values not known during a preview; the core
// has its own UNKNOWN symbol. Hidden properties (`__provider`, `__urn`, `__idempotencyKey`) and the
// per-resource `credentials` belong to this front end and never reach the core.
import { isUnknown, UNKNOWN } from "../resources/index.js";

/** The value Pulumi puts in place of an unknown during a preview (sdk/nodejs/runtime/rpc.ts unknownValue). */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Properties of this front end: kept beside the core's state, never shown to it. */
export const HIDDEN_KEYS = ["__provider", "__urn", "__idempotencyKey", "credentials"] as const;

export type Props = Record<string, unknown>;

/** Pulumi unknowns → UNKNOWN, recursively. */
export function fromWire(value: unknown): unknown {
  if (value === PULUMI_UNKNOWN) return UNKNOWN;
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

/**
 * Core values → Pulumi values: UNKNOWN back to the sentinel, undefined and null dropped (a Struct holds
 * no undefined, and an absent optional is not the same input as a null one in Pulumi's own diff).
 */
export function toWire(value: unknown): unknown {
  if (isUnknown(value)) return PULUMI_UNKNOWN;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === "object" && value !== null) {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

/** The core's part of a property bag: everything but the hidden properties. */
export function coreProps(props: Props | undefined): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (!(HIDDEN_KEYS as readonly string[]).includes(k)) out[k] = v;
  }
  return out;
}

/** The hidden properties of a bag, to carry over into what is returned (`__provider` is the host's). */
export function hiddenProps(props: Props | undefined): Props {
  const out: Props = {};
  for (const k of HIDDEN_KEYS) {
    if (k === "__provider") continue;
    const v = props?.[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

/** True when the bag holds an unknown anywhere (Pulumi preview). */
export function hasUnknown(value: unknown): boolean {
  if (value === PULUMI_UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasUnknown);
  return false;
}

/** Stable text of a JSON value (sorted keys), for comparing credentials without caring about key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
