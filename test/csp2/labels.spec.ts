import { describe, expect, it } from "vitest";
import {
  choosePlan,
  normalizeLabel,
  planConfiguration,
  type TenantConfiguration,
} from "../../provider/csp2/index.js";
import {
  OvhOperationError,
  type ProductDefinition,
  type RequiredConfiguration,
} from "../../provider/ovh/index.js";

const CONFIG: TenantConfiguration = {
  mpnId: "1234567",
  displayName: "Contoso",
  contact: {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    phone: "+33.123456789",
    address: "1 rue X",
    city: "Lille",
    zipCode: "59000",
  },
};
const label = (name: string, required = true): RequiredConfiguration => ({
  fields: null,
  label: name,
  required,
  type: "string",
});

describe("normalizeLabel", () => {
  it("ignores case and punctuation", () => {
    expect(normalizeLabel("Zip-Code")).toBe("zipcode");
    expect(normalizeLabel("zip_code")).toBe("zipcode");
    expect(normalizeLabel("MPN ID")).toBe("mpnid");
    expect(normalizeLabel("subDomain")).toBe("subdomain");
  });
});

describe("planConfiguration", () => {
  it("maps each label to the field of the same name", () => {
    const labels = [
      "mpnId",
      "DISPLAY_NAME",
      "firstName",
      "last-name",
      "email",
      "phone",
      "address",
      "city",
      "zip code",
    ];
    const plan = planConfiguration([...labels.map((l) => label(l)), label("subDomain", false)], CONFIG);
    expect(plan.send.map((s) => [s.label, s.value])).toEqual([
      ["mpnId", "1234567"],
      ["DISPLAY_NAME", "Contoso"],
      ["firstName", "Ada"],
      ["last-name", "Lovelace"],
      ["email", "ada@example.com"],
      ["phone", "+33.123456789"],
      ["address", "1 rue X"],
      ["city", "Lille"],
      ["zip code", "59000"],
    ]);
  });

  it("sends the optional sub-domain when given", () => {
    const plan = planConfiguration([label("subDomain", false)], { ...CONFIG, subdomain: "contoso" });
    expect(plan.send).toEqual([{ label: "subDomain", value: "contoso", field: "subdomain" }]);
  });

  it("refuses, naming them, required labels it does not know; skips unknown optional ones", () => {
    expect(() =>
      planConfiguration([label("mpnId"), label("vatNumber"), label("Company Name")], CONFIG),
    ).toThrow(/asks for "vatNumber", "Company Name", which o365r cannot fill.*nothing was sent/);
    expect(planConfiguration([label("mpnId"), label("newsletter", false)], CONFIG).skipped).toEqual([
      "newsletter",
    ]);
  });

  it("refuses a required label with no value", () => {
    expect(() => planConfiguration([label("subDomain")], CONFIG)).toThrow(OvhOperationError);
    expect(() => planConfiguration([label("subDomain")], CONFIG)).toThrow(/requires subDomain \(subdomain\)/);
  });
});

describe("choosePlan", () => {
  const plan = (planCode: string, modes: string[] = ["default"]): ProductDefinition => ({
    planCode,
    productName: "CSP2",
    productType: "saas_license",
    prices: modes.map((pricingMode, i) => ({
      capacities: ["installation", "renew"],
      description: "",
      duration: i === 0 ? "P1M" : "P1Y",
      interval: 1,
      maximumQuantity: 1,
      maximumRepeat: null,
      minimumQuantity: 1,
      minimumRepeat: 1,
      price: { currencyCode: "EUR", priceInUcents: 0, text: "0.00 €", value: 0 },
      priceInUcents: 0,
      pricingMode,
      pricingType: "rental",
    })),
  });

  it("takes the only plan, with its default pricing mode", () => {
    expect(choosePlan([plan("csp2-tenant", ["upfront12", "default"])])).toEqual({
      planCode: "csp2-tenant",
      duration: "P1Y",
      pricingMode: "default",
    });
  });

  it("needs planCode among several, and refuses an unknown one", () => {
    expect(() => choosePlan([plan("a"), plan("b")])).toThrow(/several CSP2 plans \(a, b\)/);
    expect(choosePlan([plan("a"), plan("b")], "b").planCode).toBe("b");
    expect(() => choosePlan([plan("a")], "z")).toThrow(/no CSP2 plan "z"; it offers a/);
    expect(() => choosePlan([])).toThrow(/offers no CSP2 plan/);
  });
});
