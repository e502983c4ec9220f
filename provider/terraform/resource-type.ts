// What the provider's RPCs need of a resource type; each type translates between Terraform objects
// and the core, and asks the core everything else.
import type { OperationContext } from "../resources/index.js";
import type { TfType } from "./codec.js";
import type { Logger } from "./log.js";
import { impliedType, type SchemaSpec } from "./schema-model.js";
import { type TfObject, withInputs } from "./values.js";
import type { Diagnostic } from "./wire.js";

export interface Runtime {
  /** The configured provider's operation context (credentials, progress, cancellation, clock). */
  context(): Promise<OperationContext>;
  logger: Logger;
}

export interface PlanResult {
  planned: TfObject | null;
  /** Attribute name paths whose change forces a replace. */
  requiresReplace: string[][];
  diagnostics: Diagnostic[];
  /** The plan for ApplyResourceChange (private.ts); absent: the prior private bytes are kept. */
  plannedPrivate?: Buffer | undefined;
}

export interface StateResult {
  state: TfObject | null;
  diagnostics: Diagnostic[];
  /** What the read observed, for the next plan of the run (private.ts). */
  private?: Buffer | undefined;
}

export interface ResourceType {
  name: string;
  schema: SchemaSpec;
  type: TfType;
  validate(config: TfObject): Diagnostic[];
  /** A stored state (JSON, this schema's shape or an older one) in the current shape; no API call. */
  upgrade(raw: unknown): TfObject;
  read(rt: Runtime, prior: TfObject): Promise<StateResult>;
  plan(
    rt: Runtime,
    prior: TfObject | null,
    proposed: TfObject | null,
    config: TfObject | null,
    priorPrivate?: Uint8Array,
  ): Promise<PlanResult>;
  apply(
    rt: Runtime,
    prior: TfObject | null,
    planned: TfObject | null,
    config: TfObject | null,
    plannedPrivate?: Uint8Array,
  ): Promise<StateResult>;
  importState(rt: Runtime, id: string): Promise<TfObject>;
}

export interface DataSourceType {
  name: string;
  schema: SchemaSpec;
  type: TfType;
  validate(config: TfObject): Diagnostic[];
  read(rt: Runtime, config: TfObject): Promise<StateResult>;
}

/** The schema with only the attributes and blocks users set (for translating a config). */
export function inputsOnly(schema: SchemaSpec): SchemaSpec {
  return {
    ...schema,
    attributes: schema.attributes.filter((a) => a.required || a.optional),
  };
}

export function typeOf(schema: SchemaSpec): TfType {
  return impliedType(schema);
}

/** Planned state with the given outputs unknown (and every other value as proposed). */
export function withUnknown(proposed: TfObject, names: readonly string[], unknown: symbol): TfObject {
  const out = { ...proposed };
  for (const n of names) out[n] = unknown as never;
  return out;
}

export { withInputs };
