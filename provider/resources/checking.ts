// A small collector that applies field rules and gathers per-property failures.
import type { CheckFailure } from "./plan.js";
import { isUnknown, type Unknown } from "./plan.js";
import type { TimeoutsInput } from "./timeouts.js";
import { parseDuration } from "./timeouts.js";
import type { Rule } from "./validate.js";

export class Checker {
  readonly failures: CheckFailure[] = [];

  fail(property: string, value: unknown, reason: string): void {
    this.failures.push(value === undefined ? { property, reason } : { property, value, reason });
  }

  /** A required field: absent or null fails; unknown passes through untouched (checked when known). */
  required<T>(property: string, value: unknown, rule: Rule<T>): T | Unknown | undefined {
    if (isUnknown(value)) return value;
    if (value === undefined || value === null) {
      this.fail(property, undefined, "is required");
      return undefined;
    }
    return this.apply(property, value, rule);
  }

  optional<T>(property: string, value: unknown, rule: Rule<T>): T | Unknown | undefined {
    if (isUnknown(value)) return value;
    if (value === undefined || value === null || value === "") return undefined;
    return this.apply(property, value, rule);
  }

  timeouts(property: string, value: unknown): TimeoutsInput | undefined {
    if (isUnknown(value)) return value as unknown as TimeoutsInput;
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(property, value, "must be an object with create, update and/or delete");
      return undefined;
    }
    const out: TimeoutsInput = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      if (key !== "create" && key !== "update" && key !== "delete") {
        this.fail(`${property}.${key}`, v, "is not a timeout: use create, update or delete");
        continue;
      }
      if ((typeof v !== "string" && typeof v !== "number") || parseDuration(v) === undefined) {
        this.fail(
          `${property}.${key}`,
          v,
          'must be a duration such as "30m", "1h", "90s", or a number of seconds > 0',
        );
        continue;
      }
      out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private apply<T>(property: string, value: unknown, rule: Rule<T>): T | undefined {
    const r = rule(value);
    if (r.ok) return r.value;
    this.fail(property, value, r.reason);
    return undefined;
  }
}

/** Reads an object input; anything else is reported once and read as empty. */
export function asRecord(checker: Checker, property: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  checker.fail(property, value, "must be an object");
  return {};
}

/** snake_case → camelCase keys, deep (older or Terraform-shaped states). */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = camelizeKeys(v);
  }
  return out;
}
