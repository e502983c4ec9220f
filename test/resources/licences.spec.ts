// A tenant ordered with its first licences (`licenses`): the check before any call, the diff (order
// time only), matching declared licences to the cart's options, the plan-time check through a
// throwaway cart, the order (options attached, reconciled on resume, never ordered twice) and a
// subscription resource adopting what the order bought. Pure logic against the in-memory port; the
// integration specs run the same against the emulator.
import { beforeEach, describe, expect, it } from "vitest";
import { listLicences, subscription, tenant, UNKNOWN } from "../../provider/resources/index.js";
import { Crash, FakeApiError, FakeCsp2, OPTIONS } from "./fake-port.js";
import { tenantInputs, tenantState } from "./fixtures.js";

let world: FakeCsp2;
const ctxFor = (nic: string) => ({ api: world.port(nic), now: () => world.now });
beforeEach(() => {
  world = new FakeCsp2();
});

const STANDARD = "Microsoft 365 Business Standard";
const BASIC = "Microsoft 365 Business Basic";
const withLicences = (licenses: tenant.TenantLicence[]) => ({ ...tenantInputs, licenses });

describe("licenses: check before any call", () => {
  it("accepts a list of {license, quantity}, normalising spaces", () => {
    const r = tenant.checkTenant({
      ...tenantInputs,
      licenses: [{ license: " Microsoft  365 Business Basic", quantity: 3 }],
    });
    expect(r.failures).toEqual([]);
    expect(r.inputs!.licenses).toEqual([{ license: "Microsoft 365 Business Basic", quantity: 3 }]);
  });

  it.each([
    [[{ license: STANDARD, quantity: 0 }], "licenses[0].quantity", /a number of seats/],
    [[{ license: STANDARD, quantity: 2.5 }], "licenses[0].quantity", /whole number/],
    [[{ license: STANDARD, quantity: 10_001 }], "licenses[0].quantity", /10000/],
    [[{ license: "", quantity: 1 }], "licenses[0].license", /must not be empty/],
    [
      [{ license: "2", quantity: 1 }],
      "licenses[0].license",
      /licence ids are known only once a tenant exists/,
    ],
    [[{ quantity: 1 }], "licenses[0].license", /is required/],
    [[{ license: STANDARD, quantity: 1, parent: 3 }], "licenses[0].parent", /not a field of a licence/],
    [
      [
        { license: STANDARD, quantity: 1 },
        { license: "microsoft 365 business-standard", quantity: 2 },
      ],
      "licenses[1].license",
      /already listed as licenses\[0\].*give its total quantity once/,
    ],
    ["Business Standard", "licenses", /must be a list/],
    [["x"], "licenses[0]", /must be an object/],
  ])("refuses %j at %s", (licenses, property, reason) => {
    const r = tenant.checkTenant({ ...tenantInputs, licenses });
    expect(r.inputs).toBeUndefined();
    const failure = r.failures.find((f) => f.property === property);
    expect(failure, JSON.stringify(r.failures)).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  it("lets unknown values through (preview)", () => {
    expect(tenant.checkTenant({ ...tenantInputs, licenses: UNKNOWN }).failures).toEqual([]);
    expect(
      tenant.checkTenant({ ...tenantInputs, licenses: [{ license: UNKNOWN, quantity: 2 }] }).failures,
    ).toEqual([]);
  });
});

describe("licenses: order time only", () => {
  it("a later change is state only, with a warning that subscriptions manage seats; spelling and order ignored", () => {
    const state = tenantState({
      licenses: [
        { license: STANDARD, quantity: 5 },
        { license: BASIC, quantity: 1 },
      ],
    });
    const same = tenant.diffTenant(
      state,
      withLicences([
        { license: "microsoft 365 business basic", quantity: 1 },
        { license: STANDARD, quantity: 5 },
      ]),
      { account: "ab123-ovh" },
    );
    expect(same.action).toBe("noop");
    const plan = tenant.diffTenant(state, withLicences([{ license: STANDARD, quantity: 9 }]), {
      account: "ab123-ovh",
    });
    expect(plan).toMatchObject({ action: "update", stateOnly: true });
    expect(plan.changes).toEqual([expect.objectContaining({ property: "licenses", effect: "state" })]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        code: "LICENSES_ORDER_TIME_ONLY",
        property: "licenses",
        message: expect.stringMatching(/nothing is bought or cancelled.*subscription resources/),
      }),
    ]);
  });
});

