// The operations' logic against an in-memory double of the port (pure logic only; the integration
// specs run the same flows against the real emulator and client).
import { beforeEach, describe, expect, it } from "vitest";
import { PartialCreateError, ResourceError, subscription, tenant } from "../../provider/resources/index.js";
import { Crash, FakeApiError, FakeCsp2, FakeNetworkError } from "./fake-port.js";
import { contact, subInputs, tenantInputs } from "./fixtures.js";

let world: FakeCsp2;
const ctxFor = (nic: string) => ({ api: world.port(nic), now: () => world.now });
beforeEach(() => {
  world = new FakeCsp2();
});

describe("tenant create never orders twice", () => {
  const cuts: [string, string, "before" | "after"][] = [
    ["before checkout (after configuration)", "checkout", "before"],
    ["after checkout (answer lost)", "checkout", "after"],
    ["after checkout, before payment", "payOrder", "before"],
    ["after payment (answer lost)", "payOrder", "after"],
    ["before delivery (wait cut off)", "waitForOrderDelivered", "before"],
    ["after delivery, before reading the tenant", "serviceNameFromOrder", "before"],
    ["before the item was added", "addTenantItem", "before"],
    ["while configuring", "configureTenantItem", "after"],
  ];
  it.each(cuts)("cut off %s, then retried → exactly one order", async (_label, method, when) => {
    world.fault(method, when, () => new Crash("process killed"));
    await expect(
      tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "proj/dev/acme" }),
    ).rejects.toThrow();
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, {
      idempotencyKey: "proj/dev/acme",
    });
    expect(world.orders).toHaveLength(1);
    expect(world.orders[0]!.status).toBe("delivered");
    expect(state).toMatchObject({
      serviceName: world.orders[0]!.serviceName,
      orderId: world.orders[0]!.orderId,
      ovhAccount: "ab123-ovh",
      status: "ok",
      schemaVersion: 1,
    });
    expect(world.calls.filter((c) => c.endsWith(" checkout"))).toHaveLength(
      when === "before" && method === "checkout" ? 2 : 1,
    );
    expect(world.calls.filter((c) => c.endsWith(" payOrder")).length).toBeLessThanOrEqual(2);
  });

  it("a finished create run again (same key) finds the order and orders nothing", async () => {
    const a = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    const b = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    expect(b.serviceName).toBe(a.serviceName);
    expect(world.orders).toHaveLength(1);
  });

  it("two resources with different keys order two tenants", async () => {
    await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "a" });
    await tenant.createTenant(
      ctxFor("ab123-ovh"),
      { ...tenantInputs, displayName: "Other" },
      { idempotencyKey: "b" },
    );
    expect(world.orders).toHaveLength(2);
  });

  it("a checked-out cart whose order cannot be told apart from another is refused, not re-ordered", async () => {
    await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "first" });
    world.fault("checkout", "after", () => new Crash("killed"));
    await expect(
      tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "second" }),
    ).rejects.toThrow();
    const err = await tenant
      .createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "second" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "AMBIGUOUS_ORDERS" });
    expect((err as Error).message).toMatch(/adoptServiceName/);
    expect(world.orders).toHaveLength(2);
  });

  it("a replacement for a new sub-domain (same resource key) orders its own tenant", async () => {
    const a = await tenant.createTenant(
      ctxFor("ab123-ovh"),
      { ...tenantInputs, subdomain: "acme" },
      { idempotencyKey: "k" },
    );
    const b = await tenant.createTenant(
      ctxFor("ab123-ovh"),
      { ...tenantInputs, subdomain: "acme2" },
      { idempotencyKey: "k" },
    );
    expect(world.orders).toHaveLength(2);
    expect(b.serviceName).not.toBe(a.serviceName);
    expect(tenant.cartDescription("k", "acme2")).toBe("o365r:k#acme2");
    expect(tenant.cartDescription("x".repeat(200))).toMatch(/^o365r:[0-9a-f]{16}$/);
  });

  it("inputs edited between a cut-off run and its retry: the first order is taken and the tenant updated", async () => {
    world.fault("payOrder", "before", () => new Crash("killed"));
    await expect(
      tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" }),
    ).rejects.toThrow();
    const warnings: string[] = [];
    const edited = {
      ...tenantInputs,
      displayName: "Edited",
      contact: { ...contact, email: "new@acme.example" },
    };
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), edited, {
      idempotencyKey: "k",
      onWarning: (w) => warnings.push(`${w.code}: ${w.message}`),
    });
    expect(world.orders).toHaveLength(1);
    expect(state).toMatchObject({ displayName: "Edited", serviceName: world.orders[0]!.serviceName });
    expect(world.tenants.get(state.serviceName)).toMatchObject({
      displayName: "Edited",
      email: "new@acme.example",
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^EARLIER_ORDER_TAKEN: Order \d+ of an earlier attempt .* other values of displayName, contact.email: .*updated in place.*login data went to the e-mail address given at order time/,
      ),
    ]);
  });

  it("a lost checkout answer is recovered within the same run", async () => {
    world.fault("checkout", "after", () => new FakeNetworkError("socket hang up"));
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    expect(world.orders).toHaveLength(1);
    expect(state.serviceName).toBe(world.orders[0]!.serviceName);
  });

  it("the tenant read failing after delivery surfaces the id (PartialCreateError)", async () => {
    world.fault("getTenant", "before", () => new FakeApiError(503, "maintenance"));
    const err = await tenant
      .createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).id).toBe(world.orders[0]!.serviceName);
    expect((err as PartialCreateError).state).toMatchObject({
      ovhAccount: "ab123-ovh",
      orderId: world.orders[0]!.orderId,
    });
  });
});

