// What both resource handlers share: the Pulumi method shapes, check failures, progress lines, and the
// outputs/inputs a handler returns (the core's state plus this front end's hidden properties).

import { type MachineFacts, noFacts } from "../ovh/machine-facts.js";
import type { CheckFailure, Plan, Refusal } from "../resources/index.js";
import { log } from "./engine-log.js";
import { ProviderError } from "./errors.js";
import {
  contextFor,
  credentialProblems,
  credentialsInput,
  credentialsProblem,
  factsAbout,
} from "./session.js";
import { hasUnknown, hiddenProps, type Props, stableJson, toWire } from "./wire.js";

export type { Props };

export interface CheckResult {
  inputs?: Props;
  failures?: { property: string; reason: string }[];
}
export interface DiffResult {
  changes?: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}
export interface CreateResult {
  id: string;
  outs?: Props;
}
export interface ReadResult {
  id?: string;
  props?: Props;
  inputs?: Props;
}
export interface UpdateResult {
  outs?: Props;
}

/** The provider methods of one resource kind, on wire values. */
export interface Handler {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<CreateResult>;
  read(id: string, props: Props): Promise<ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * A core check failure as Pulumi shows it ("property X value {…} has a problem: REASON"). The engine
 * looks the value up by top-level name only, so the value of a nested field goes into the reason.
 */
export function toFailure(f: CheckFailure): { property: string; reason: string } {
  const nested = f.property.includes(".") && f.value !== undefined;
  return {
    property: f.property,
    reason: nested ? `${f.reason} (given: ${JSON.stringify(f.value)})` : f.reason,
  };
}

/** The `credentials` input checked for shape (failures name fields, never values). */
export function credentialFailures(news: Props): { property: string; reason: string }[] {
  if (hasUnknown(news.credentials)) return [];
  const shape = credentialProblems(news.credentials);
  if (shape.length > 0) return shape;
  // No property: the engine then shows the reason alone ("… has a problem: No OVHcloud credentials …").
  const problem = credentialsProblem(credentialsInput(news.credentials));
  return problem ? [{ property: "", reason: problem }] : [];
}

export function urnOf(props: Props | undefined): string | undefined {
  const urn = props?.__urn;
  return typeof urn === "string" && urn.startsWith("urn:") ? urn : undefined;
}

/** The operation context for a property bag's credentials, with progress lines on the resource. */
export function contextOf(props: Props) {
  const urn = urnOf(props);
  return contextFor(credentialsInput(props.credentials), (message) => {
    void log("info", message, urn);
  });
}

/** What the processes of this machine know about this resource, for its credentials (plans.ts). */
export function factsOf(props: Props): MachineFacts {
  const urn = urnOf(props);
  return urn ? factsAbout(credentialsInput(props.credentials), urn) : noFacts;
}

/** Warnings of a plan, shown at preview on the resource. */
export async function showWarnings(plan: { warnings: Plan["warnings"] }, props: Props): Promise<void> {
  for (const w of plan.warnings) await log("warning", w.message, urnOf(props));
}

/** A refused plan as the one error a preview shows; nothing has been changed. */
export function refused(plan: { refusals: Refusal[]; failures?: CheckFailure[] }): ProviderError {
  const lines = [
    ...plan.refusals.map((r) => r.message),
    ...(plan.failures ?? []).map((f) => {
      const { property, reason } = toFailure(f);
      return `${property} ${reason}.`;
    }),
  ];
  return new ProviderError(lines.join(" "), plan.refusals[0]?.code ?? "INVALID_INPUT");
}

/** A create plan's refusals and bad inputs as check failures, each on its property. */
export function planFailures(
  plan: { refusals: Refusal[]; failures: CheckFailure[] },
  fallback: string,
): { property: string; reason: string }[] {
  return [
    ...plan.refusals.map((r) => ({ property: r.property ?? fallback, reason: r.message })),
    ...plan.failures.map(toFailure),
  ];
}

/** Stored outputs: the core's state, plus the hidden properties of the bag it came from. */
export function outputsOf(state: object, from: Props): Props {
  return { ...(toWire(state) as Props), ...hiddenProps(from) };
}

/**
 * The outputs recorded for a create that failed after the object came to exist. The host sends them
 * as they are (no `__provider` added, unlike a successful create), and refresh or destroy of the
 * half-created resource need it: it is carried over here.
 */
export function partialOutputsOf(state: object, inputs: Props): Props {
  return { ...outputsOf(state, inputs), __provider: inputs.__provider };
}

/** Inputs for the engine after a read: the core's inputs of the state, plus the hidden properties. */
export function inputsOf(inputs: object, from: Props): Props {
  return { ...(toWire(inputs) as Props), ...hiddenProps(from) };
}

/** A change of the `credentials` input only: recorded in the state, no API call. */
export function credentialsChanged(olds: Props, news: Props): boolean {
  return stableJson(olds.credentials ?? null) !== stableJson(news.credentials ?? null);
}
