// The native provider's package schema: derived from the core's field metadata, committed as
// sdk/schema.json (a stale file fails here; `npm run sdk:generate` rewrites it and the SDKs, whose own
// staleness the e2e suite checks, as it builds their generator).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STACK_CONFIG_KEYS } from "../../provider/pulumi/session.js";
import {
  PROVIDER_INPUTS,
  packageSchema,
  SUBSCRIPTION_TOKEN,
  TENANT_TOKEN,
} from "../../provider/pulumi-native/schema.js";
import { subscription, tenant } from "../../provider/resources/index.js";
import { SDK_DIR, schemaText } from "../../scripts/pulumi-sdk.js";

const schema = packageSchema("0.0.0-test");

describe("the native provider's package schema", () => {
  it("is what sdk/schema.json holds (run `npm run sdk:generate` after changing a field)", () => {
    expect(readFileSync(join(SDK_DIR, "schema.json"), "utf8")).toBe(schemaText());
  });

  it("declares every input and output of the core's field metadata, with its description", () => {
    for (const [token, fields] of [
      [TENANT_TOKEN, tenant.tenantFields],
      [SUBSCRIPTION_TOKEN, subscription.subscriptionFields],
    ] as const) {
      const spec = schema.resources[token]!;
      for (const f of fields) {
        expect(spec.properties[f.name]?.description, `${token} ${f.name}`).toBe(f.description);
        if (f.role === "input") expect(Object.keys(spec.inputProperties)).toContain(f.name);
        else expect(Object.keys(spec.inputProperties)).not.toContain(f.name);
      }
      expect(spec.requiredInputs).toEqual(
        fields.filter((f) => f.role === "input" && f.required).map((f) => f.name),
      );
    }
  });

  it("types outputs that always exist as required, so they pass as inputs of other resources", () => {
    expect(schema.resources[TENANT_TOKEN]!.required).toEqual(
      expect.arrayContaining([
        "serviceName",
        "status",
        "creationDate",
        "adminPortalUrl",
        "displayName",
        "contact",
      ]),
    );
    expect(schema.resources[TENANT_TOKEN]!.required).not.toContain("ovhAccount");
    expect(schema.resources[SUBSCRIPTION_TOKEN]!.required).toEqual(
      expect.arrayContaining(["subscriptionId", "licenseId", "quantity", "tenant"]),
    );
  });

  it("types whole numbers as integers and a licence as a name or an id", () => {
    const sub = schema.resources[SUBSCRIPTION_TOKEN]!.inputProperties;
    expect(sub.quantity?.type).toBe("integer");
    expect(sub.parent?.type).toBe("integer");
    expect(sub.license?.oneOf).toEqual([{ type: "string" }, { type: "integer" }]);
    expect(schema.types["o365reseller:index:TenantLicense"]?.properties.quantity?.type).toBe("integer");
  });

  it("gives the provider the credential inputs, the secrets marked secret and never outputs", () => {
    const inputs = schema.provider.inputProperties;
    expect(Object.keys(inputs)).toEqual([...PROVIDER_INPUTS]);
    expect(
      Object.entries(inputs)
        .filter(([, p]) => p.secret)
        .map(([k]) => k),
    ).toEqual(["applicationSecret", "consumerKey", "clientSecret"]);
    expect(Object.keys(schema.provider.properties)).not.toContain("applicationSecret");
    expect(Object.keys(schema.config.variables)).toEqual([...PROVIDER_INPUTS]);
  });

  it("has the same settings as the dynamic provider's stack config (whose misspelling check it reuses)", () => {
    expect([...PROVIDER_INPUTS].sort()).toEqual([...STACK_CONFIG_KEYS].sort());
  });
});