describe("tenant create with a key every resource shares (Terraform)", () => {
  const shared = { idempotencyKey: "terraform", keyScope: "shared" as const };
  const globex: typeof tenantInputs = {
    displayName: "Globex Corp",
    mpnId: "1234567",
    contact: {
      firstName: "Hank",
      lastName: "Scorpio",
      email: "it@globex.example",
      phone: "+1.5550100",
      address: "1 Globex Way",
      city: "Cypress Creek",
      zipCode: "90210",
    },
  };
  const edit = (i: typeof tenantInputs) => ({
    ...i,
    displayName: `${i.displayName} (renamed)`,
    contact: { ...i.contact, email: `new.${i.contact.email}`, phone: "+49.309999999" },
  });
  const cuts = [
    ["while configuring", "configureTenantItem", "after"],
    ["before checkout", "checkout", "before"],
    ["after checkout (answer lost)", "checkout", "after"],
    ["after payment", "payOrder", "after"],
    ["before delivery", "waitForOrderDelivered", "before"],
    ["after delivery, before naming the tenant", "serviceNameFromOrder", "before"],
    ["after the tenant was read, before it was marked done", "createCart", "before"],
  ] as const;

  it.each(cuts)(
    "cut off %s, inputs edited, retried → one order, the edit applied",
    async (_l, method, when) => {
      await tenant.createTenant(ctxFor("ab123-ovh"), globex, shared);
      if (method === "createCart") {
        // The second createCart of a run is the done mark's.
        world.fault("createCart", "after", () => new Error("not this one"), 0);
      }
      const first = ctxFor("ab123-ovh");
      const cut = method === "createCart" ? cutAtDoneMark(first.api) : first.api;
      if (method !== "createCart") world.fault(method, when, () => new Crash("killed"));
      await expect(tenant.createTenant({ ...first, api: cut }, tenantInputs, shared)).rejects.toThrow();
      const state = await tenant.createTenant(ctxFor("ab123-ovh"), edit(tenantInputs), shared);
      expect(world.orders).toHaveLength(2);
      expect(state.serviceName).not.toBe(world.orders[0]!.serviceName);
      expect(world.tenants.get(state.serviceName)).toMatchObject({
        displayName: "ACME GmbH (renamed)",
        email: "new.it@acme.example",
        phone: "+49.309999999",
      });
      // The other customer's tenant is untouched.
      expect(world.tenants.get(world.orders[0]!.serviceName!)).toMatchObject({ displayName: "Globex Corp" });
    },
  );

  it("a finished create run again with the same inputs (state lost) takes its tenant, with a warning", async () => {
    const a = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared);
    const warnings: string[] = [];
    const b = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, {
      ...shared,
      onWarning: (w) => warnings.push(w.code),
    });
    expect(b.serviceName).toBe(a.serviceName);
    expect(world.orders).toHaveLength(1);
    expect(warnings).toEqual(["FINISHED_ORDER_TAKEN"]);
  });

  it("a new tenant resembling a finished one (same contact, other name) is refused, naming it; ordered once the window passed", async () => {
    const a = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared);
    const sister = { ...tenantInputs, displayName: "ACME Services GmbH" };
    const err = await tenant.createTenant(ctxFor("ab123-ovh"), sister, shared).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ATTEMPT_UNCERTAIN" });
    expect((err as Error).message).toContain(`tenant ${a.serviceName} (order ${a.orderId}`);
    expect((err as Error).message).toMatch(
      /differs in displayName.*adoptServiceName.*run again after 2026-03-02T12:00:00/,
    );
    expect(world.orders).toHaveLength(1);
    world.now = new Date(world.now.getTime() + 24 * 3_600_000 + 1000);
    await tenant.createTenant(ctxFor("ab123-ovh"), sister, shared);
    expect(world.orders).toHaveLength(2);
  });

  it("another customer's finished tenant is never taken: a new order", async () => {
    await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared);
    const b = await tenant.createTenant(ctxFor("ab123-ovh"), globex, shared);
    expect(world.orders).toHaveLength(2);
    expect(world.tenants.get(b.serviceName)).toMatchObject({ displayName: "Globex Corp" });
  });

  it("a finished tenant set to end (its resource destroyed) is not taken: the same inputs order a new one", async () => {
    const a = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared);
    world.tenants.get(a.serviceName)!.deleteAtExpiration = true;
    const b = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared);
    expect(b.serviceName).not.toBe(a.serviceName);
    expect(world.orders).toHaveLength(2);
  });

  it("two creates of one run, both cut off and retried with edits in parallel: each takes its own order", async () => {
    world.fault("waitForOrderDelivered", "before", () => new Crash("killed"), 2);
    const run1 = ctxFor("ab123-ovh");
    const first = await Promise.allSettled([
      tenant.createTenant(run1, tenantInputs, shared),
      tenant.createTenant(run1, globex, shared),
    ]);
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(world.orders).toHaveLength(2);
    const run2 = ctxFor("ab123-ovh");
    const [acme, glob] = await Promise.all([
      tenant.createTenant(run2, edit(tenantInputs), shared),
      tenant.createTenant(run2, edit(globex), shared),
    ]);
    expect(world.orders).toHaveLength(2);
    expect(acme.serviceName).not.toBe(glob.serviceName);
    expect(world.tenants.get(acme.serviceName)?.displayName).toBe("ACME GmbH (renamed)");
    expect(world.tenants.get(glob.serviceName)?.displayName).toBe("Globex Corp (renamed)");
  });

  it("two creates of one run with identical inputs never take the same attempt", async () => {
    const run = ctxFor("ab123-ovh");
    const [a, b] = await Promise.all([
      tenant.createTenant(run, tenantInputs, shared),
      tenant.createTenant(run, tenantInputs, shared),
    ]);
    expect(a.serviceName).not.toBe(b.serviceName);
    expect(world.orders).toHaveLength(2);
  });

  it("two unfinished attempts equally like the inputs: refused, naming both; nothing ordered", async () => {
    world.fault("payOrder", "before", () => new Crash("killed"), 2);
    const run = ctxFor("ab123-ovh");
    await Promise.allSettled([
      tenant.createTenant(run, { ...tenantInputs, displayName: "ACME One" }, shared),
      tenant.createTenant(run, { ...tenantInputs, displayName: "ACME Two" }, shared),
    ]);
    const err = await tenant
      .createTenant(ctxFor("ab123-ovh"), { ...tenantInputs, displayName: "ACME Three" }, shared)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "AMBIGUOUS_ATTEMPTS" });
    expect((err as Error).message).toMatch(
      /2 earlier attempts .*cart cart-\d+ \(checked out.*; cart cart-\d+/,
    );
    expect(world.orders).toHaveLength(2);
  });

  it("the done mark failing fails the create (nothing recorded); the retry takes the tenant and marks it", async () => {
    // The first assignCart is the cart's: let it pass, fail the mark's.
    const api = ctxFor("ab123-ovh").api;
    let assigns = 0;
    const port = new Proxy(api, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r);
        if (p !== "assignCart") return v;
        return async (cartId: string) => {
          assigns += 1;
          if (assigns === 2) throw new FakeApiError(503, "maintenance", "POST");
          return (v as (id: string) => Promise<unknown>)(cartId);
        };
      },
    });
    const err = await tenant
      .createTenant({ api: port, now: () => world.now }, tenantInputs, shared)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ORDER_NOT_MARKED" });
    expect((err as Error).message).toMatch(/Run again: the run finds order \d+/);
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared);
    expect(world.orders).toHaveLength(1);
    expect(state.serviceName).toBe(world.orders[0]!.serviceName);
    const marks = world.carts.filter((c) => c.description.startsWith("o365r:done:"));
    expect(marks.map((c) => c.assigned)).toEqual([false, true]);
  });

  it("an edit that cannot be applied after taking an order is recorded as the tenant is (the next plan shows it)", async () => {
    world.fault("payOrder", "before", () => new Crash("killed"));
    await expect(tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, shared)).rejects.toThrow();
    world.fault("updateTenant", "before", () => new FakeApiError(503, "maintenance", "PUT"));
    const err = await tenant
      .createTenant(ctxFor("ab123-ovh"), edit(tenantInputs), shared)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).state).toMatchObject({ displayName: "ACME GmbH", status: "ok" });
    const plan = tenant.diffTenant(
      (err as PartialCreateError).state as tenant.TenantState,
      edit(tenantInputs),
      {
        account: "ab123-ovh",
      },
    );
    expect(plan.action).toBe("update");
    expect(world.orders).toHaveLength(1);
  });
});

