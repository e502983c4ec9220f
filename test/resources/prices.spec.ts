import { describe, expect, it } from "vitest";
import { cents, licenceKey, priceNameCandidates, priceOf } from "../../provider/resources/prices.js";

describe("price names", () => {
  it.each([
    ["Microsoft 365 Business Basic", "BusinessEssentials"],
    ["Microsoft 365 Business Standard", "BusinessPremium"],
    ["Office 365 Business Premium", "BusinessPremium"],
    ["Microsoft 365 Apps for business", "Business"],
    ["Office 365 E3", "EnterpriseE3"],
    ["exchange online (plan 1)", "ExchangeOnlinePlan1"],
    ["Microsoft 365 Apps for enterprise", "ProPlus"],
  ])("%s is priced as %s (the price route's enum predates Microsoft's renames)", (name, price) => {
    expect(priceNameCandidates(name)[0]).toBe(price);
  });

  it("names outside the enum: the compact name, then without a leading Microsoft", () => {
    expect(priceNameCandidates("Microsoft 365 Business Premium")).toEqual(["Microsoft365BusinessPremium"]);
    expect(priceNameCandidates("Microsoft Teams Phone Standard")).toEqual([
      "MicrosoftTeamsPhoneStandard",
      "TeamsPhoneStandard",
    ]);
    expect(priceNameCandidates("Office 365 E3")).toEqual(["EnterpriseE3", "Office365E3"]);
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
