// The shapes the pure core hands to front ends: check results and plans. Plain data, no classes, so a
// plan can be logged, snapshotted and compared in tests.
import type { Refusal } from "./errors.js";

/** A value the engine does not know yet (Pulumi preview, Terraform plan). Front ends map theirs to it. */
export const UNKNOWN: unique symbol = Symbol.for("o365-reseller.unknown");
export type Unknown = typeof UNKNOWN;
export const isUnknown = (value: unknown): value is Unknown => value === UNKNOWN;

/** One bad input: the field as a dotted path, the value given, and the rule it breaks. */
export interface CheckFailure {
  property: string;
  value?: unknown;
  reason: string;
}

export interface CheckResult<T> {
  /** The normalised inputs; absent when there are failures. */
  inputs?: T;
  failures: CheckFailure[];
}

export type PlanAction = "noop" | "update" | "replace" | "refuse";

export interface PropertyChange {
  property: string;
  from: unknown;
  to: unknown;
  /**
   * `update`: in place through the API; `replace`: a new object first; `state`: recorded only;
   * `unknown`: the new value is not known yet (the engine learns it when what it refers to is applied),
   * and it forces a replace only if it turns out different. Nothing guesses which.
   */
  effect: "update" | "replace" | "state" | "unknown";
}

export interface Warning {
  code: string;
  property?: string | undefined;
  message: string;
}

export interface Plan {
  action: PlanAction;
  changes: PropertyChange[];
  /** Properties that force the replace (empty unless action is `replace`). */
  replaces: string[];
  /**
   * Properties whose new value is unknown and that would force a replace if it differs once known.
   * Terraform lists them as replace paths (its core then decides, as it does for any unknown);
   * Pulumi's preview shows an update rather than guess a replace.
   */
  maybeReplaces: string[];
  /** Always create-first: the new object exists before the old one is ended. */
  deleteBeforeReplace: false;
  /** An update that touches only the state (allow*, timeouts, adopt*): no API call. */
  stateOnly: boolean;
  refusals: Refusal[];
  warnings: Warning[];
}

/** Builds the plan from per-property changes and refusals: a refusal wins over everything. */
export function makePlan(changes: PropertyChange[], refusals: Refusal[], warnings: Warning[]): Plan {
  const replaces = changes.filter((c) => c.effect === "replace").map((c) => c.property);
  const action: PlanAction =
    refusals.length > 0 ? "refuse" : replaces.length > 0 ? "replace" : changes.length > 0 ? "update" : "noop";
  return {
    action,
    changes,
    replaces: action === "replace" ? replaces : [],
    maybeReplaces: changes.filter((c) => c.effect === "unknown").map((c) => c.property),
    deleteBeforeReplace: false,
    stateOnly: action === "update" && changes.every((c) => c.effect === "state"),
    refusals,
    warnings,
  };
}

/** What a create or a delete will do, for engines that plan them (Terraform; Pulumi's check/preview). */
export interface LifecyclePlan {
  action: "create" | "adopt" | "delete" | "refuse";
  refusals: Refusal[];
  warnings: Warning[];
}

/** What a read found: the refreshed state, or that the object is really gone (own account, 404). */
export type ReadResult<S> = { status: "found"; state: S } | { status: "gone" };