/** The port, killed when the create marks its attempt done (its second createCart). */
function cutAtDoneMark(api: ReturnType<FakeCsp2["port"]>) {
  let carts = 0;
  return new Proxy(api, {
    get(t, p, r) {
      const v = Reflect.get(t, p, r);
      if (p !== "createCart" || typeof v !== "function") return v;
      return async (...args: unknown[]) => {
        carts += 1;
        if (carts === 2) throw new Crash("killed before the done mark");
        return (v as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

describe("tenant update after a create that did not finish", () => {
  const halfCreated = async () => {
    world.fault("getTenant", "before", () => new FakeApiError(503, "maintenance"));
    const err = await tenant
      .createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    return (err as PartialCreateError).state as tenant.TenantState;
  };

  it("an update with nothing changed reads the tenant: the state becomes true, nothing is written", async () => {
    const partial = await halfCreated();
    expect(partial).toMatchObject({ status: "unknown", creationDate: "", hasAcceptedNewMCA: null });
    expect(tenant.isPartialTenantState(partial)).toBe(true);
    const ctx = ctxFor("ab123-ovh");
    const next = await tenant.updateTenant(ctx, partial, tenantInputs);
    expect(next).toMatchObject({
      serviceName: partial.serviceName,
      orderId: partial.orderId,
      ovhAccount: "ab123-ovh",
      status: "ok",
      hasAcceptedNewMCA: true,
    });
    expect(next.creationDate).not.toBe("");
    expect(tenant.isPartialTenantState(next)).toBe(false);
    expect(ctx.api.calls).toEqual(["whoAmI", "getTenant"]);
    expect(world.orders).toHaveLength(1);
  });

  it("a state-only update of a half-created tenant records the change and reads the outputs", async () => {
    const partial = await halfCreated();
    const ctx = ctxFor("ab123-ovh");
    const next = await tenant.updateTenant(ctx, partial, { ...tenantInputs, allowTermination: true });
    expect(next).toMatchObject({ allowTermination: true, status: "ok" });
    expect(ctx.api.calls).toEqual(["whoAmI", "getTenant"]);
  });

  it("a read that still fails is an error (the state stays partial, the next run tries again)", async () => {
    const partial = await halfCreated();
    world.fault("getTenant", "before", () => new FakeApiError(503, "maintenance"));
    await expect(tenant.updateTenant(ctxFor("ab123-ovh"), partial, tenantInputs)).rejects.toMatchObject({
      code: "API_FAILURE",
    });
  });

  it("a complete state is not read again on an update with nothing changed", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    const ctx = ctxFor("ab123-ovh");
    await tenant.updateTenant(ctx, state, tenantInputs);
    expect(ctx.api.calls).toEqual(["whoAmI"]);
  });
});

describe("tenant read, update, delete, adopt", () => {
  it("read under the owner's credentials of a gone tenant → gone; under another account's → ownership error", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    expect(await tenant.readTenant(ctxFor("ab123-ovh"), state)).toMatchObject({ status: "found" });
    await expect(tenant.readTenant(ctxFor("cd456-ovh"), state)).rejects.toMatchObject({
      code: "OWNERSHIP_MISMATCH",
    });
    world.tenants.delete(state.serviceName);
    expect(await tenant.readTenant(ctxFor("ab123-ovh"), state)).toEqual({ status: "gone" });
    await expect(
      tenant.readTenant(ctxFor("ab123-ovh"), { ...state, ovhAccount: null }),
    ).rejects.toMatchObject({
      code: "OWNERSHIP_UNCONFIRMED",
    });
  });

  it("read reports changes made behind our back", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    world.tenants.get(state.serviceName)!.displayName = "Renamed in the control panel";
    const r = await tenant.readTenant(ctxFor("ab123-ovh"), state);
    expect(r.status === "found" && r.state.displayName).toBe("Renamed in the control panel");
  });

  it("update PUTs only the changed fields; a state-only change calls nothing", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    const ctx = ctxFor("ab123-ovh");
    const next = await tenant.updateTenant(ctx, state, {
      ...tenantInputs,
      contact: { ...tenantInputs.contact, city: "Hamburg" },
    });
    expect(next.contact.city).toBe("Hamburg");
    expect(world.tenants.get(state.serviceName)!.city).toBe("Hamburg");
    const ctx2 = ctxFor("ab123-ovh");
    const only = await tenant.updateTenant(ctx2, next, {
      ...tenantInputs,
      contact: next.contact,
      allowTermination: true,
    });
    expect(only.allowTermination).toBe(true);
    expect(ctx2.api.calls).toEqual(["whoAmI"]);
  });

  it("delete is refused without allowTermination, ends at expiry with it", async () => {
    const state = await tenant.createTenant(ctxFor("ab123-ovh"), tenantInputs, { idempotencyKey: "k" });
    await expect(tenant.deleteTenant(ctxFor("ab123-ovh"), state)).rejects.toMatchObject({
      code: "TENANT_DELETION_REFUSED",
    });
    await tenant.deleteTenant(ctxFor("ab123-ovh"), { ...state, allowTermination: true });
    expect(world.tenants.get(state.serviceName)!.deleteAtExpiration).toBe(true);
  });

  it("adopt brings an existing tenant in without ordering; another account's is refused", async () => {
    world.addTenant("ab123-ovh", "csp2-seeded01", { displayName: "Seeded" });
    world.addTenant("cd456-ovh", "csp2-foreign1");
    const state = await tenant.createTenant(
      ctxFor("ab123-ovh"),
      { ...tenantInputs, adoptServiceName: "csp2-seeded01" },
      { idempotencyKey: "k" },
    );
    expect(state).toMatchObject({
      serviceName: "csp2-seeded01",
      displayName: "Seeded",
      ovhAccount: "ab123-ovh",
      orderId: null,
    });
    await expect(
      tenant.createTenant(
        ctxFor("ab123-ovh"),
        { ...tenantInputs, adoptServiceName: "csp2-foreign1" },
        { idempotencyKey: "k" },
      ),
    ).rejects.toMatchObject({ code: "ADOPT_NOT_FOUND" });
    expect(world.orders).toHaveLength(0);
  });
});

describe("import", () => {
  it("imports a tenant and a subscription (an add-on with its parent) from their ids", async () => {
    world.addTenant("ab123-ovh", "csp2-0000abcd", { displayName: "Imported" });
    const base = world.addSub("csp2-0000abcd", 1, 10, "2026-01-01T00:00:00Z");
    const addon = world.addSub("csp2-0000abcd", 3, 2, "2026-01-01T00:00:00Z", base.id);
    const t = await tenant.importTenant(ctxFor("ab123-ovh"), "csp2-0000abcd");
    expect(t).toMatchObject({
      serviceName: "csp2-0000abcd",
      displayName: "Imported",
      contact: { city: "Berlin" },
      ovhAccount: "ab123-ovh",
    });
    const s = await subscription.importSubscription(ctxFor("ab123-ovh"), `csp2-0000abcd/${addon.id}`);
    expect(s).toMatchObject({
      license: "Exchange Online Archiving",
      quantity: 2,
      parent: base.id,
      subscriptionId: addon.id,
    });
    await expect(subscription.importSubscription(ctxFor("ab123-ovh"), "nonsense")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(tenant.importTenant(ctxFor("cd456-ovh"), "csp2-0000abcd")).rejects.toMatchObject({
      code: "TENANT_NOT_IN_ACCOUNT",
      message: expect.stringMatching(/not visible to OVHcloud account cd456-ovh/),
    });
    await expect(
      subscription.importSubscription(ctxFor("cd456-ovh"), `csp2-0000abcd/${addon.id}`),
    ).rejects.toMatchObject({ code: "SUBSCRIPTION_NOT_IN_ACCOUNT" });
  });
});

describe("subscriptions", () => {
  beforeEach(() => {
    world.addTenant("ab123-ovh", "csp2-0000abcd");
  });
  const ctx = () => ctxFor("ab123-ovh");

  it("create, update (with the new total), read, delete", async () => {
    const s = await subscription.createSubscription(ctx(), subInputs);
    expect(s).toMatchObject({
      licenseId: 1,
      licenseName: "Microsoft 365 Business Standard",
      quantity: 25,
      ovhAccount: "ab123-ovh",
    });
    const up = await subscription.updateSubscription(ctx(), s, { ...subInputs, quantity: 30 });
    expect(up.quantity).toBe(30);
    expect(world.subs.get("csp2-0000abcd")![0]!.quantity).toBe(30);
    world.subs.get("csp2-0000abcd")![0]!.quantity = 28;
    const read = await subscription.readSubscription(ctx(), up);
    expect(read.status === "found" && read.state.quantity).toBe(28);
    await subscription.deleteSubscription(ctx(), up);
    expect(world.subs.get("csp2-0000abcd")).toEqual([]);
    expect(await subscription.readSubscription(ctx(), up)).toEqual({ status: "gone" });
  });

  it("a POST whose answer is lost is adopted, not sent again", async () => {
    world.fault("addSubscription", "after", () => new FakeNetworkError("reset"));
    const s = await subscription.createSubscription(ctx(), subInputs);
    expect(world.subs.get("csp2-0000abcd")).toHaveLength(1);
    expect(s.subscriptionId).toBe(world.subs.get("csp2-0000abcd")![0]!.id);
    expect(world.calls.filter((c) => c.endsWith("addSubscription"))).toHaveLength(1);
  });

  it("a crash after the POST, then a retried create → adopts the young subscription", async () => {
    world.fault("waitForTask", "before", () => new Crash("killed"));
    const err = await subscription.createSubscription(ctx(), subInputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).id).toBe(`csp2-0000abcd/${world.subs.get("csp2-0000abcd")![0]!.id}`);
    const s = await subscription.createSubscription(ctx(), subInputs);
    expect(world.subs.get("csp2-0000abcd")).toHaveLength(1);
    expect(s.subscriptionId).toBe(world.subs.get("csp2-0000abcd")![0]!.id);
  });

  it("an update with nothing changed after a half-done create reads the subscription, writing nothing", async () => {
    world.fault("waitForTask", "before", () => new Crash("killed"));
    const err = await subscription.createSubscription(ctx(), subInputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    const partial = (err as PartialCreateError).state as subscription.SubscriptionState;
    expect(partial.status).toBe("unknown");
    expect(subscription.isPartialSubscriptionState(partial)).toBe(true);
    const remote = world.subs.get("csp2-0000abcd")![0]!;
    remote.lastUpdate = "2026-01-02T03:04:05Z" as never;
    const c = ctx();
    const next = await subscription.updateSubscription(c, partial, subInputs);
    expect(next).toMatchObject({
      subscriptionId: remote.id,
      status: "active",
      lastUpdate: "2026-01-02T03:04:05Z",
      quantity: 25,
    });
    expect(subscription.isPartialSubscriptionState(next)).toBe(false);
    expect(c.api.calls.filter((m) => !/^(whoAmI|get|list)/.test(m))).toEqual([]);
    // Read from the tenant's list (one list answers every subscription of a tenant).
    expect(c.api.calls).toContain("listSubscriptions");
    expect(world.subs.get("csp2-0000abcd")).toHaveLength(1);
  });

  it("a half-created subscription that is gone is not made up: the update says to refresh", async () => {
    world.fault("waitForTask", "before", () => new Crash("killed"));
    const err = await subscription.createSubscription(ctx(), subInputs).catch((e: unknown) => e);
    const partial = (err as PartialCreateError).state as subscription.SubscriptionState;
    world.subs.set("csp2-0000abcd", []);
    const failure = await subscription.updateSubscription(ctx(), partial, subInputs).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "SUBSCRIPTION_NOT_VISIBLE" });
    expect((failure as Error).message).toMatch(/refresh/);
  });

  it("a 4xx answer to the POST is a definite refusal: no search, no adoption", async () => {
    world.tenants.get("csp2-0000abcd")!.hasAcceptedNewMCA = false;
    await expect(subscription.createSubscription(ctx(), subInputs)).rejects.toMatchObject({
      code: "MCA_NOT_ACCEPTED",
    });
    expect(world.calls.some((c) => c.endsWith("addSubscription"))).toBe(false);
  });

  it("a pre-existing older subscription of that licence is refused with how to adopt it", async () => {
    const old = world.addSub("csp2-0000abcd", 1, 10, "2025-06-01T00:00:00Z");
    const err = await subscription.createSubscription(ctx(), subInputs).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SUBSCRIPTION_EXISTS" });
    expect((err as Error).message).toContain(`adoptSubscriptionId: ${old.id}`);
    const adopted = await subscription.createSubscription(ctx(), {
      ...subInputs,
      adoptSubscriptionId: old.id,
    });
    expect(adopted).toMatchObject({ subscriptionId: old.id, quantity: 10 });
    expect(world.subs.get("csp2-0000abcd")).toHaveLength(1);
  });

  it("an ended subscription of that licence neither blocks a new order nor is adopted; it reads as gone", async () => {
    const ended = world.addSub("csp2-0000abcd", 1, 25, world.now.toISOString());
    ended.status = "deleted";
    const s = await subscription.createSubscription(ctx(), subInputs);
    expect(s.subscriptionId).not.toBe(ended.id);
    const state = { ...s, subscriptionId: ended.id };
    expect(await subscription.readSubscription(ctx(), state)).toEqual({ status: "gone" });
    expect(subscription.hasEnded(" Cancelled ")).toBe(true);
    expect(subscription.hasEnded("active")).toBe(false);
  });

  it("adopting a subscription of another licence is refused", async () => {
    const other = world.addSub("csp2-0000abcd", 2, 10, "2025-06-01T00:00:00Z");
    await expect(
      subscription.createSubscription(ctx(), { ...subInputs, adoptSubscriptionId: other.id }),
    ).rejects.toMatchObject({ code: "ADOPT_MISMATCH", property: "license" });
  });

  it("a tenant of another account is refused before any write", async () => {
    world.addTenant("cd456-ovh", "csp2-foreign1");
    await expect(
      subscription.createSubscription(ctx(), { ...subInputs, tenant: "csp2-foreign1" }),
    ).rejects.toMatchObject({ code: "TENANT_NOT_IN_ACCOUNT" });
  });

  it("seat reduction outside the window: the API's refusal is explained", async () => {
    const s = await subscription.createSubscription(ctx(), subInputs);
    world.now = new Date(world.now.getTime() + 10 * 86_400_000);
    const err = await subscription
      .updateSubscription(ctx(), s, { ...subInputs, quantity: 20 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceError);
    expect(err).toMatchObject({ code: "SEAT_REDUCTION_REFUSED", property: "quantity" });
    expect((err as Error).message).toMatch(/from 25 to 20.*168 hours.*renews/);
  });

  it("cancellation outside the window: explained, with retainOnDelete / removed as the way out", async () => {
    const s = await subscription.createSubscription(ctx(), subInputs);
    world.now = new Date(world.now.getTime() + 10 * 86_400_000);
    const err = await subscription.deleteSubscription(ctx(), s).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CANCELLATION_REFUSED" });
    expect((err as Error).message).toMatch(/retainOnDelete/);
  });

  it("add-ons are ordered under their parent", async () => {
    const base = await subscription.createSubscription(ctx(), subInputs);
    const addon = await subscription.createSubscription(ctx(), {
      tenant: "csp2-0000abcd",
      license: "Exchange Online Archiving",
      quantity: 5,
      parent: base.subscriptionId,
    });
    expect(world.calls.filter((c) => c.endsWith("orderAddon"))).toHaveLength(1);
    expect(addon).toMatchObject({ licenseId: 3, parent: base.subscriptionId });
  });

  it("update under another account's credentials is refused with no call but whoAmI", async () => {
    const s = await subscription.createSubscription(ctx(), subInputs);
    const other = ctxFor("cd456-ovh");
    await expect(
      subscription.updateSubscription(other, s, { ...subInputs, quantity: 40 }),
    ).rejects.toMatchObject({
      code: "OWNERSHIP_MISMATCH",
    });
    expect(other.api.calls).toEqual(["whoAmI"]);
  });
});
