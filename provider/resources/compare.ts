// Comparing a stored value with a new input: both sides normalised by the field's rule when they can
// be, so that Terraform (which keeps the user's spelling) and Pulumi (which keeps the normalised
// value) plan the same thing.
import { isUnknown } from "./plan.js";
import type { Rule } from "./validate.js";

export function normalised(value: unknown, rule?: Rule<unknown>): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (!rule) return typeof value === "string" ? value.trim() : value;
  const r = rule(value);
  return r.ok ? r.value : value;
}

/** True when the new value differs from the old one (an unknown new value counts as a change). */
export function differs(oldValue: unknown, newValue: unknown, rule?: Rule<unknown>): boolean {
  if (isUnknown(newValue)) return true;
  return normalised(oldValue, rule) !== normalised(newValue, rule);
}

export function sameTimeouts(a: unknown, b: unknown): boolean {
  if (isUnknown(b)) return false;
  const norm = (t: unknown) => {
    if (typeof t !== "object" || t === null) return "{}";
    const r = t as Record<string, unknown>;
    return JSON.stringify([r.create ?? null, r.update ?? null, r.delete ?? null]);
  };
  return norm(a) === norm(b);
}
