// The Terraform view of the core's field metadata: snake_case names, Terraform types, required /
// optional / computed, nested attributes and the `timeouts` block. Everything here is derived from
// FieldMeta; the only Terraform-specific additions are the conventional `id` attribute and the
// provider block (the OVHcloud credentials, as the config resolver reads them).
import type { FieldMeta } from "../resources/fields.js";
import type { TfType } from "./codec.js";

export interface AttributeSpec {
  /** snake_case, as users write it in HCL. */
  name: string;
  /** The core's camelCase name. */
  coreName: string;
  type: TfType;
  /** A nested attribute: its attributes, and whether it holds one object or a list of them. */
  nested?: AttributeSpec[];
  nesting?: "single" | "list";
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  description: string;
}

export interface BlockSpec {
  name: string;
  coreName: string;
  /** Only SINGLE blocks are used (`timeouts { … }`). */
  nesting: "single";
  attributes: AttributeSpec[];
  description: string;
}

export interface SchemaSpec {
  version: number;
  description: string;
  attributes: AttributeSpec[];
  blocks: BlockSpec[];
}

/** camelCase → snake_case, acronyms kept whole: hasAcceptedNewMCA → has_accepted_new_mca. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

const SCALAR: Record<Exclude<FieldMeta["type"], "object" | "list">, TfType> = {
  string: "string",
  number: "number",
  boolean: "bool",
};

export interface DeriveOptions {
  /** Fields that become SINGLE blocks instead of attributes (Terraform's convention for timeouts). */
  blocks?: readonly string[];
  /** Make every field computed (data sources): inputs are then listed apart. */
  allComputed?: boolean;
}

export function attributeFrom(field: FieldMeta, options: DeriveOptions = {}): AttributeSpec {
  const computedOnly = options.allComputed === true || field.role === "output";
  const nested =
    field.type === "object" || field.type === "list"
      ? (field.fields ?? []).map((f) => attributeFrom(f, options))
      : undefined;
  const object: TfType | undefined = nested
    ? ["object", Object.fromEntries(nested.map((a) => [a.name, a.type]))]
    : undefined;
  const type: TfType = object
    ? field.type === "list"
      ? ["list", object]
      : object
    : SCALAR[field.type as Exclude<FieldMeta["type"], "object" | "list">];
  return {
    name: snakeCase(field.name),
    coreName: field.name,
    type,
    ...(nested ? { nested, nesting: field.type === "list" ? ("list" as const) : ("single" as const) } : {}),
    required: !computedOnly && field.required,
    optional: !computedOnly && !field.required,
    computed: computedOnly || field.computed,
    sensitive: field.sensitive,
    description: field.description,
  };
}

export function schemaFrom(
  fields: readonly FieldMeta[],
  description: string,
  options: DeriveOptions & { extra?: AttributeSpec[]; version?: number } = {},
): SchemaSpec {
  const blockNames = new Set(options.blocks ?? []);
  const attributes: AttributeSpec[] = [...(options.extra ?? [])];
  const blocks: BlockSpec[] = [];
  for (const field of fields) {
    if (blockNames.has(field.name)) {
      blocks.push({
        name: snakeCase(field.name),
        coreName: field.name,
        nesting: "single",
        attributes: (field.fields ?? []).map((f) => attributeFrom(f, options)),
        description: field.description,
      });
    } else {
      attributes.push(attributeFrom(field, options));
    }
  }
  return { version: options.version ?? 1, description, attributes, blocks };
}

/** The object type of a whole schema (what DynamicValues of it carry). */
export function impliedType(schema: Pick<SchemaSpec, "attributes" | "blocks">): TfType {
  const members: Record<string, TfType> = {};
  for (const a of schema.attributes) members[a.name] = a.type;
  for (const b of schema.blocks) members[b.name] = impliedType({ attributes: b.attributes, blocks: [] });
  return ["object", members];
}

export function computedAttribute(name: string, type: TfType, description: string): AttributeSpec {
  return {
    name: snakeCase(name),
    coreName: name,
    type,
    required: false,
    optional: false,
    computed: true,
    sensitive: false,
    description,
  };
}

/** A computed list of objects described attribute by attribute (data source results). */
export function computedList(name: string, items: AttributeSpec[], description: string): AttributeSpec {
  const object: TfType = ["object", Object.fromEntries(items.map((a) => [a.name, a.type]))];
  return { ...computedAttribute(name, ["list", object], description), nested: items, nesting: "list" };
}

export function inputAttribute(
  name: string,
  type: TfType,
  description: string,
  extra: Partial<Pick<AttributeSpec, "required" | "sensitive">> = {},
): AttributeSpec {
  const required = extra.required ?? false;
  return {
    name: snakeCase(name),
    coreName: name,
    type,
    required,
    optional: !required,
    computed: false,
    sensitive: extra.sensitive ?? false,
    description,
  };
}
