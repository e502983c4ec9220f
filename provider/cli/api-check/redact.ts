// What api-check keeps of an answer for a report a user can attach to a public bug report: shapes
// (property names and JSON types), never values; schema violations without the offending value;
// identifiers as placeholders. Values worth keeping (statuses, plan codes, labels, paging headers)
// are picked one by one by the probe, never copied wholesale. Pure.
import type { Violation, ViolationKind } from "../../ovh/schema/index.js";

/** JSON types in place of values: `{a: "x", b: [1, 2]}` → `{a: "string", b: {items: 2, of: "number"}}`. */
export type Shape = string | null | { items: number; of?: Shape } | { [key: string]: Shape };

export function shapeOf(value: unknown): Shape {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return value.length === 0 ? { items: 0 } : { items: value.length, of: shapeOf(value[0]) };
  }
  if (typeof value === "object") {
    const out: Record<string, Shape> = {};
    for (const [key, v] of Object.entries(value)) {
      // IAM tags are a map whose keys are the customer's own words.
      out[key] = key === "tags" && v !== null && typeof v === "object" ? { "<tag>": "string" } : shapeOf(v);
    }
    return out;
  }
  return typeof value;
}

export interface ViolationGroup {
  /** JSON path with list indices folded: `$[*].iam.tags`. */
  at: string;
  kind: ViolationKind;
  /** What the schema expects, without the value found. */
  message: string;
  /** How many elements showed it (a listing of 500 tenants may show one problem 500 times). */
  count: number;
}

/** Violations folded over list elements, with values and map keys left out. */
export function groupViolations(violations: readonly Violation[]): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup>();
  for (const v of violations) {
    const at = v.at.replace(/\[\d+\]/g, "[*]").replace(/\["[^"]*"\]/g, '["<key>"]');
    const message = withoutValue(v);
    const key = `${at}\u0000${v.kind}\u0000${message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { at, kind: v.kind, message, count: 1 });
  }
  return [...groups.values()];
}

/**
 * Type and format messages end with the value found (`expected long; got "abc"`): only its JSON type
 * is kept. Enum messages keep the value: an enum value is a status or a kind, not customer data, and
 * it is what a maintainer needs to add to the models.
 */
function withoutValue(v: Violation): string {
  if (v.kind !== "type" && v.kind !== "format") return v.message;
  const cut = v.message.indexOf("; got ");
  if (cut < 0) return v.message;
  // The validator describes a value as `null`, `an array`, `an object`, `"text"`, `number 5`, `boolean true`.
  const got = v.message.slice(cut + "; got ".length);
  const what = got.startsWith('"')
    ? "a string"
    : got.startsWith("an ") || got === "null"
      ? got
      : `a ${got.split(" ")[0]}`;
  return `${v.message.slice(0, cut)}; got ${what}`;
}

/** Stable placeholders for identifiers (`<tenant-1>`), and a scrubber for any text that may hold them. */
export class Placeholders {
  private readonly names = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** The placeholder of `value` in `kind`, the same each time: `of("tenant", "csp2-1a2b3c4d")` → `<tenant-1>`. */
  of(kind: string, value: string): string {
    const existing = this.names.get(value);
    if (existing) return existing;
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const placeholder = kind === "nic" || kind === "cart" ? `<${kind}>` : `<${kind}-${n}>`;
    this.names.set(value, placeholder);
    return placeholder;
  }

  /** `text` with every identifier seen so far replaced by its placeholder (longest first). */
  scrub(text: string): string {
    let out = text;
    const known = [...this.names.entries()]
      .filter(([v]) => v.length >= 3)
      .sort((a, b) => b[0].length - a[0].length);
    for (const [value, placeholder] of known) out = out.split(value).join(placeholder);
    return out;
  }
}