describe("licenses: matched to the cart's options", () => {
  const offered = OPTIONS.map((o) => o.definition);
  it("by product name or plan code, case and punctuation ignored", () => {
    const { matches, refusals } = tenant.matchLicences(
      [
        { license: "MICROSOFT 365 business-standard", quantity: 2 },
        { license: "opt basic", quantity: 1 },
      ],
      { planCode: "csp2", options: offered },
    );
    expect(refusals).toEqual([]);
    expect(matches.map((m) => m.option.planCode)).toEqual(["opt-standard", "opt-basic"]);
  });

  it("refuses a licence no option matches, naming it and what is offered", () => {
    const { refusals } = tenant.matchLicences([{ license: "Office 365 E3", quantity: 2 }], {
      planCode: "csp2",
      options: offered,
    });
    expect(refusals).toEqual([
      {
        code: "LICENCE_NOT_OFFERED",
        property: "licenses[0].license",
        message: expect.stringContaining(
          `Licence "Office 365 E3" is not offered with a new tenant: OVHcloud's cart offers "${STANDARD}", "${BASIC}" (options of plan csp2)`,
        ),
      },
    ]);
  });

  it("refuses licences when the plan has no options, and no licence when a family is mandatory", () => {
    expect(
      tenant.matchLicences([{ license: STANDARD, quantity: 1 }], { planCode: "csp2", options: null })
        .refusals[0],
    ).toMatchObject({ code: "LICENCE_OPTIONS_NOT_OFFERED", property: "licenses" });
    const mandatory = offered.map((o) => ({ ...o, mandatory: true }));
    const none = tenant.matchLicences([], { planCode: "csp2", options: mandatory });
    expect(none.refusals).toEqual([
      {
        code: "LICENCE_OPTION_REQUIRED",
        property: "licenses",
        message: `OVHcloud sells plan csp2 only with at least one option of its mandatory family "licence", and licenses names none: add one of ${STANDARD}, ${BASIC} to licenses.`,
      },
    ]);
    expect(
      tenant.matchLicences([{ license: BASIC, quantity: 1 }], { planCode: "csp2", options: mandatory })
        .refusals,
    ).toEqual([]);
    // An entry not known yet may still meet the rule: not refused at preview.
    expect(
      tenant.matchLicences([{ license: UNKNOWN, quantity: 1 } as never], {
        planCode: "csp2",
        options: mandatory,
      }).refusals,
    ).toEqual([]);
  });
});

