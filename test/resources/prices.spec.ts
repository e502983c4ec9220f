import { describe, expect, it } from "vitest";
import type { OptionDefinition } from "../../provider/ovh/models/index.js";
import {
  cents,
  durationMonths,
  licenceKey,
  optionPrices,
  priceOf,
  withFallback,
} from "../../provider/resources/prices.js";

const option = (productName: string, prices: Array<[string, string, number]>): OptionDefinition => ({
  exclusive: false,
  family: "licence",
  mandatory: false,
  planCode: `opt-${licenceKey(productName).replace(/ /g, "-")}`,
  productName,
  productType: "saas_license",
  prices: prices.map(([duration, pricingMode, value]) => ({
    capacities: ["renew"],
    description: "",
    duration,
    interval: 1,
    maximumQuantity: null,
    maximumRepeat: null,
    minimumQuantity: 1,
    minimumRepeat: 1,
    price: { currencyCode: "EUR", priceInUcents: 0, text: `${value} €`, value },
    priceInUcents: 0,
    pricingMode,
    pricingType: "rental",
  })),
});

describe("prices from the cart's licence options", () => {
  it("takes the default pricing mode's price per month, by product name, marked cart", () => {
    const table = optionPrices([
      option("Office 365 E3", [
        ["P1M", "upfront", 20],
        ["P1M", "default", 22.7],
      ]),
      option("Microsoft 365 E5", [["P1Y", "default", 656.4]]),
      option("Exchange Online (Plan 1)", [["P3M", "default", 11.1]]),
      option("Odd", [["PT1H", "default", 1]]),
      option("Unpriced", []),
    ]);
    expect(priceOf(table, { name: "office 365 e3" })).toEqual({
      value: 22.7,
      currency: "EUR",
      source: "cart",
    });
    expect(priceOf(table, { name: "Microsoft 365 E5" })?.value).toBe(54.7);
    expect(priceOf(table, { name: "Exchange Online Plan 1" })?.value).toBe(3.7);
    expect(priceOf(table, { name: "Odd" })).toBeUndefined();
    expect(priceOf(table, { name: "Unpriced" })).toBeUndefined();
  });

  it("reads whole months and years of ISO 8601 durations only", () => {
    expect([
      durationMonths("P1M"),
      durationMonths("P12M"),
      durationMonths("P1Y"),
      durationMonths("P1Y6M"),
    ]).toEqual([1, 12, 12, 18]);
    expect([durationMonths("P0M"), durationMonths("P1D"), durationMonths("1M")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("the cart wins; the file prices what the cart does not", () => {
    const cart = new Map([[licenceKey("A"), { value: 1, currency: "EUR", source: "cart" as const }]]);
    const file = new Map([
      [licenceKey("A"), { value: 9, currency: "EUR", source: "file" as const }],
      [licenceKey("B"), { value: 2, currency: "EUR", source: "file" as const }],
    ]);
    const both = withFallback(cart, file);
    expect(priceOf(both, { name: "a" })).toMatchObject({ value: 1, source: "cart" });
    expect(priceOf(both, { name: "b" })).toMatchObject({ value: 2, source: "file" });
    expect(priceOf(withFallback(undefined, file), { name: "a" })?.source).toBe("file");
  });

  it("licence keys ignore case and punctuation; ids are #id", () => {
    expect(licenceKey("Exchange Online (Plan 1)")).toBe(licenceKey("exchange  online plan 1"));
    expect(licenceKey(5)).toBe("#5");
    expect(licenceKey("5")).toBe("#5");
    const table = new Map([[licenceKey(5), { value: 1, currency: "EUR" }]]);
    expect(priceOf(table, { name: "Unknown", id: 5 })).toEqual({ value: 1, currency: "EUR" });
    expect(priceOf(table, { name: "Unknown" })).toBeUndefined();
    expect(cents(0.1 + 0.2)).toBe(0.3);
  });
});
