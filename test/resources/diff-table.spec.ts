// The DESIGN.md resource-model table, row by row, as the contract of the pure diffs.
import { describe, expect, it } from "vitest";
import { subscription, tenant, UNKNOWN } from "../../provider/resources/index.js";
import { LICENCES } from "./fake-port.js";
import { contact, LATER, NOW, subInputs, subState, tenantInputs, tenantState } from "./fixtures.js";

const me = { account: "ab123-ovh" };
const visible = { serviceName: "csp2-0000abcd", visible: true, hasAcceptedNewMCA: true };

describe("tenant diff (DESIGN.md table, tenant column)", () => {
  const rows: [string, Partial<tenant.TenantInputs>, string, string[]][] = [
    ["nothing", {}, "noop", []],
    ["display name", { displayName: "ACME AG" }, "update", ["displayName"]],
    ["MPN ID", { mpnId: "7654321" }, "update", ["mpnId"]],
    ["contact e-mail", { contact: { ...contact, email: "admin@acme.example" } }, "update", ["contact.email"]],
    ["contact phone", { contact: { ...contact, phone: "+49.309999999" } }, "update", ["contact.phone"]],
    [
      "every contact field",
      {
        contact: {
          firstName: "B",
          lastName: "C",
          email: "b@c.example",
          phone: "+1.5551234",
          address: "x",
          city: "y",
          zipCode: "99999",
        },
      },
      "update",
      [
        "contact.firstName",
        "contact.lastName",
        "contact.email",
        "contact.phone",
        "contact.address",
        "contact.city",
        "contact.zipCode",
      ],
    ],
    [
      "phone spelled differently (same number)",
      { contact: { ...contact, phone: "+49 30 1234567" } },
      "noop",
      [],
    ],
    ["e-mail domain case", { contact: { ...contact, email: "it@ACME.example" } }, "noop", []],
    ["allowTermination", { allowTermination: true }, "update", ["allowTermination"]],
    ["allowReplacement", { allowReplacement: true }, "update", ["allowReplacement"]],
    ["timeouts", { timeouts: { create: "2h" } }, "update", ["timeouts"]],
  ];
  it.each(rows)("%s → %s", (_label, over, action, properties) => {
    const plan = tenant.diffTenant(tenantState(), { ...tenantInputs, ...over }, me);
    expect(plan.action).toBe(action);
    expect(plan.changes.map((c) => c.property)).toEqual(properties);
    expect(plan.deleteBeforeReplace).toBe(false);
    expect(plan.refusals).toEqual([]);
  });

  it("allow*/timeouts only → an update of the state alone (no API call)", () => {
    const plan = tenant.diffTenant(
      tenantState(),
      { ...tenantInputs, allowTermination: true, timeouts: { delete: "1h" } },
      me,
    );
    expect(plan).toMatchObject({ action: "update", stateOnly: true });
    expect(tenant.diffTenant(tenantState(), { ...tenantInputs, displayName: "X" }, me).stateOnly).toBe(false);
  });

  it("custom sub-domain → refused, with what, why and what to do", () => {
    const plan = tenant.diffTenant(
      tenantState({ subdomain: "acme" }),
      { ...tenantInputs, subdomain: "acme2" },
      me,
    );
    expect(plan.action).toBe("refuse");
    expect(plan.refusals).toEqual([
      {
        code: "SUBDOMAIN_CHANGE_REFUSED",
        property: "subdomain",
        message: expect.stringMatching(
          /from "acme" to "acme2".*new Microsoft tenant.*allowReplacement: true/,
        ),
      },
    ]);
  });

  it("custom sub-domain with allowReplacement but no allowTermination applied → refused, nothing bought", () => {
    const plan = tenant.diffTenant(
      tenantState({ subdomain: "acme" }),
      { ...tenantInputs, subdomain: "acme2", allowReplacement: true, allowTermination: true },
      me,
    );
    expect(plan.action).toBe("refuse");
    expect(plan.replaces).toEqual([]);
    expect(plan.refusals).toEqual([
      {
        code: "REPLACEMENT_NEEDS_TERMINATION",
        property: "allowTermination",
        message: expect.stringMatching(
          /order a new tenant and then end.*allowTermination: true and apply once/,
        ),
      },
    ]);
  });

  it("custom sub-domain with allowReplacement, allowTermination applied → replace, create-first", () => {
    const plan = tenant.diffTenant(
      tenantState({ subdomain: "acme", allowTermination: true }),
      { ...tenantInputs, subdomain: "acme2", allowReplacement: true, allowTermination: true },
      me,
    );
    expect(plan).toMatchObject({ action: "replace", replaces: ["subdomain"], deleteBeforeReplace: false });
    expect(plan.warnings.map((w) => w.code)).toEqual(["TENANT_REPLACEMENT"]);
  });

  it("sub-domain added where none was, or spelled in another case", () => {
    expect(tenant.diffTenant(tenantState(), { ...tenantInputs, subdomain: "acme" }, me).action).toBe(
      "refuse",
    );
    expect(
      tenant.diffTenant(tenantState({ subdomain: "acme" }), { ...tenantInputs, subdomain: "ACME" }, me)
        .action,
    ).toBe("noop");
  });

  it("owning account differs → refused, never a replace, even with allowReplacement", () => {
    const plan = tenant.diffTenant(
      tenantState({ subdomain: "acme" }),
      { ...tenantInputs, subdomain: "other", allowReplacement: true },
      { account: "cd456-ovh" },
    );
    expect(plan.action).toBe("refuse");
    expect(plan.replaces).toEqual([]);
    expect(plan.refusals[0]).toEqual({
      code: "OWNERSHIP_MISMATCH",
      message:
        "Tenant csp2-0000abcd belongs to OVHcloud account ab123-ovh but these credentials are for cd456-ovh. A tenant cannot move between OVHcloud accounts, so this is never planned as a replace or a recreate. Use credentials of ab123-ovh for this resource, or end it on ab123-ovh and order the licences again on cd456-ovh.",
    });
  });

  it("unknown values in a plan count as changes of their kind", () => {
    expect(
      tenant.diffTenant(tenantState(), { ...tenantInputs, displayName: UNKNOWN as never }, me).action,
    ).toBe("update");
  });

  it("delete → refused unless allowTermination", () => {
    expect(tenant.planTenantDelete(tenantState(), me)).toMatchObject({
      action: "refuse",
      refusals: [{ code: "TENANT_DELETION_REFUSED", property: "allowTermination" }],
    });
    expect(tenant.planTenantDelete(tenantState({ allowTermination: true }), me).action).toBe("delete");
    expect(
      tenant.planTenantDelete(tenantState({ allowTermination: true }), { account: "x-ovh" }).action,
    ).toBe("refuse");
  });
});

