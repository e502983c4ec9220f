import { describe, expect, it } from "vitest";
import { OvhConfigError, OvhInputError } from "../../provider/ovh/errors.js";
import {
  isForbidden,
  mayHaveApplied,
  parseDuration,
  subscription,
  tenant,
  timeoutMs,
  UNKNOWN,
} from "../../provider/resources/index.js";
import { LICENCES } from "./fake-port.js";

const good = {
  displayName: "ACME GmbH",
  mpnId: "1234567",
  contact: {
    firstName: "Anna",
    lastName: "Muster",
    email: "it@acme.example",
    phone: "+49.301234567",
    address: "Hauptstr. 1",
    city: "Berlin",
    zipCode: "10115",
  },
};

function withField(path: string, value: unknown) {
  const copy = structuredClone(good) as Record<string, unknown>;
  const [head, tail] = path.split(".");
  if (tail) (copy[head!] as Record<string, unknown>)[tail] = value;
  else copy[head!] = value;
  return copy;
}

describe("tenant check", () => {
  it("accepts good inputs and normalises them", () => {
    const r = tenant.checkTenant({
      ...good,
      mpnId: " 1234567 ",
      subdomain: "AcMe",
      contact: { ...good.contact, email: "It@ACME.Example", phone: "+49 30 123-4567" },
    });
    expect(r.failures).toEqual([]);
    expect(r.inputs?.contact.phone).toBe("+49.301234567");
    expect(r.inputs?.contact.email).toBe("It@acme.example");
    expect(r.inputs?.mpnId).toBe("1234567");
    expect(r.inputs?.subdomain).toBe("acme");
  });

  it.each([
    ["phone", "0049 30 1234567", "+49.301234567"],
    ["phone", "+1-514-555-0100", "+1.5145550100"],
    ["phone", "+33.1 23 45 67 89", "+33.123456789"],
    ["phone", "+44 (20) 7946 0958", "+44.2079460958"],
  ])("normalises %s %s", (field, value, expected) => {
    const r = tenant.checkTenant(withField(`contact.${field}`, value));
    expect(r.failures).toEqual([]);
    expect(r.inputs?.contact.phone).toBe(expected);
  });

  // Every bad input: the failure names the property, carries the value, and states the rule.
  it.each([
    ["displayName", "", /must not be empty/],
    ["displayName", "   ", /must not be empty/],
    ["displayName", 42, /must be a string/],
    ["mpnId", "12345", /6 to 10 digits/],
    ["mpnId", "12345678901", /6 to 10 digits/],
    ["mpnId", "12a4567", /6 to 10 digits/],
    ["contact.email", "not-an-email", /valid e-mail/],
    ["contact.email", "anna@acme", /valid e-mail/],
    ["contact.email", "an na@acme.example", /valid e-mail/],
    ["contact.phone", "030 1234567", /\+CC\.NUMBER/],
    ["contact.phone", "+4930123456", /\+CC\.NUMBER/],
    ["contact.phone", "+49.30abc", /\+CC\.NUMBER/],
    ["contact.phone", "+49.12", /\+CC\.NUMBER/],
    ["contact.phone", "+49.1234567890123456", /at most 15 digits/],
    ["contact.zipCode", "1", /postcode/],
    ["contact.zipCode", "10115!", /postcode/],
    ["contact.firstName", "", /must not be empty/],
    ["contact.lastName", "", /must not be empty/],
    ["contact.address", "", /must not be empty/],
    ["contact.city", " ", /must not be empty/],
    ["subdomain", "acme_corp", /letters and digits/],
    ["subdomain", "-acme", /letters and digits/],
    ["allowReplacement", "yes", /true or false/],
    ["allowTermination", 1, /true or false/],
    ["adoptServiceName", "csp2 1234", /service name/],
    ["adoptServiceName", "../x", /service name/],
  ])("refuses %s = %j", (property, value, reason) => {
    const r = tenant.checkTenant(withField(property, value));
    expect(r.inputs).toBeUndefined();
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ property, value });
    expect(r.failures[0]!.reason).toMatch(reason);
  });

  it("reports every missing required field", () => {
    const r = tenant.checkTenant({});
    expect(r.failures.map((f) => f.property).sort()).toEqual(
      ["contact", ...Object.keys(good.contact).map((k) => `contact.${k}`), "displayName", "mpnId"].sort(),
    );
    for (const f of r.failures) expect(f.reason).toBe("is required");
  });

  it("refuses unknown contact fields and bad timeouts", () => {
    const r = tenant.checkTenant({
      ...good,
      contact: { ...good.contact, fax: "123" },
      timeouts: { create: "soon", delete: -1, read: "1m" },
    });
    expect(r.failures).toEqual([
      { property: "contact.fax", value: "123", reason: expect.stringMatching(/not a contact field/) },
      { property: "timeouts.create", value: "soon", reason: expect.stringMatching(/duration/) },
      { property: "timeouts.delete", value: -1, reason: expect.stringMatching(/duration/) },
      { property: "timeouts.read", value: "1m", reason: expect.stringMatching(/create, update or delete/) },
    ]);
  });

  it("lets unknown values through (checked once known)", () => {
    const r = tenant.checkTenant({
      ...good,
      displayName: UNKNOWN,
      contact: { ...good.contact, email: UNKNOWN },
    });
    expect(r.failures).toEqual([]);
    expect(r.inputs?.displayName).toBe(UNKNOWN);
    const whole = tenant.checkTenant({ ...good, contact: UNKNOWN });
    expect(whole.failures).toEqual([]);
    expect(whole.inputs?.contact).toBe(UNKNOWN);
    const state = {
      ...good,
      schemaVersion: 1 as const,
      serviceName: "s",
      status: "ok",
      creationDate: "",
      adminPortalUrl: "",
    };
    const plan = tenant.diffTenant(state, whole.inputs!, {});
    expect(plan).toMatchObject({ action: "update", changes: [{ property: "contact", effect: "update" }] });
  });
});

