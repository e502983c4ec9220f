// Translation between Terraform objects and the core's values, attribute paths and the wording of
// the core's messages for Terraform users.
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/terraform/codec.js";
import { registerNames, terraformWords } from "../../provider/terraform/diagnostics.js";
import { inputsOnly } from "../../provider/terraform/resource-type.js";
import { subscriptionSchema, tenantSchema } from "../../provider/terraform/schemas.js";
import {
  attributePath,
  diagnosticPath,
  fromCore,
  hasUnknown,
  inputNames,
  outputNames,
  setIn,
  toCore,
  withInputs,
} from "../../provider/terraform/values.js";

describe("Terraform objects ⇄ core values", () => {
  it("drops nulls, keeps unknowns, camelCases nested attributes and blocks", () => {
    const core = toCore(inputsOnly(tenantSchema), {
      display_name: "ACME",
      mpn_id: UNKNOWN,
      contact: { first_name: "Anna", zip_code: "10115", email: null },
      subdomain: null,
      timeouts: { create: "30m", update: null, delete: null },
      service_name: "ignored: an output",
    });
    expect(core).toEqual({
      displayName: "ACME",
      mpnId: UNKNOWN,
      contact: { firstName: "Anna", zipCode: "10115" },
      timeouts: { create: "30m" },
    });
  });

  it("fills every attribute back, absent as null, ids as strings where declared", () => {
    const tf = fromCore(subscriptionSchema, {
      tenant: "csp2-1",
      license: 42,
      quantity: 3,
      subscriptionId: 7,
    });
    expect(tf).toMatchObject({
      tenant: "csp2-1",
      license: "42",
      quantity: 3,
      subscription_id: 7,
      parent: null,
    });
    expect(Object.keys(tf).sort()).toEqual(
      [
        ...subscriptionSchema.attributes.map((a) => a.name),
        ...subscriptionSchema.blocks.map((b) => b.name),
      ].sort(),
    );
  });

  it("takes inputs from the plan and outputs from the core", () => {
    const merged = withInputs(
      tenantSchema,
      { display_name: "normalised", status: "ok" },
      { display_name: "as written", status: "stale" },
    );
    expect(merged).toMatchObject({ display_name: "as written", status: "ok" });
    expect(inputNames(tenantSchema)).toContain("timeouts");
    expect(outputNames(tenantSchema)).toEqual(
      expect.arrayContaining(["id", "service_name", "status", "has_accepted_new_mca"]),
    );
  });

  it("maps core properties to attribute paths", () => {
    const names = (p: string) =>
      attributePath(tenantSchema, p)?.steps.map((s) => (s as { attribute_name: string }).attribute_name);
    expect(names("contact.zipCode")).toEqual(["contact", "zip_code"]);
    expect(names("timeouts.create")).toEqual(["timeouts", "create"]);
    expect(names("allowTermination")).toEqual(["allow_termination"]);
    expect(names("(inputs)")).toBeUndefined();
  });

  it("gives diagnostics the path as far as engines can find it in HCL (through blocks, up to an attribute)", () => {
    const names = (p: string) =>
      diagnosticPath(tenantSchema, p)?.steps.map((s) => (s as { attribute_name: string }).attribute_name);
    expect(names("contact.email")).toEqual(["contact"]);
    expect(names("contact.zipCode")).toEqual(["contact"]);
    expect(names("timeouts.create")).toEqual(["timeouts", "create"]);
    expect(names("mpnId")).toEqual(["mpn_id"]);
    expect(names("(inputs)")).toBeUndefined();
  });

  it("sets nested values and finds unknowns", () => {
    expect(setIn({ contact: { city: "A" } }, ["contact", "email"], "x")).toEqual({
      contact: { city: "A", email: "x" },
    });
    expect(hasUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(hasUnknown({ a: [1, { b: null }] })).toBe(false);
  });
});

describe("the core's words for Terraform users", () => {
  it("names attributes in snake_case and settings with =", () => {
    registerNames(tenantSchema);
    expect(terraformWords("Set allowTermination: true and apply once.")).toBe(
      "Set allow_termination = true and apply once.",
    );
    expect(terraformWords("or set allowReplacement: true to order")).toBe(
      "or set allow_replacement = true to order",
    );
    expect(terraformWords("adoptServiceName only counts on create")).toBe(
      "adopt_service_name only counts on create",
    );
    expect(terraformWords("the displayNameX stays")).toBe("the displayNameX stays");
  });
});