describe("subscription diff (DESIGN.md table, subscription column)", () => {
  const observed = (
    over: Partial<subscription.SubscriptionObserved> = {},
  ): subscription.SubscriptionObserved => ({
    ...me,
    tenant: visible,
    catalogue: LICENCES,
    now: NOW,
    ...over,
  });

  it("quantity up → update in place", () => {
    const plan = subscription.diffSubscription(subState(), { ...subInputs, quantity: 30 }, observed());
    expect(plan).toMatchObject({
      action: "update",
      replaces: [],
      changes: [{ property: "quantity", from: 25, to: 30, effect: "update" }],
    });
    expect(plan.warnings).toEqual([]);
  });

  it("quantity down inside the 168-hour window → update, no warning", () => {
    const plan = subscription.diffSubscription(subState(), { ...subInputs, quantity: 20 }, observed());
    expect(plan.action).toBe("update");
    expect(plan.warnings).toEqual([]);
  });

  it("quantity down outside the window → still an update, flagged at plan time", () => {
    const plan = subscription.diffSubscription(
      subState(),
      { ...subInputs, quantity: 20 },
      observed({ now: LATER }),
    );
    expect(plan.action).toBe("update");
    expect(plan.warnings).toEqual([
      {
        code: "SEAT_REDUCTION_OUTSIDE_WINDOW",
        property: "quantity",
        message: expect.stringMatching(/from 25 to 20 seats.*168 hours.*2026-03-01T00:00:00.000Z/),
      },
    ]);
  });

  it("the window restarts with the last seat addition (lastUpdate)", () => {
    const plan = subscription.diffSubscription(
      subState({ lastUpdate: "2026-03-10T00:00:00Z" }),
      { ...subInputs, quantity: 20 },
      observed({ now: LATER }),
    );
    expect(plan.warnings).toEqual([]);
  });

  it.each([
    ["licence", { license: "Microsoft 365 Business Basic" }, ["license"]],
    ["licence by id", { license: "2" }, ["license"]],
    ["tenant within the same account", { tenant: "csp2-0000beef" }, ["tenant"]],
    [
      "licence and quantity",
      { license: "Microsoft 365 Business Basic", quantity: 3 },
      ["license", "quantity"],
    ],
  ])("%s → replace, new subscription first", (_l, over, replaces) => {
    const plan = subscription.diffSubscription(
      subState(),
      { ...subInputs, ...over },
      observed({
        tenant: { ...visible, serviceName: (over as { tenant?: string }).tenant ?? visible.serviceName },
      }),
    );
    expect(plan).toMatchObject({ action: "replace", replaces, deleteBeforeReplace: false });
  });

  it("the same licence spelled by id or in another case is no change", () => {
    for (const license of ["1", "MICROSOFT 365 BUSINESS STANDARD"]) {
      expect(subscription.diffSubscription(subState(), { ...subInputs, license }, observed()).action).toBe(
        "noop",
      );
    }
  });

  it("owning account differs → refused, never a replace", () => {
    const plan = subscription.diffSubscription(
      subState(),
      { ...subInputs, license: "Microsoft 365 Business Basic" },
      observed({ account: "cd456-ovh" }),
    );
    expect(plan.action).toBe("refuse");
    expect(plan.refusals.map((r) => r.code)).toEqual(["OWNERSHIP_MISMATCH"]);
    expect(plan.refusals[0]!.message).toMatch(
      /end it on ab123-ovh and order this licence again on cd456-ovh/,
    );
  });

  it("a tenant of another account (not visible to these credentials) → refused", () => {
    const plan = subscription.diffSubscription(
      subState(),
      { ...subInputs, tenant: "csp2-other000" },
      observed({ tenant: { serviceName: "csp2-other000", visible: false } }),
    );
    expect(plan.refusals.map((r) => r.code)).toEqual(["TENANT_NOT_IN_ACCOUNT"]);
    const recorded = subscription.diffSubscription(
      subState(),
      { ...subInputs, tenant: "csp2-other000" },
      observed({ tenant: { serviceName: "csp2-other000", visible: true, ovhAccount: "cd456-ovh" } }),
    );
    expect(recorded.refusals.map((r) => r.code)).toEqual(["OWNERSHIP_MISMATCH"]);
  });

  it("MCA not accepted → seat changes and purchases refused at plan time, with the reason", () => {
    const noMca = observed({ tenant: { ...visible, hasAcceptedNewMCA: false } });
    for (const over of [{ quantity: 30 }, { quantity: 20 }, { license: "Microsoft 365 Business Basic" }]) {
      const plan = subscription.diffSubscription(subState(), { ...subInputs, ...over }, noMca);
      expect(plan.action).toBe("refuse");
      expect(plan.refusals[0]!.message).toMatch(/Microsoft Customer Agreement/);
    }
    expect(
      subscription.diffSubscription(subState(), { ...subInputs, timeouts: { update: "1h" } }, noMca).action,
    ).toBe("update");
    expect(subscription.planSubscriptionCreate(subInputs, noMca).action).toBe("refuse");
    expect(subscription.planSubscriptionCreate({ ...subInputs, adoptSubscriptionId: 5 }, noMca).action).toBe(
      "adopt",
    );
  });

  it("seats up on a licence closed to new seats → refused", () => {
    const closed = subState({
      licenseId: 4,
      license: "Office 365 E1 (legacy)",
      licenseName: "Office 365 E1 (legacy)",
    });
    const plan = subscription.diffSubscription(
      closed,
      { ...subInputs, license: "Office 365 E1 (legacy)", quantity: 30 },
      observed(),
    );
    expect(plan.refusals.map((r) => r.code)).toEqual(["NEW_SEATS_NOT_ALLOWED"]);
  });

  it("unknown values (a tenant changing in the same run) → no replace guessed: an update that replaces only if the tenant turns out different; update for the quantity", () => {
    const t = subscription.diffSubscription(
      subState(),
      { ...subInputs, tenant: UNKNOWN as never },
      observed({ tenant: undefined }),
    );
    expect(t).toMatchObject({ action: "update", replaces: [], maybeReplaces: ["tenant"], stateOnly: false });
    const q = subscription.diffSubscription(
      subState(),
      { ...subInputs, quantity: UNKNOWN as never },
      observed(),
    );
    expect(q).toMatchObject({ action: "update", replaces: [] });
  });

  it("timeouts / adoptSubscriptionId only → state-only update", () => {
    const plan = subscription.diffSubscription(
      subState(),
      { ...subInputs, timeouts: { create: "1h" } },
      observed(),
    );
    expect(plan).toMatchObject({ action: "update", stateOnly: true });
  });

  it("delete plans a cancellation; outside the window it warns", () => {
    expect(subscription.planSubscriptionDelete(subState(), observed())).toMatchObject({
      action: "delete",
      warnings: [],
    });
    expect(subscription.planSubscriptionDelete(subState(), observed({ now: LATER })).warnings[0]!.code).toBe(
      "CANCELLATION_OUTSIDE_WINDOW",
    );
    expect(subscription.planSubscriptionDelete(subState(), observed({ account: "x-ovh" })).action).toBe(
      "refuse",
    );
  });
});
