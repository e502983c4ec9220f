// Translation between Terraform objects (snake_case, every attribute present, null when absent,
// UNKNOWN while not known) and the core's values (camelCase, absent when not set), along a
// SchemaSpec; and between the core's property paths ("contact.email") and attribute paths.
import { isUnknown, type TfValue } from "./codec.js";
import type { AttributeSpec, SchemaSpec } from "./schema-model.js";
import type { AttributePath } from "./wire.js";

export type TfObject = Record<string, TfValue>;
export type CoreObject = Record<string, unknown>;

interface Member {
  name: string;
  coreName: string;
  attributes?: AttributeSpec[];
  attribute?: AttributeSpec;
}

function members(spec: Pick<SchemaSpec, "attributes" | "blocks">): Member[] {
  return [
    ...spec.attributes.map((a) => ({
      name: a.name,
      coreName: a.coreName,
      attribute: a,
      ...(a.nested && a.nesting !== "list" ? { attributes: a.nested } : {}),
    })),
    ...spec.blocks.map((b) => ({ name: b.name, coreName: b.coreName, attributes: b.attributes })),
  ];
}

/** A Terraform object as core values: null → absent, unknown stays UNKNOWN, numbers as numbers. */
export function toCore(spec: Pick<SchemaSpec, "attributes" | "blocks">, value: TfValue): CoreObject {
  const out: CoreObject = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) return out;
  const tf = value as TfObject;
  for (const m of members(spec)) {
    const v = tf[m.name];
    if (v === null || v === undefined) continue;
    if (isUnknown(v)) out[m.coreName] = v;
    else if (m.attributes) out[m.coreName] = toCore({ attributes: m.attributes, blocks: [] }, v);
    else if (m.attribute?.nested && m.attribute.nesting === "list" && Array.isArray(v)) {
      const items = m.attribute.nested;
      out[m.coreName] = v.map((item) =>
        isUnknown(item) ? item : toCore({ attributes: items, blocks: [] }, item),
      );
    } else out[m.coreName] = scalarToCore(v);
  }
  return out;
}

function scalarToCore(v: TfValue): unknown {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(scalarToCore);
  return v;
}

/** Core values as a Terraform object: every attribute present, absent → null, types as declared. */
export function fromCore(spec: Pick<SchemaSpec, "attributes" | "blocks">, value: unknown): TfObject {
  const core = (typeof value === "object" && value !== null ? value : {}) as CoreObject;
  const out: TfObject = {};
  for (const m of members(spec)) {
    const v = core[m.coreName];
    if (v === undefined || v === null) out[m.name] = null;
    else if (isUnknown(v)) out[m.name] = v;
    else if (m.attributes) out[m.name] = fromCore({ attributes: m.attributes, blocks: [] }, v);
    else if (m.attribute?.nested && m.attribute.nesting === "list" && Array.isArray(v)) {
      const items = m.attribute.nested;
      out[m.name] = v.map((item) => fromCore({ attributes: items, blocks: [] }, item));
    } else out[m.name] = scalarFromCore(m.attribute?.type, v);
  }
  return out;
}

