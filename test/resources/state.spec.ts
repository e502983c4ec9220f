import { describe, expect, it } from "vitest";
import { type FieldMeta, subscription, tenant } from "../../provider/resources/index.js";
import { subState, tenantState } from "./fixtures.js";

describe("tenant state upgrade", () => {
  it("reads the current shape unchanged, dropping engine keys", () => {
    const s = tenantState();
    expect(tenant.upgradeTenantState({ ...s, __provider: "serialized" })).toEqual(s);
  });

  it("reads snake_case (Terraform-shaped), flat contact fields, numbers for strings, no version", () => {
    const raw = {
      display_name: "ACME GmbH",
      mpn_id: 1234567,
      first_name: "Anna",
      last_name: "Muster",
      email: "it@acme.example",
      phone: "+49.301234567",
      address: "Hauptstr. 1",
      city: "Berlin",
      zip_code: "10115",
      service_name: "csp2-0000abcd",
      ovh_account: "ab123-ovh",
      order_id: "1001",
    };
    expect(tenant.upgradeTenantState(raw)).toMatchObject({
      schemaVersion: 1,
      displayName: "ACME GmbH",
      mpnId: "1234567",
      contact: { firstName: "Anna", zipCode: "10115" },
      serviceName: "csp2-0000abcd",
      ovhAccount: "ab123-ovh",
      orderId: 1001,
      status: "unknown",
      adminPortalUrl: "https://admin.microsoft.com",
    });
  });

  it("keeps a null order id (an adopted tenant, or a Terraform null) null, never order 0", () => {
    expect(tenant.upgradeTenantState({ ...tenantState(), orderId: null }).orderId).toBeNull();
    expect(tenant.upgradeTenantState({ ...tenantState(), orderId: undefined }).orderId).toBeNull();
  });

  it("refuses what it cannot read, saying what to do", () => {
    expect(() => tenant.upgradeTenantState({ displayName: "x" })).toThrow(
      /serviceName.*remove the resource from the state/s,
    );
    expect(() => tenant.upgradeTenantState({ ...tenantState(), schemaVersion: 2 })).toThrow(
      /newer than this provider/,
    );
    expect(() => tenant.upgradeTenantState("nope")).toThrow(/not an object/);
  });
});

describe("subscription state upgrade", () => {
  it("reads the current shape and older ones (id, service_name, strings)", () => {
    const s = subState();
    expect(subscription.upgradeSubscriptionState(s)).toEqual(s);
    expect(
      subscription.upgradeSubscriptionState({
        id: "100",
        service_name: "csp2-0000abcd",
        license_id: "1",
        license_name: "Microsoft 365 Business Standard",
        quantity: "25",
      }),
    ).toMatchObject({
      tenant: "csp2-0000abcd",
      subscriptionId: 100,
      licenseId: 1,
      license: "Microsoft 365 Business Standard",
      quantity: 25,
    });
  });

  it("resource ids round-trip", () => {
    expect(subscription.subscriptionResourceId(subState())).toBe("csp2-0000abcd/100");
    expect(subscription.parseSubscriptionResourceId("csp2-0000abcd/100")).toEqual({
      tenant: "csp2-0000abcd",
      subscriptionId: 100,
    });
    expect(subscription.parseSubscriptionResourceId("csp2-0000abcd")).toBeUndefined();
  });
});

describe("field metadata", () => {
  const names = (fields: readonly FieldMeta[]) => fields.map((f) => f.name);
  it("lists exactly the DESIGN.md inputs and outputs of each resource", () => {
    expect(names(tenant.tenantFields.filter((f) => f.role === "input"))).toEqual([
      "displayName",
      "mpnId",
      "contact",
      "subdomain",
      "licenses",
      "allowReplacement",
      "allowTermination",
      "adoptServiceName",
      "timeouts",
    ]);
    expect(names(tenant.tenantFields.filter((f) => f.role === "output"))).toEqual([
      "serviceName",
      "status",
      "creationDate",
      "adminPortalUrl",
      "ovhAccount",
      "orderId",
      "hasAcceptedNewMCA",
    ]);
    expect(names(subscription.subscriptionFields.filter((f) => f.role === "input"))).toEqual([
      "tenant",
      "license",
      "quantity",
      "parent",
      "adoptSubscriptionId",
      "timeouts",
    ]);
    expect(names(subscription.subscriptionFields.filter((f) => f.role === "output"))).toEqual([
      "subscriptionId",
      "licenseId",
      "licenseName",
      "status",
      "creationDate",
      "lastUpdate",
      "ovhAccount",
    ]);
  });

  it("matches the diff table: what replaces, what is guarded, what is state only", () => {
    const on = (fields: readonly FieldMeta[], name: string) => fields.find((f) => f.name === name)!.onChange;
    expect(on(tenant.tenantFields, "subdomain")).toBe("guarded");
    expect(on(tenant.tenantFields, "displayName")).toBe("update");
    expect(on(tenant.tenantFields, "allowTermination")).toBe("state");
    expect(on(tenant.tenantFields, "licenses")).toBe("state");
    expect(on(subscription.subscriptionFields, "quantity")).toBe("update");
    expect(on(subscription.subscriptionFields, "license")).toBe("replace");
    expect(on(subscription.subscriptionFields, "tenant")).toBe("replace");
    for (const f of [...tenant.tenantFields, ...subscription.subscriptionFields]) {
      expect(f.description.length).toBeGreaterThan(10);
      if (f.role === "output") expect(f).toMatchObject({ computed: true, onChange: "none" });
    }
  });

  it("every zod input key has metadata", () => {
    expect(Object.keys(tenant.TenantInputsSchema.shape)).toEqual(
      names(tenant.tenantFields.filter((f) => f.role === "input")),
    );
    expect(Object.keys(subscription.SubscriptionInputsSchema.shape)).toEqual(
      names(subscription.subscriptionFields.filter((f) => f.role === "input")),
    );
  });
});