describe("licenses: checked at plan time through a throwaway cart", () => {
  it("reads the offer once per client (4 calls), deletes the cart, and refuses what the cart does not offer", async () => {
    const ctx = { ...ctxFor("ab123-ovh"), account: { nic: "ab123-ovh", subsidiary: "DE" } };
    const refused = await tenant.planTenantCreate(
      ctx,
      withLicences([{ license: "Office 365 E3", quantity: 1 }]),
    );
    expect(refused).toMatchObject({ action: "refuse", refusals: [{ code: "LICENCE_NOT_OFFERED" }] });
    expect(
      await tenant.planTenantCreate(ctx, withLicences([{ license: STANDARD, quantity: 1 }])),
    ).toMatchObject({
      action: "create",
      refusals: [],
    });
    expect(world.calls).toEqual([
      "ab123-ovh createCart",
      "ab123-ovh offeredPlans",
      "ab123-ovh offeredOptions",
      "ab123-ovh deleteCart",
    ]);
    expect(world.carts).toEqual([]);
    expect(world.orders).toEqual([]);
  });

  it("refuses licences that leave out a mandatory option family; without licences it reads nothing (a preview writes nothing)", async () => {
    world.licenceRequired = true;
    const withOne = await tenant.planTenantCreate(
      ctxFor("ab123-ovh"),
      withLicences([{ license: "Office 365 E3", quantity: 1 }]),
    );
    expect(withOne.refusals.map((r) => r.code)).toEqual(["LICENCE_NOT_OFFERED", "LICENCE_OPTION_REQUIRED"]);
    world.calls.length = 0;
    expect(await tenant.planTenantCreate(ctxFor("ab123-ovh"), tenantInputs)).toMatchObject({
      action: "create",
      refusals: [],
    });
    expect(world.calls).toEqual([]);
  });

  it("an offer that cannot be read is a warning, not a refusal (the create checks again)", async () => {
    world.fault(
      "createCart",
      "before",
      () => new FakeApiError(403, "This call has not been granted", "POST"),
    );
    const plan = await tenant.planTenantCreate(
      ctxFor("ab123-ovh"),
      withLicences([{ license: STANDARD, quantity: 1 }]),
    );
    expect(plan).toMatchObject({ action: "create", refusals: [], warnings: [{ code: "OFFER_NOT_READ" }] });
  });

  it("an adoption reads nothing", async () => {
    const plan = await tenant.planTenantCreate(ctxFor("ab123-ovh"), {
      ...tenantInputs,
      adoptServiceName: "csp2-00000001",
    });
    expect(plan.action).toBe("adopt");
    expect(world.calls).toEqual([]);
  });
});

describe("licenses: the order", () => {
  const licences = withLicences([
    { license: STANDARD, quantity: 5 },
    { license: BASIC, quantity: 2 },
  ]);

  it("attaches one option per licence; the delivered tenant holds one subscription per licence", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), licences, { idempotencyKey: "k" });
    expect(world.orders).toHaveLength(1);
    expect(world.orders[0]!.options.map((o) => [o.planCode, o.quantity])).toEqual([
      ["opt-standard", 5],
      ["opt-basic", 2],
    ]);
    expect(world.subs.get(state.serviceName)!.map((s) => [s.licenseId, s.quantity])).toEqual([
      [1, 5],
      [2, 2],
    ]);
    expect(state.licenses).toEqual(licences.licenses);
  });

  it.each([
    ["after an option was attached", "addOption", "after"],
    ["before checkout", "checkout", "before"],
    ["after checkout (answer lost)", "checkout", "after"],
  ] as const)("cut off %s, then retried → one order with each option once", async (_label, method, when) => {
    world.fault(method, when, () => new Crash("killed"));
    await expect(
      tenant.createTenant(ctxFor("ab123-ovh"), licences, { idempotencyKey: "k" }),
    ).rejects.toThrow();
    await tenant.createTenant(ctxFor("ab123-ovh"), licences, { idempotencyKey: "k" });
    expect(world.orders).toHaveLength(1);
    expect(world.orders[0]!.options.map((o) => o.planCode)).toEqual(["opt-standard", "opt-basic"]);
    expect(world.calls.filter((c) => c.endsWith(" addOption"))).toHaveLength(2);
  });

  it("a resumed cart is reconciled with edited licences: seats changed, a dropped licence removed", async () => {
    world.fault("checkout", "before", () => new Crash("killed"));
    await expect(
      tenant.createTenant(ctxFor("ab123-ovh"), licences, { idempotencyKey: "k" }),
    ).rejects.toThrow();
    await tenant.createTenant(ctxFor("ab123-ovh"), withLicences([{ license: STANDARD, quantity: 8 }]), {
      idempotencyKey: "k",
    });
    expect(world.orders[0]!.options.map((o) => [o.planCode, o.quantity])).toEqual([["opt-standard", 8]]);
    expect(world.calls.filter((c) => / (updateCartItem|deleteCartItem)$/.test(c))).toEqual([
      "ab123-ovh updateCartItem",
      "ab123-ovh deleteCartItem",
    ]);
  });

  it("refuses before checkout, ordering nothing, a licence the cart does not offer or a missing required one", async () => {
    const err = await tenant
      .createTenant(ctxFor("ab123-ovh"), withLicences([{ license: "Visio Plan 2", quantity: 1 }]), {
        idempotencyKey: "k",
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "LICENCE_NOT_OFFERED", property: "licenses[0].license" });
    expect((err as Error).message).toMatch(/"Visio Plan 2" is not offered.*Nothing was ordered/);
    world.licenceRequired = true;
    await expect(
      tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k2" }),
    ).rejects.toMatchObject({
      code: "LICENCE_OPTION_REQUIRED",
    });
    expect(world.calls.filter((c) => c.endsWith(" checkout"))).toEqual([]);
    expect(world.orders).toEqual([]);
  });
});