function scalarFromCore(type: unknown, v: unknown): TfValue {
  if (type === "string" && (typeof v === "number" || typeof v === "bigint")) return String(v);
  if (type === "number" && typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v as TfValue;
}

/** Names of the attributes (and blocks) the user sets: everything not computed-only. */
export function inputNames(spec: SchemaSpec): string[] {
  return [
    ...spec.attributes.filter((a) => !a.computed || a.optional || a.required).map((a) => a.name),
    ...spec.blocks.map((b) => b.name),
  ];
}

export function outputNames(spec: SchemaSpec): string[] {
  return spec.attributes.filter((a) => a.computed && !a.optional && !a.required).map((a) => a.name);
}

/** `state` with every input attribute taken from `from` (the plan or the config: the user's spelling). */
export function withInputs(spec: SchemaSpec, state: TfObject, from: TfObject): TfObject {
  const out = { ...state };
  for (const name of inputNames(spec)) out[name] = from[name] ?? null;
  return out;
}

/**
 * The attribute path of a core property ("contact.email", "timeouts.create", "allowTermination",
 * "licenses[0].quantity"). Unknown names (e.g. "(inputs)") give no path: the diagnostic is then about
 * the whole resource.
 */
export function attributePath(
  spec: Pick<SchemaSpec, "attributes" | "blocks">,
  property: string | undefined,
): AttributePath | undefined {
  if (!property) return undefined;
  const steps: AttributePath["steps"] = [];
  let scope: Member[] = members(spec);
  for (const part of property.split(".")) {
    const [, name, index] = /^([^[]*)(?:\[(\d+)\])?$/.exec(part) ?? [undefined, part, undefined];
    const m = scope.find((s) => s.coreName === name || s.name === name);
    if (!m) return steps.length > 0 ? { steps } : undefined;
    steps.push({ attribute_name: m.name });
    const nested = m.attributes ?? (m.attribute?.nesting === "list" ? m.attribute.nested : undefined);
    if (index !== undefined) {
      if (m.attribute?.nesting !== "list") return { steps };
      steps.push({ element_key_int: Number(index) });
    }
    scope = nested ? members({ attributes: nested, blocks: [] }) : [];
  }
  return { steps };
}

/**
 * The path a diagnostic about a core property carries: the attribute path as far as an engine can find
 * it in the configuration. OpenTofu and Terraform follow a path through nested blocks only; a step into
 * an attribute's object value (`contact = { email = … }`) finds nothing, and the diagnostic then points
 * at the resource's first line. So the path stops at the attribute holding the value: the engine points
 * at `contact = {`, and the diagnostic's text names the field (contact.email).
 */
export function diagnosticPath(
  spec: Pick<SchemaSpec, "attributes" | "blocks">,
  property: string | undefined,
): AttributePath | undefined {
  const path = attributePath(spec, property);
  if (!path) return undefined;
  const steps: AttributePath["steps"] = [];
  let scope: Member[] = members(spec);
  for (const step of path.steps) {
    const name = (step as { attribute_name: string }).attribute_name;
    const m = scope.find((s) => s.name === name);
    steps.push(step);
    if (!m || m.attribute) break;
    scope = m.attributes ? members({ attributes: m.attributes, blocks: [] }) : [];
  }
  return { steps };
}

/** The Terraform name path of a core property, e.g. "contact.email" → ["contact", "email"]. */
export function tfNames(
  spec: Pick<SchemaSpec, "attributes" | "blocks">,
  property: string,
): string[] | undefined {
  const path = attributePath(spec, property);
  if (!path || path.steps.length !== property.split(".").length) return undefined;
  return path.steps.map((s) => (s as { attribute_name: string }).attribute_name);
}

export function isObject(value: TfValue | undefined): value is TfObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** Reads a nested value by names; undefined when a step is missing or not an object. */
export function getIn(value: TfValue, names: string[]): TfValue | undefined {
  let current: TfValue | undefined = value;
  for (const n of names) {
    if (!isObject(current)) return undefined;
    current = current[n];
  }
  return current;
}

/** Returns a copy of `value` with `names` set to `v` (objects along the way copied). */
export function setIn(value: TfObject, names: string[], v: TfValue): TfObject {
  const [head, ...rest] = names;
  if (head === undefined) return value;
  if (rest.length === 0) return { ...value, [head]: v };
  const inner = value[head];
  return { ...value, [head]: setIn(isObject(inner) ? inner : {}, rest, v) };
}

/**
 * Copies the values of the changed properties (the core's dotted names) from `source` into
 * `target`: a refresh takes what really changed remotely and keeps the user's spelling elsewhere.
 */
export function takeChanges(
  spec: Pick<SchemaSpec, "attributes" | "blocks">,
  target: TfObject,
  source: TfObject,
  changes: ReadonlyArray<{ property: string }>,
): TfObject {
  let out = target;
  for (const c of changes) {
    const names = tfNames(spec, c.property);
    if (names) out = setIn(out, names, getIn(source, names) ?? null);
  }
  return out;
}

/** True when the object (deeply) holds an unknown value. */
export function hasUnknown(value: TfValue | undefined): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (isObject(value)) return Object.values(value).some(hasUnknown);
  return false;
}