describe("subscription check", () => {
  const sub = { tenant: "csp2-0000abcd", license: "Microsoft 365 Business Standard", quantity: 25 };

  it("accepts good inputs; ids and seat counts may be strings of digits", () => {
    expect(subscription.checkSubscription(sub)).toEqual({ inputs: sub, failures: [] });
    const r = subscription.checkSubscription({ ...sub, license: 42, quantity: "7", parent: "100" });
    expect(r.inputs).toMatchObject({ license: "42", quantity: 7, parent: 100 });
  });

  it.each([
    ["tenant", "", /service name/],
    ["tenant", "csp2/../x", /service name/],
    ["license", "", /must not be empty/],
    ["license", 0, /licence name or a licence id/],
    ["license", 1.5, /licence name or a licence id/],
    ["quantity", 0, /whole number ≥ 1/],
    ["quantity", -3, /whole number ≥ 1/],
    ["quantity", 2.5, /whole number ≥ 1/],
    ["quantity", "ten", /whole number ≥ 1/],
    ["quantity", 10_001, /at most 10000/],
    ["parent", 0, /subscription id/],
    ["adoptSubscriptionId", "abc", /subscription id/],
    ["adoptSubscriptionId", -1, /subscription id/],
  ])("refuses %s = %j", (property, value, reason) => {
    const r = subscription.checkSubscription({ ...sub, [property]: value });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ property, value });
    expect(r.failures[0]!.reason).toMatch(reason);
  });

  it("requires tenant, license and quantity", () => {
    const r = subscription.checkSubscription({});
    expect(r.failures.map((f) => f.property)).toEqual(["tenant", "license", "quantity"]);
  });

  describe("against the tenant's orderable licences", () => {
    const check = (over: Record<string, unknown>, creating = true) =>
      subscription.checkSubscriptionLicence({ ...sub, ...over } as never, LICENCES, { creating });

    it("resolves a name case- and space-insensitively, or an id", () => {
      expect(check({ license: "microsoft 365   business standard" }).licence?.id).toBe(1);
      expect(check({ license: "2" }).licence?.name).toBe("Microsoft 365 Business Basic");
    });

    it("defers when the tenant or catalogue is not known yet", () => {
      expect(subscription.checkSubscriptionLicence({ ...sub, tenant: UNKNOWN } as never, LICENCES)).toEqual({
        deferred: true,
        failures: [],
      });
      expect(subscription.checkSubscriptionLicence(sub, undefined).deferred).toBe(true);
    });

    it.each([
      [
        { license: "Visio Plan 9" },
        "license",
        /not orderable in tenant csp2-0000abcd; orderable licences: Microsoft 365/,
      ],
      [{ license: "99" }, "license", /not orderable/],
      [{ license: "Exchange Online Archiving" }, "parent", /add-on licence; set parent/],
      [{ parent: 100 }, "parent", /must not be set: Microsoft 365 Business Standard is not an add-on/],
      [{ quantity: 301 }, "quantity", /at most 300/],
      [{ license: "Office 365 E1 (legacy)" }, "license", /newSubscriptionsAllowed is false/],
    ])("refuses %j on %s", (over, property, reason) => {
      const r = check(over);
      expect(r.failures).toHaveLength(1);
      expect(r.failures[0]!.property).toBe(property);
      expect(r.failures[0]!.reason).toMatch(reason);
    });

    it("an adoption of a licence closed to new subscriptions is fine", () => {
      expect(check({ license: "Office 365 E1 (legacy)", adoptSubscriptionId: 7 }).failures).toEqual([]);
    });
  });
});

