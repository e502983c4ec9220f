// A SchemaSpec in the two shapes engines use: the protocol's Schema message (GetProviderSchema) and
// the JSON of `tofu providers schema -json` (the `schema` command, CDKTF's generator).
import type { TfType } from "./codec.js";
import type { AttributeSpec, BlockSpec, SchemaSpec } from "./schema-model.js";
import { dataSourceSchemas, PROVIDER_SOURCE, providerSchema, resourceSchemas } from "./schemas.js";
import { NestingMode, type Schema, type SchemaAttribute, type SchemaBlock, StringKind } from "./wire.js";

const typeBytes = (type: TfType) => Buffer.from(JSON.stringify(type));

function protoAttribute(a: AttributeSpec): SchemaAttribute {
  const base = {
    name: a.name,
    description: a.description,
    description_kind: StringKind.PLAIN,
    required: a.required,
    optional: a.optional,
    computed: a.computed,
    sensitive: a.sensitive,
  };
  if (a.nested) {
    return {
      ...base,
      nested_type: {
        attributes: a.nested.map(protoAttribute),
        nesting: a.nesting === "list" ? NestingMode.LIST : NestingMode.SINGLE,
      },
    };
  }
  return { ...base, type: typeBytes(a.type) };
}

function protoBlock(spec: Pick<SchemaSpec, "attributes" | "blocks" | "description">): SchemaBlock {
  return {
    attributes: spec.attributes.map(protoAttribute),
    block_types: spec.blocks.map((b: BlockSpec) => ({
      type_name: b.name,
      nesting: NestingMode.SINGLE,
      block: protoBlock({ attributes: b.attributes, blocks: [], description: b.description }),
    })),
    description: spec.description,
    description_kind: StringKind.PLAIN,
  };
}

export function toProtoSchema(spec: SchemaSpec): Schema {
  return { version: spec.version, block: { version: spec.version, ...protoBlock(spec) } };
}

// ---- JSON (`providers schema -json`) -----------------------------------------------------------------

type Json = Record<string, unknown>;

function jsonAttribute(a: AttributeSpec): Json {
  const out: Json = {};
  if (a.nested) {
    out.nested_type = {
      attributes: Object.fromEntries(a.nested.map((n) => [n.name, jsonAttribute(n)])),
      nesting_mode: a.nesting ?? "single",
    };
  } else {
    out.type = a.type;
  }
  out.description = a.description;
  out.description_kind = "plain";
  if (a.required) out.required = true;
  if (a.optional) out.optional = true;
  if (a.computed) out.computed = true;
  if (a.sensitive) out.sensitive = true;
  return out;
}

function jsonBlock(spec: Pick<SchemaSpec, "attributes" | "blocks" | "description">): Json {
  const out: Json = {
    attributes: Object.fromEntries(spec.attributes.map((a) => [a.name, jsonAttribute(a)])),
  };
  if (spec.blocks.length > 0) {
    out.block_types = Object.fromEntries(
      spec.blocks.map((b) => [
        b.name,
        {
          nesting_mode: b.nesting,
          block: jsonBlock({ attributes: b.attributes, blocks: [], description: b.description }),
        },
      ]),
    );
  }
  out.description = spec.description;
  out.description_kind = "plain";
  return out;
}

export function toJsonSchema(spec: SchemaSpec): Json {
  return { version: spec.version, block: jsonBlock(spec) };
}

/**
 * The whole provider as `tofu providers schema -json` prints it. The key is the provider's address;
 * engines print it with their default registry host, which this provider does not know, so it is
 * the source address users write unless another is given.
 */
export function providerSchemaJson(address: string = PROVIDER_SOURCE): Json {
  const map = (schemas: Record<string, SchemaSpec>) =>
    Object.fromEntries(
      Object.entries(schemas)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, spec]) => [name, toJsonSchema(spec)]),
    );
  return {
    format_version: "1.0",
    provider_schemas: {
      [address]: {
        provider: toJsonSchema(providerSchema),
        resource_schemas: map(resourceSchemas),
        data_source_schemas: map(dataSourceSchemas),
      },
    },
  };
}
