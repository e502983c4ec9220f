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

/**
 * Keys that are not inputs of the resource: each refused by name, with the input meant when one is
 * close (a misspelt input is an error, never ignored). `outputs` are named as such.
 */
export function unknownInputs(
  checker: Checker,
  given: Record<string, unknown>,
  inputs: readonly string[],
  outputs: readonly string[],
  kind: string,
): void {
  for (const key of Object.keys(given)) {
    if (inputs.includes(key) || given[key] === undefined) continue;
    if (outputs.includes(key)) {
      checker.fail(key, undefined, `is an output of the ${kind}, set by the provider; it cannot be given`);
      continue;
    }
    const meant = closest(key, inputs);
    checker.fail(
      key,
      undefined,
      `is not an input of the ${kind}${meant ? `; did you mean ${meant}?` : ""} (inputs: ${inputs.join(", ")})`,
    );
  }
}

/** The name within edit distance 3 of `given` (case-insensitive), if any. */
export function closest(given: string, names: readonly string[]): string | undefined {
  const scored = names
    .map((n) => ({ n, d: editDistance(given.toLowerCase(), n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d);
  return scored[0] && scored[0].d <= 3 ? scored[0].n : undefined;
}

export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
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