describe("timeouts", () => {
  it.each([
    ["30m", 1_800_000],
    ["1h", 3_600_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    [" 2 h ", 7_200_000],
    ["45", 45_000],
    [45, 45_000],
    [0.5, 500],
  ])("parses %j", (value, ms) => expect(parseDuration(value)).toBe(ms));

  it.each(["", "soon", "-5m", "0", "m30", "1y"])("refuses %j", (value) =>
    expect(parseDuration(value)).toBeUndefined(),
  );

  it("defaults: tenant create 60m, subscription 20m", () => {
    expect(timeoutMs("tenant", "create", undefined)).toBe(3_600_000);
    expect(timeoutMs("subscription", "update", {})).toBe(1_200_000);
    expect(timeoutMs("subscription", "delete", { delete: "5m" })).toBe(300_000);
  });
});

describe("mayHaveApplied: which failures of a POST may hide a write", () => {
  it.each([
    [{ name: "OvhApiError", status: 403, method: "POST" }, false],
    [{ name: "OvhApiError", status: 409 }, false],
    [{ name: "OvhApiError", status: 503 }, true],
    [new OvhInputError("x"), false],
    [new OvhConfigError("no credentials"), false],
    // Recognised by class, never by name: an error merely called so is not the client's refusal.
    [Object.assign(new Error("x"), { name: "OvhInputError" }), true],
    [Object.assign(new Error("reset"), { name: "OvhNetworkError", mayHaveApplied: true }), true],
    [Object.assign(new Error("refused"), { name: "OvhNetworkError", mayHaveApplied: false }), false],
    [new Error("anything else"), true],
  ])("%o → %s", (error, expected) => expect(mayHaveApplied(error)).toBe(expected));
});

describe("isForbidden: a Microsoft-rule refusal, not a credential problem", () => {
  it.each([
    [{ status: 403, errorClass: "Client::Forbidden::SeatReduction" }, true],
    [{ status: 403 }, true],
    [{ status: 403, errorClass: "NOT_GRANTED_CALL" }, false],
    [{ status: 403, errorClass: "INVALID_CREDENTIAL" }, false],
    [{ status: 404 }, false],
  ])("%o → %s", (error, expected) => expect(isForbidden(error)).toBe(expected));
});