describe("a subscription resource and the tenant's order", () => {
  it("adopts the subscription bought with the tenant, without buying it again; seats brought to the declared quantity", async () => {
    const state = await tenant.createTenant(
      ctxFor("ab123-ovh"),
      withLicences([{ license: STANDARD, quantity: 5 }]),
      {
        idempotencyKey: "k",
      },
    );
    const lines: string[] = [];
    const ctx = { ...ctxFor("ab123-ovh"), onProgress: (m: string) => lines.push(m) };
    // Months later: still recognised by its creation at the tenant's delivery.
    world.now = new Date(world.now.getTime() + 90 * 86_400_000);
    const sub = await subscription.createSubscription(ctx, {
      tenant: state.serviceName,
      license: STANDARD,
      quantity: 5,
    });
    expect(sub.quantity).toBe(5);
    expect(world.calls.filter((c) => / (addSubscription|changeQuantity)$/.test(c))).toEqual([]);
    expect(lines.some((l) => /was bought with tenant csp2-\w+'s order/.test(l))).toBe(true);

    const more = await tenant.createTenant(
      ctxFor("ab123-ovh"),
      { ...withLicences([{ license: BASIC, quantity: 2 }]), displayName: "Two" },
      {
        idempotencyKey: "k2",
      },
    );
    const raised = await subscription.createSubscription(ctxFor("ab123-ovh"), {
      tenant: more.serviceName,
      license: BASIC,
      quantity: 4,
    });
    expect(raised).toMatchObject({ quantity: 4 });
    expect(world.calls.filter((c) => / (addSubscription|changeQuantity)$/.test(c))).toEqual([
      "ab123-ovh changeQuantity",
    ]);
    expect(world.subs.get(more.serviceName)!.map((s) => s.quantity)).toEqual([4]);
  });

  it("a subscription bought later than the tenant's delivery is not taken for the order's", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    world.addSub(state.serviceName, 1, 3, new Date(world.now.getTime() + 2 * 3_600_000).toISOString());
    world.now = new Date(world.now.getTime() + 72 * 3_600_000);
    await expect(
      subscription.createSubscription(ctxFor("ab123-ovh"), {
        tenant: state.serviceName,
        license: STANDARD,
        quantity: 3,
      }),
    ).rejects.toMatchObject({ code: "SUBSCRIPTION_EXISTS" });
  });
});

describe("the licences lookup (o365reseller_licenses)", () => {
  it("prices the licences the cart offers, and lists them unpriced when the cart cannot be read", async () => {
    world.addTenant("ab123-ovh", "csp2-0000abcd");
    const priced = await listLicences(ctxFor("ab123-ovh"), "csp2-0000abcd");
    expect(priced.map((l) => [l.name, l.price, l.currency])).toEqual([
      ["Microsoft 365 Business Standard", 11.7, "EUR"],
      ["Microsoft 365 Business Basic", 5.6, "EUR"],
      ["Exchange Online Archiving", null, null],
      ["Office 365 E1 (legacy)", null, null],
    ]);
    world.fault(
      "createCart",
      "before",
      () => new FakeApiError(403, "This call has not been granted", "POST"),
    );
    const unread = await listLicences(ctxFor("ab123-ovh"), "csp2-0000abcd");
    expect(unread.map((l) => l.price)).toEqual([null, null, null, null]);
  });
});
