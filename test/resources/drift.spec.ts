import { describe, expect, it } from "vitest";
import type { OfficeSubscription, OfficeTenant } from "../../provider/ovh/models/index.js";
import {
  type DeclaredSet,
  detectDrift,
  type ObservedAccount,
  subscriptionDrift,
  tenantDrift,
} from "../../provider/resources/drift.js";
import { contact, subState, tenantState } from "./fixtures.js";

const liveTenant = (over: Partial<OfficeTenant> = {}): OfficeTenant => ({
  serviceName: "csp2-0000abcd",
  displayName: "ACME GmbH",
  mpnId: "1234567",
  status: "ok",
  creationDate: "2026-01-01T00:00:00Z",
  hasAcceptedNewMCA: true,
  iam: null,
  mpnIssueFlag: null,
  ...contact,
  ...over,
});

const liveSub = (over: Partial<OfficeSubscription> = {}): OfficeSubscription => ({
  id: 100,
  licenseId: 1,
  quantity: 25,
  status: "active",
  creationDate: "2026-03-01T00:00:00Z",
  lastUpdate: null,
  taskPendingId: 0,
  ...over,
});

const account = (tenants: ObservedAccount["tenants"], nic = "ab123-ovh"): ObservedAccount => ({
  name: "main",
  nic,
  tenants,
});

const declared = (over: Partial<DeclaredSet> = {}): DeclaredSet => ({
  tenants: [{ source: "stack.json", address: "urn:t", state: tenantState() }],
  subscriptions: [{ source: "stack.json", address: "urn:s", state: subState() }],
  ...over,
});

describe("tenantDrift", () => {
  it("compares declared fields as the diff does: spelling of a phone or an e-mail domain is no drift", () => {
    expect(
      tenantDrift(tenantState(), liveTenant({ phone: "+49 30 1234567", email: "it@ACME.example" })),
    ).toEqual([]);
  });

  it("names each changed field with the declared and the live value", () => {
    expect(tenantDrift(tenantState(), liveTenant({ displayName: "ACME AG", city: "Hamburg" }))).toEqual([
      { attribute: "displayName", declared: "ACME GmbH", live: "ACME AG" },
      { attribute: "contact.city", declared: "Berlin", live: "Hamburg" },
    ]);
  });
});

describe("subscriptionDrift", () => {
  it("reports seats and a different licence", () => {
    expect(subscriptionDrift(subState(), liveSub())).toEqual([]);
    expect(
      subscriptionDrift(
        subState(),
        liveSub({ quantity: 30, licenseId: 3 }),
        "Microsoft 365 Business Premium",
      ),
    ).toEqual([
      { attribute: "quantity", declared: 25, live: 30 },
      {
        attribute: "license",
        declared: "Microsoft 365 Business Standard",
        live: "Microsoft 365 Business Premium",
      },
    ]);
  });
});

describe("detectDrift", () => {
  it("no drift when every declared object matches and nothing else lives", () => {
    const report = detectDrift(declared(), [
      account([{ tenant: liveTenant(), subscriptions: [{ subscription: liveSub() }] }]),
    ]);
    expect(report).toMatchObject({
      drift: false,
      changed: [],
      gone: [],
      unmanaged: [],
      conflicts: [],
      notChecked: [],
    });
  });

  it("changed, gone and unmanaged in one account", () => {
    const report = detectDrift(declared(), [
      account([
        {
          tenant: liveTenant({ displayName: "Renamed" }),
          subscriptions: [{ subscription: liveSub({ id: 101 }), licenseName: "X" }],
        },
        { tenant: liveTenant({ serviceName: "csp2-ffff0000", displayName: "Stray" }), subscriptions: [] },
      ]),
    ]);
    expect(report.drift).toBe(true);
    expect(report.changed).toEqual([
      expect.objectContaining({
        kind: "tenant",
        id: "csp2-0000abcd",
        attributes: [{ attribute: "displayName", declared: "ACME GmbH", live: "Renamed" }],
      }),
    ]);
    expect(report.gone).toEqual([
      expect.objectContaining({
        kind: "subscription",
        id: "csp2-0000abcd/100",
        reason: expect.stringContaining("cancelled outside"),
      }),
    ]);
    expect(report.unmanaged.map((u) => [u.kind, u.id, u.tenantManaged])).toEqual([
      ["subscription", "csp2-0000abcd/101", true],
      ["tenant", "csp2-ffff0000", undefined],
    ]);
  });

  it("a tenant gone from its scanned account takes its subscriptions with it", () => {
    const report = detectDrift(declared(), [account([])]);
    expect(report.gone.map((g) => [g.kind, g.id])).toEqual([
      ["tenant", "csp2-0000abcd"],
      ["subscription", "csp2-0000abcd/100"],
    ]);
    expect(report.gone[1]!.reason).toContain("its tenant csp2-0000abcd is not in account ab123-ovh");
  });

  it("never concludes 'gone' for an account that was not scanned, or a state without an account", () => {
    const other = detectDrift(declared(), [account([], "zz999-ovh")]);
    expect(other.gone).toEqual([]);
    expect(other.notChecked.map((n) => n.id)).toEqual(["csp2-0000abcd", "csp2-0000abcd/100"]);
    expect(other.notChecked[0]!.reason).toContain("account ab123-ovh was not scanned");
    expect(other.drift).toBe(false);

    const unknownOwner = detectDrift(
      declared({
        tenants: [{ source: "s", address: "t", state: tenantState({ ovhAccount: null }) }],
        subscriptions: [],
      }),
      [account([])],
    );
    expect(unknownOwner.gone).toEqual([]);
    expect(unknownOwner.notChecked[0]!.reason).toContain("records no owning account");
  });

  it("a subscription whose tenant is visible is judged by that account even without a recorded owner", () => {
    const report = detectDrift(
      declared({ subscriptions: [{ source: "s", address: "x", state: subState({ ovhAccount: null }) }] }),
      [account([{ tenant: liveTenant(), subscriptions: [] }])],
    );
    expect(report.gone.map((g) => g.id)).toEqual(["csp2-0000abcd/100"]);
  });

  it("reports an object declared by two states, once", () => {
    const twice = declared({
      subscriptions: [
        { source: "a.json", address: "urn:s", state: subState() },
        { source: "b.tfstate", address: "o365reseller_subscription.s", state: subState() },
        { source: "a.json", address: "urn:s", state: subState() },
      ],
    });
    const report = detectDrift(twice, [
      account([{ tenant: liveTenant(), subscriptions: [{ subscription: liveSub() }] }]),
    ]);
    expect(report.conflicts).toEqual([
      {
        kind: "subscription",
        id: "csp2-0000abcd/100",
        declaredBy: ["a.json#urn:s", "b.tfstate#o365reseller_subscription.s"],
      },
    ]);
    expect(report.drift).toBe(true);
  });

  it("a tenant found in another scanned account than its state names shows as an ownership change", () => {
    const report = detectDrift(declared({ subscriptions: [] }), [
      account([{ tenant: liveTenant(), subscriptions: [] }], "cd456-ovh"),
    ]);
    expect(report.changed[0]!.attributes[0]).toEqual({
      attribute: "ovhAccount",
      declared: "ab123-ovh",
      live: "cd456-ovh",
    });
  });
});
