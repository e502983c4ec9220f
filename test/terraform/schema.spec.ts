// The provider schema derived from the core's field metadata: snapshot (reviewed by hand) and rules.
import { describe, expect, it } from "vitest";
import { snakeCase } from "../../provider/terraform/schema-model.js";
import { providerSchemaJson, toProtoSchema } from "../../provider/terraform/schema-wire.js";
import {
  dataSourceSchemas,
  providerSchema,
  resourceSchemas,
  subscriptionSchema,
  tenantSchema,
} from "../../provider/terraform/schemas.js";

type JsonBlock = {
  attributes: Record<string, Record<string, unknown>>;
  block_types?: Record<string, { block: JsonBlock; nesting_mode: string }>;
  description: string;
};

function* attributes(block: JsonBlock, prefix = ""): Generator<[string, Record<string, unknown>]> {
  for (const [name, a] of Object.entries(block.attributes)) {
    yield [`${prefix}${name}`, a];
    const nested = a.nested_type as { attributes: JsonBlock["attributes"] } | undefined;
    if (nested) yield* attributes({ attributes: nested.attributes, description: "" }, `${prefix}${name}.`);
  }
  for (const [name, b] of Object.entries(block.block_types ?? {}))
    yield* attributes(b.block, `${prefix}${name}.`);
}

const json = providerSchemaJson() as {
  provider_schemas: Record<
    string,
    Record<string, Record<string, { block: JsonBlock }> | { block: JsonBlock }>
  >;
};
const provider = json.provider_schemas["o365-reseller/o365reseller"]!;

describe("provider schema", () => {
  it("matches the reviewed snapshot", async () => {
    await expect(`${JSON.stringify(providerSchemaJson(), null, 2)}\n`).toMatchFileSnapshot(
      "./__snapshots__/provider-schema.json",
    );
  });

  it("names resources and data sources as DESIGN.md does", () => {
    expect(Object.keys(provider.resource_schemas!)).toEqual([
      "o365reseller_subscription",
      "o365reseller_tenant",
    ]);
    expect(Object.keys(provider.data_source_schemas!)).toEqual([
      "o365reseller_licenses",
      "o365reseller_tenant",
    ]);
  });

  it("describes every attribute and uses snake_case names", () => {
    const blocks: JsonBlock[] = [
      (provider.provider as { block: JsonBlock }).block,
      ...Object.values(provider.resource_schemas as Record<string, { block: JsonBlock }>).map((s) => s.block),
      ...Object.values(provider.data_source_schemas as Record<string, { block: JsonBlock }>).map(
        (s) => s.block,
      ),
    ];
    for (const block of blocks) {
      expect(block.description.length).toBeGreaterThan(20);
      for (const [name, a] of attributes(block)) {
        expect(name).toMatch(/^[a-z][a-z0-9_.]*$/);
        expect(String(a.description ?? "").length, name).toBeGreaterThan(3);
        expect(Boolean(a.required) || Boolean(a.optional) || Boolean(a.computed), name).toBe(true);
      }
    }
  });

  it("marks the provider's secrets sensitive", () => {
    const attrs = (provider.provider as { block: JsonBlock }).block.attributes;
    expect(Object.keys(attrs)).toEqual([
      "endpoint",
      "application_key",
      "application_secret",
      "consumer_key",
      "client_id",
      "client_secret",
    ]);
    const sensitive = Object.entries(attrs)
      .filter(([, a]) => a.sensitive)
      .map(([n]) => n);
    expect(sensitive).toEqual(["application_secret", "consumer_key", "client_secret"]);
  });

  it("has the tenant's inputs, outputs, contact object and timeouts block", () => {
    const block = (provider.resource_schemas as Record<string, { block: JsonBlock }>).o365reseller_tenant!
      .block;
    const required = Object.entries(block.attributes)
      .filter(([, a]) => a.required)
      .map(([n]) => n);
    expect(required).toEqual(["display_name", "mpn_id", "contact"]);
    expect(block.attributes.has_accepted_new_mca).toMatchObject({ type: "bool", computed: true });
    expect(block.attributes.order_id).toMatchObject({ type: "number", computed: true });
    expect(block.attributes.contact!.nested_type).toMatchObject({ nesting_mode: "single" });
    expect(block.block_types?.timeouts).toMatchObject({ nesting_mode: "single" });
    expect(Object.keys(block.block_types!.timeouts!.block.attributes)).toEqual([
      "create",
      "update",
      "delete",
    ]);
  });

  it("has the subscription's inputs and outputs", () => {
    const block = (provider.resource_schemas as Record<string, { block: JsonBlock }>)
      .o365reseller_subscription!.block;
    const inputs = Object.entries(block.attributes)
      .filter(([, a]) => !a.computed)
      .map(([n]) => n);
    expect(inputs).toEqual(["tenant", "license", "quantity", "parent", "adopt_subscription_id"]);
    expect(block.attributes.license).toMatchObject({ type: "string", required: true });
    expect(block.attributes.quantity).toMatchObject({ type: "number", required: true });
  });

  it("lists licences with id, name, type, limit and price", () => {
    const block = (provider.data_source_schemas as Record<string, { block: JsonBlock }>)
      .o365reseller_licenses!.block;
    const nested = block.attributes.licenses!.nested_type as {
      attributes: Record<string, unknown>;
      nesting_mode: string;
    };
    expect(nested.nesting_mode).toBe("list");
    expect(Object.keys(nested.attributes)).toEqual(
      expect.arrayContaining(["id", "name", "type", "limit", "price", "currency"]),
    );
  });

  it("gives the protocol the same schema, versioned 1 for resources", () => {
    for (const [name, spec] of Object.entries({ ...resourceSchemas })) {
      const proto = toProtoSchema(spec);
      expect(proto.version, name).toBe(1);
      expect(proto.block.attributes.map((a) => a.name)).toEqual(spec.attributes.map((a) => a.name));
      for (const a of proto.block.attributes) {
        if (a.nested_type) expect(a.type).toBeUndefined();
        else
          expect(JSON.parse(a.type!.toString())).toEqual(
            spec.attributes.find((s) => s.name === a.name)!.type,
          );
      }
    }
    expect(toProtoSchema(providerSchema).version).toBe(0);
    expect(Object.keys(dataSourceSchemas)).toHaveLength(2);
    expect(tenantSchema.blocks.map((b) => b.name)).toEqual(["timeouts"]);
    expect(subscriptionSchema.attributes.find((a) => a.name === "id")?.computed).toBe(true);
  });

  it("snake_cases acronyms whole", () => {
    expect(snakeCase("hasAcceptedNewMCA")).toBe("has_accepted_new_mca");
    expect(snakeCase("adoptSubscriptionId")).toBe("adopt_subscription_id");
    expect(snakeCase("mpnId")).toBe("mpn_id");
  });
});
