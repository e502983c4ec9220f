// Diagnostics from the core's refusals, warnings, check failures and errors: the core's words, with
// the attribute path of the property they are about, so the engine points at the line in the config.
import { OvhConfigError } from "../ovh/errors.js";
import type { CheckFailure, Refusal, Warning } from "../resources/index.js";
import { PartialCreateError, ResourceError } from "../resources/index.js";
import { CodecError } from "./codec.js";
import type { SchemaSpec } from "./schema-model.js";
import { diagnosticPath } from "./values.js";
import { type Diagnostic, Severity } from "./wire.js";

type Scope = Pick<SchemaSpec, "attributes" | "blocks">;

/**
 * The core's messages name inputs as Pulumi programs write them (allowTermination: true); Terraform
 * users write snake_case attributes (allow_termination = true). Only whole known names are changed.
 */
const CORE_NAMES = new Map<string, string>();
export function registerNames(scope: Scope): void {
  const visit = (attrs: Scope["attributes"]) => {
    for (const a of attrs) {
      if (a.coreName !== a.name) CORE_NAMES.set(a.coreName, a.name);
      if (a.nested) visit(a.nested);
    }
  };
  visit(scope.attributes);
  for (const b of scope.blocks) visit(b.attributes);
}

export function terraformWords(message: string): string {
  let out = message.replace(/\b([a-z]+[A-Z][A-Za-z]*): (true|false)\b/g, "$1 = $2");
  for (const [core, tf] of CORE_NAMES) out = out.replace(new RegExp(`\\b${core}\\b`, "g"), tf);
  return out;
}

/** Summary: the first sentence; detail: the rest (or all of it when it is one sentence). */
function split(message: string): { summary: string; detail: string } {
  const text = terraformWords(message);
  const m = /^(.+?[.!?])(\s+|$)/.exec(text);
  if (!m) return { summary: text, detail: "" };
  const rest = text.slice(m[0].length).trim();
  return { summary: m[1]!.replace(/\.$/, ""), detail: rest === "" ? text : rest };
}

function withPath(d: Diagnostic, scope: Scope | undefined, property: string | undefined): Diagnostic {
  const path = scope ? diagnosticPath(scope, property) : undefined;
  return path ? { ...d, attribute: path } : d;
}

export function error(summary: string, detail = ""): Diagnostic {
  return { severity: Severity.ERROR, summary, detail };
}

export function warning(summary: string, detail = ""): Diagnostic {
  return { severity: Severity.WARNING, summary, detail };
}

/**
 * On every replace plan: the engine, not the provider, decides whether the new object comes first
 * (lifecycle create_before_destroy), and the provider cannot see that setting. So the note states what
 * each setting does, true whether or not the resource sets it, and never claims which one is in force.
 */
export function replacementOrderNote(kind: "tenant" | "subscription"): Diagnostic {
  const cbd =
    kind === "tenant"
      ? "the new tenant is ordered first and the old one then ends at its expiry date, so the customer has a tenant throughout"
      : "the new subscription is ordered first and the old one then cancelled, so the customer keeps licences throughout";
  const dbc =
    kind === "tenant"
      ? "the old tenant is ended (at its expiry date) before the new one is ordered"
      : "the old subscription is cancelled before the new one is ordered";
  return warning(
    `This ${kind} is replaced: the order follows lifecycle create_before_destroy`,
    `With lifecycle { create_before_destroy = true } on this resource, ${cbd}; without it, ${dbc}. The provider cannot see that setting, so this note appears either way: check the resource's lifecycle block.`,
  );
}

export function fromCheckFailures(
  failures: CheckFailure[],
  scope: Scope,
  snake: (p: string) => string,
): Diagnostic[] {
  return failures.map((f) => {
    const shown = f.value === undefined ? "" : ` (got ${JSON.stringify(f.value)})`;
    return withPath(
      error(`Invalid ${snake(f.property)}`, `${snake(f.property)} ${f.reason}${shown}.`),
      scope,
      f.property,
    );
  });
}

export function fromRefusals(refusals: Refusal[], scope: Scope): Diagnostic[] {
  return refusals.map((r) => {
    const { summary, detail } = split(r.message);
    return withPath(error(summary, detail), scope, r.property);
  });
}

export function fromWarnings(warnings: Warning[], scope: Scope): Diagnostic[] {
  return warnings.map((w) => {
    const { summary, detail } = split(w.message);
    return withPath(warning(summary, detail), scope, w.property);
  });
}

/** Any error of an operation as one diagnostic. Unexpected errors keep their message, never a stack. */
export function fromError(err: unknown, scope?: Scope): Diagnostic {
  if (err instanceof PartialCreateError) {
    return withPath(
      error(terraformWords(err.what), terraformWords(`${err.why} ${err.todo}`.trim())),
      scope,
      err.property,
    );
  }
  if (err instanceof ResourceError) {
    const { summary, detail } = split(err.message);
    return withPath(error(summary, detail), scope, err.property);
  }
  if (err instanceof OvhConfigError) {
    return error("The OVHcloud credentials cannot be used", err.message);
  }
  if (err instanceof CodecError) {
    return error("The provider could not read a value the engine sent", err.message);
  }
  const message = err instanceof Error ? err.message : String(err);
  return error("Unexpected error in the o365reseller provider", message);
}
