import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/resources/plan.js";
import {
  type PlanDocument,
  type PlannedChange,
  summarisePlan,
} from "../../provider/resources/plan-summary.js";
import { licenceKey, type UnitPrice } from "../../provider/resources/prices.js";
import { LATER, NOW, subState, tenantState } from "./fixtures.js";

const doc = (changes: PlannedChange[], over: Partial<PlanDocument> = {}): PlanDocument => ({
  engine: "terraform",
  changes,
  diagnostics: [],
  notes: [],
  ...over,
});

const prices = new Map<string, UnitPrice>([
  [licenceKey("Microsoft 365 Business Standard"), { value: 11.7, currency: "EUR" }],
  [licenceKey("Office 365 E3"), { value: 22.7, currency: "EUR" }],
  [licenceKey(5), { value: 22.7, currency: "EUR" }],
]);

describe("summarisePlan", () => {
  it("counts seats up and down per licence and prices them", () => {
    const s = summarisePlan(
      doc([
        { kind: "subscription", address: "a", action: "update", before: subState(), after: { quantity: 30 } },
        {
          kind: "subscription",
          address: "b",
          action: "delete",
          before: subState({
            subscriptionId: 101,
            license: "Office 365 E3",
            licenseName: "Office 365 E3",
            licenseId: 5,
            quantity: 4,
          }),
        },
      ]),
      { now: NOW, prices },
    );
    expect(s.tenants).toHaveLength(1);
    const t = s.tenants[0]!;
    expect(t.tenant).toBe("csp2-0000abcd");
    expect(t.licences).toEqual([
      expect.objectContaining({
        licence: "Microsoft 365 Business Standard",
        seatsAdded: 5,
        seatsRemoved: 0,
        monthlyChange: 58.5,
      }),
      expect.objectContaining({
        licence: "Office 365 E3",
        seatsAdded: 0,
        seatsRemoved: 4,
        monthlyChange: -90.8,
      }),
    ]);
    expect(t.cancelled).toEqual([
      {
        address: "b",
        id: "csp2-0000abcd/101",
        licence: "Office 365 E3",
        seats: 4,
        window: expect.objectContaining({ state: "open", reason: "purchase", source: "plan" }),
      },
    ]);
    expect(s.totals).toMatchObject({
      seatsAdded: 5,
      seatsRemoved: 4,
      monthlyChange: { EUR: -32.3 },
      unpriced: [],
    });
    expect(s.priced).toBe(true);
  });

  it("without prices: seats only, and says so", () => {
    const s = summarisePlan(
      doc([
        { kind: "subscription", address: "a", action: "update", before: subState(), after: { quantity: 20 } },
      ]),
      { now: NOW },
    );
    expect(s.priced).toBe(false);
    expect(s.tenants[0]!.licences[0]).toMatchObject({ seatsRemoved: 5 });
    expect(s.tenants[0]!.licences[0]!.monthlyChange).toBeUndefined();
    expect(s.totals.monthlyChange).toEqual({});
  });

  it("a licence change is a new subscription and a cancelled one", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "subscription",
          address: "a",
          action: "replace",
          before: subState(),
          after: { license: "Office 365 E3", quantity: 25 },
        },
      ]),
      { now: NOW, prices },
    );
    const t = s.tenants[0]!;
    expect(t.created).toEqual([{ address: "a", id: undefined, licence: "Office 365 E3", seats: 25 }]);
    expect(t.cancelled).toEqual([
      {
        address: "a",
        id: "csp2-0000abcd/100",
        licence: "Microsoft 365 Business Standard",
        seats: 25,
        window: expect.objectContaining({ state: "open", closesAt: "2026-03-08T00:00:00Z" }),
      },
    ]);
    expect(s.totals.monthlyChange).toEqual({ EUR: cents(25 * 22.7 - 25 * 11.7) });
    expect(t.warnings.map((w) => w.code)).toContain("SUBSCRIPTION_REPLACEMENT");
  });

  it("adoption buys nothing; forgetting keeps the subscription running", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "subscription",
          address: "x",
          action: "create",
          after: { tenant: "csp2-0000abcd", license: "Office 365 E3", quantity: 9, adoptSubscriptionId: 555 },
        },
        { kind: "subscription", address: "y", action: "forget", before: subState() },
        { kind: "tenant", address: "t", action: "update", adopt: true, before: tenantState(), after: {} },
      ]),
      { now: NOW, prices },
    );
    const t = s.tenants[0]!;
    expect(t.change).toBe("adopt");
    expect(t.adopted).toEqual([
      { address: "x", id: "csp2-0000abcd/555", licence: "Office 365 E3", seats: 9 },
    ]);
    expect(t.forgotten).toHaveLength(1);
    expect(t.licences).toEqual([]);
    expect(s.totals).toMatchObject({ seatsAdded: 0, seatsRemoved: 0 });
  });

  it("groups a new tenant's subscriptions under it, with seats known after apply flagged", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "tenant",
          address: "o365reseller_tenant.new",
          action: "create",
          after: { displayName: "New Co", mpnId: "1234567" },
        },
        {
          kind: "subscription",
          address: "o365reseller_subscription.new_e3",
          action: "create",
          after: { tenant: UNKNOWN, license: "Office 365 E3", quantity: UNKNOWN },
          tenantAddress: "o365reseller_tenant.new",
        },
      ]),
      { now: NOW, prices },
    );
    expect(s.tenants).toHaveLength(1);
    const t = s.tenants[0]!;
    expect(t).toMatchObject({
      tenant: "(new) o365reseller_tenant.new",
      displayName: "New Co",
      change: "create",
    });
    expect(t.licences[0]).toMatchObject({ licence: "Office 365 E3", seatsAdded: 0, unknownSeats: true });
    expect(s.totals.unknownSeats).toBe(true);
  });

  it("counts a licence bought with a new tenant once, when its subscription resource adopts it", () => {
    const tenantCreate = (licenses: unknown): PlannedChange => ({
      kind: "tenant",
      address: "o365reseller_tenant.new",
      action: "create",
      after: { displayName: "New Co", mpnId: "1234567", licenses },
    });
    const sub = (
      license: string,
      quantity: unknown,
      tenantAddress = "o365reseller_tenant.new",
    ): PlannedChange => ({
      kind: "subscription",
      address: `o365reseller_subscription.${license.replace(/\W/g, "")}`,
      action: "create",
      after: { tenant: UNKNOWN, license, quantity },
      tenantAddress,
    });
    const s = summarisePlan(
      doc([
        tenantCreate([
          { license: "Microsoft 365 Business Standard", quantity: 5 },
          { license: "Office 365 E3", quantity: 2 },
        ]),
        sub("microsoft 365 business standard", 5),
        sub("Office 365 E3", 3),
      ]),
      { now: NOW, prices },
    );
    const t = s.tenants[0]!;
    expect(t.boughtWithTenant.map((b) => [b.licence, b.seats])).toEqual([
      ["Microsoft 365 Business Standard", 5],
      ["Office 365 E3", 2],
    ]);
    expect(t.created).toEqual([]);
    expect(t.adopted.map((a) => [a.licence, a.seats, a.fromTenantOrder])).toEqual([
      ["microsoft 365 business standard", 5, true],
      ["Office 365 E3", 3, true],
    ]);
    // 5 Standard once (not 10); E3: 2 with the tenant and 1 more by the subscription.
    expect(t.licences.map((l) => [l.licence, l.seatsAdded, l.seatsRemoved])).toEqual([
      ["Microsoft 365 Business Standard", 5, 0],
      ["Office 365 E3", 3, 0],
    ]);
    expect(s.totals).toMatchObject({ seatsAdded: 8, monthlyChange: { EUR: 126.6 } });
    expect(t.warnings).toEqual([]);

    // Fewer seats than bought with the tenant: returned in the subscription's create.
    const fewer = summarisePlan(
      doc([tenantCreate([{ license: "Office 365 E3", quantity: 4 }]), sub("Office 365 E3", 1)]),
      {
        now: NOW,
      },
    ).tenants[0]!;
    expect(fewer.licences[0]).toMatchObject({ seatsAdded: 4, seatsRemoved: 3 });
  });

  it("says when it cannot pair a subscription with a new tenant's order", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "tenant",
          address: "o365reseller_tenant.new",
          action: "create",
          after: { displayName: "New Co", licenses: [{ license: "Office 365 E3", quantity: 2 }] },
        },
        {
          kind: "subscription",
          address: "o365reseller_subscription.byid",
          action: "create",
          after: { tenant: UNKNOWN, license: "5", quantity: 2 },
          tenantAddress: "o365reseller_tenant.new",
        },
        {
          kind: "subscription",
          address: "o365reseller_subscription.lost",
          action: "create",
          after: { tenant: UNKNOWN, license: "Office 365 E3", quantity: 2 },
        },
        {
          kind: "tenant",
          address: "o365reseller_tenant.later",
          action: "create",
          after: { displayName: "Later", licenses: UNKNOWN },
        },
      ]),
      { now: NOW },
    );
    const messages = s.tenants.flatMap((t) => t.warnings.map((w) => w.message));
    expect(messages).toContainEqual(expect.stringMatching(/byid names its licence by id.*counted twice/));
    expect(messages).toContainEqual(
      expect.stringMatching(
        /lost \(Office 365 E3\) belongs to a tenant known only after apply.*counted twice/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/licences this new tenant is ordered with are known only after apply/),
    );
  });

  it("asks the resources' diff what is refused or risky", () => {
    const s = summarisePlan(
      doc([
        { kind: "tenant", address: "t", action: "delete", before: tenantState() },
        {
          kind: "tenant",
          address: "u",
          action: "update",
          before: tenantState({ serviceName: "csp2-0000beef", subdomain: "acme" }),
          after: { subdomain: "acme-eu" },
        },
        { kind: "subscription", address: "s", action: "update", before: subState(), after: { quantity: 20 } },
      ]),
      { now: LATER },
    );
    const byTenant = Object.fromEntries(s.tenants.map((t) => [t.tenant, t]));
    expect(byTenant["csp2-0000abcd"]!.refused.map((r) => r.code)).toEqual(["TENANT_DELETION_REFUSED"]);
    expect(byTenant["csp2-0000abcd"]!.warnings.map((w) => w.code)).toEqual(["SEAT_REDUCTION_OUTSIDE_WINDOW"]);
    expect(byTenant["csp2-0000beef"]!.refused.map((r) => [r.code, r.address])).toEqual([
      ["SUBDOMAIN_CHANGE_REFUSED", "u"],
    ]);
    expect(s.totals.refused).toBe(2);
  });

  it("engine errors attach to their resource's tenant, or stand alone", () => {
    const s = summarisePlan(
      doc(
        [
          {
            kind: "subscription",
            address: "urn:s",
            action: "update",
            before: subState(),
            after: { quantity: 26 },
          },
        ],
        {
          diagnostics: [
            { severity: "error", message: "refused by the provider", address: "urn:s" },
            { severity: "error", message: "something else", address: "urn:other" },
            { severity: "warning", message: "careful", address: "urn:s" },
          ],
        },
      ),
      { now: NOW },
    );
    expect(s.tenants[0]!.refused).toEqual([
      { code: "ENGINE_ERROR", message: "refused by the provider", address: "urn:s" },
    ]);
    expect(s.tenants[0]!.warnings).toContainEqual({
      code: "ENGINE_WARNING",
      message: "careful",
      address: "urn:s",
    });
    expect(s.refused).toEqual([{ code: "ENGINE_ERROR", message: "something else", address: "urn:other" }]);
    expect(s.totals.refused).toBe(2);
  });

  it("an engine update that changes nothing at OVHcloud is no tenant change", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "tenant",
          address: "t",
          action: "update",
          before: tenantState(),
          after: { displayName: "ACME GmbH", allowTermination: true },
        },
        {
          kind: "tenant",
          address: "u",
          action: "update",
          before: tenantState({ serviceName: "csp2-0000beef" }),
          after: { displayName: "ACME AG" },
        },
      ]),
      { now: NOW },
    );
    expect(s.tenants.map((t) => [t.tenant, t.change, t.properties])).toEqual([
      ["csp2-0000abcd", "none", []],
      ["csp2-0000beef", "update", ["displayName"]],
    ]);
  });

  it("lists licences with seat changes but no price", () => {
    const s = summarisePlan(
      doc([
        {
          kind: "subscription",
          address: "a",
          action: "create",
          after: { tenant: "csp2-0000abcd", license: "Visio Plan 2", quantity: 2 },
        },
      ]),
      { now: NOW, prices },
    );
    expect(s.totals.unpriced).toEqual(["Visio Plan 2"]);
    expect(s.totals.monthlyChange).toEqual({});
  });
});

function cents(v: number): number {
  return Math.round(v * 100) / 100;
}
