// Tenant resource against the real emulator and the real client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials } from "../../emulator/index.js";
import {
  type Csp2Port,
  type OperationContext,
  PartialCreateError,
  subscription,
  tenant,
} from "../../provider/resources/index.js";
import { apiFor, ctxFor, type EmulatorHandle, Killed, killAt, MUTATING, startWorld } from "./harness.js";

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;

beforeAll(async () => {
  em = await startWorld();
  alice = em.createAccount({ nic: "ab123-ovh" });
  bob = em.createAccount({ nic: "cd456-ovh" });
});
afterAll(async () => {
  await em?.stop();
});

let n = 0;
/** Inputs unique per test, so that order matching never sees another test's order. */
function inputs(over: Partial<tenant.TenantInputs> = {}): tenant.TenantInputs {
  n += 1;
  return {
    displayName: `ACME ${n} GmbH`,
    mpnId: "1234567",
    contact: {
      firstName: "Anna",
      lastName: "Muster",
      email: `it${n}@acme.example`,
      phone: "+49.301234567",
      address: "Hauptstr. 1",
      city: "Berlin",
      zipCode: "10115",
    },
    ...over,
  };
}

const ordersOf = (nic: string) => Object.values(em.state().orders).filter((o) => o.nic === nic);
const ordersFor = (nic: string, displayName: string) =>
  ordersOf(nic).filter((o) => o.details.some((d) => d.configurations.some((c) => c.value === displayName)));

describe("tenant create, read, update, delete", () => {
  it("orders a tenant, shows progress, records the account", async () => {
    const lines: string[] = [];
    const ctx = ctxFor(em, alice, lines);
    const ins = inputs({ subdomain: "acmeone" });
    const state = await tenant.createTenant(ctx, ins, { idempotencyKey: "proj/dev/acme" });
    expect(state).toMatchObject({
      schemaVersion: 1,
      displayName: ins.displayName,
      status: "ok",
      ovhAccount: "ab123-ovh",
      hasAcceptedNewMCA: true,
      subdomain: "acmeone",
    });
    expect(state.serviceName).toMatch(/^csp2-[0-9a-f]{8}$/);
    expect(state.orderId).toBe(ordersFor("ab123-ovh", ins.displayName)[0]!.orderId);
    expect(lines.some((l) => /Order \d+ placed/.test(l))).toBe(true);
    expect(lines.some((l) => /delivered: tenant csp2-/.test(l))).toBe(true);

    const read = await tenant.readTenant(ctxFor(em, alice), state);
    expect(read).toMatchObject({
      status: "found",
      state: { serviceName: state.serviceName, displayName: ins.displayName },
    });

    const updated = await tenant.updateTenant(ctxFor(em, alice), state, {
      ...ins,
      displayName: "ACME renamed",
      contact: { ...ins.contact, city: "Hamburg" },
    });
    expect(updated).toMatchObject({ displayName: "ACME renamed", contact: { city: "Hamburg" } });
    const api = apiFor(em, alice);
    expect(await api.getTenant(state.serviceName)).toMatchObject({
      displayName: "ACME renamed",
      city: "Hamburg",
    });

    await expect(tenant.deleteTenant(ctxFor(em, alice), updated)).rejects.toMatchObject({
      code: "TENANT_DELETION_REFUSED",
    });
    await tenant.deleteTenant(ctxFor(em, alice), { ...updated, allowTermination: true });
    expect((await api.getServiceInfos(state.serviceName)).renew?.deleteAtExpiration).toBe(true);
  });

  it("read shows a change made behind our back (another credential of the same account)", async () => {
    const state = await tenant.createTenant(ctxFor(em, alice), inputs(), { idempotencyKey: `drift-${n}` });
    const colleague = em.addCredential("ab123-ovh");
    await apiFor(em, colleague).updateTenant(state.serviceName, {
      displayName: "Changed in the control panel",
    });
    const read = await tenant.readTenant(ctxFor(em, alice), state);
    expect(read.status === "found" && read.state.displayName).toBe("Changed in the control panel");
    const plan = tenant.diffTenant(
      read.status === "found" ? read.state : state,
      tenant.tenantInputsOf(state),
      {
        account: "ab123-ovh",
      },
    );
    expect(plan).toMatchObject({ action: "update", changes: [{ property: "displayName" }] });
  });

  it("adopts a seeded tenant without ordering; another account's tenant is not adoptable", async () => {
    const seeded = em.createTenant({ account: "ab123-ovh", displayName: "Seeded GmbH" });
    const before = ordersOf("ab123-ovh").length;
    const state = await tenant.createTenant(
      ctxFor(em, alice),
      inputs({ adoptServiceName: seeded.serviceName }),
      { idempotencyKey: "adopt" },
    );
    expect(state).toMatchObject({
      serviceName: seeded.serviceName,
      displayName: "Seeded GmbH",
      orderId: null,
    });
    expect(ordersOf("ab123-ovh")).toHaveLength(before);
    const foreign = em.createTenant({ account: "cd456-ovh", displayName: "Bob's" });
    await expect(
      tenant.createTenant(ctxFor(em, alice), inputs({ adoptServiceName: foreign.serviceName }), {
        idempotencyKey: "x",
      }),
    ).rejects.toMatchObject({ code: "ADOPT_NOT_FOUND" });
  });
});

describe("ownership guard", () => {
  it("another account's credentials: read, update and delete are refused; no mutating call is made", async () => {
    const state = await tenant.createTenant(ctxFor(em, alice), inputs(), { idempotencyKey: `own-${n}` });
    em.clearCalls();
    const ctx = ctxFor(em, bob);
    await expect(tenant.readTenant(ctx, state)).rejects.toMatchObject({ code: "OWNERSHIP_MISMATCH" });
    await expect(
      tenant.updateTenant(ctx, state, { ...tenant.tenantInputsOf(state), displayName: "Moved" }),
    ).rejects.toThrow(
      /belongs to OVHcloud account ab123-ovh but these credentials are for cd456-ovh.*end it on ab123-ovh/,
    );
    await expect(tenant.deleteTenant(ctx, { ...state, allowTermination: true })).rejects.toMatchObject({
      code: "OWNERSHIP_MISMATCH",
    });
    const calls = em.calls();
    expect(calls.filter((c) => MUTATING.has(c.method))).toEqual([]);
    // Only the account lookup (plus the client's unsigned clock sync): nothing about the tenant itself.
    expect(calls.map((c) => `${c.method} ${c.path}`).filter((c) => c !== "GET /auth/time")).toEqual([
      "GET /me",
    ]);
  });

  it("a read of a tenant that is really gone (own account, 404) reports gone", async () => {
    const state = await tenant.createTenant(ctxFor(em, alice), inputs(), { idempotencyKey: `gone-${n}` });
    const r = await tenant.readTenant(ctxFor(em, alice), { ...state, serviceName: "csp2-deadbeef" });
    expect(r).toEqual({ status: "gone" });
  });
});

describe("tenant create never orders twice (killed at each step, then run again)", () => {
  const cuts: [
    string,
    "checkout" | "payOrder" | "waitForOrderDelivered" | "configureTenantItem",
    "before" | "after",
  ][] = [
    ["before checkout", "checkout", "before"],
    ["after checkout", "checkout", "after"],
    ["after payment", "payOrder", "after"],
    ["before delivery", "waitForOrderDelivered", "before"],
    ["while configuring", "configureTenantItem", "after"],
  ];
  it.each(cuts)("killed %s → exactly one order", async (_label, method, when) => {
    const ins = inputs();
    const key = `kill-${method}-${when}`;
    const first: OperationContext = { ...ctxFor(em, alice) };
    first.api = killAt(first.api, method, when);
    await expect(tenant.createTenant(first, ins, { idempotencyKey: key })).rejects.toBeInstanceOf(Killed);
    const lines: string[] = [];
    const state = await tenant.createTenant(ctxFor(em, alice, lines), ins, { idempotencyKey: key });
    const orders = ordersFor("ab123-ovh", ins.displayName);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.status).toBe("delivered");
    expect(state.orderId).toBe(orders[0]!.orderId);
    expect(state.serviceName).toBe(orders[0]!.details[0]!.domain);
    const carts = Object.values(em.state().carts).filter((c) => c.description === `o365r:${key}`);
    expect(carts).toHaveLength(1);
  });

  it("a replacement for a new sub-domain under the same resource key orders a second tenant", async () => {
    const ins = inputs({ subdomain: "firstsub" });
    const a = await tenant.createTenant(ctxFor(em, alice), ins, { idempotencyKey: "replace-me" });
    const b = await tenant.createTenant(
      ctxFor(em, alice),
      { ...ins, subdomain: "secondsub", allowReplacement: true },
      {
        idempotencyKey: "replace-me",
      },
    );
    expect(b.serviceName).not.toBe(a.serviceName);
    expect(ordersFor("ab123-ovh", ins.displayName)).toHaveLength(2);
  });

  it("a checkout whose answer is lost (connection dropped after processing) → one order, same run", async () => {
    const ins = inputs();
    em.addFault({ method: "POST", path: "/order/cart/*/checkout", drop: "after", count: 1 });
    const state = await tenant.createTenant(ctxFor(em, alice), ins, { idempotencyKey: "lost-checkout" });
    expect(ordersFor("ab123-ovh", ins.displayName)).toHaveLength(1);
    expect(state.serviceName).toMatch(/^csp2-/);
  });

  it("a lost answer while configuring the cart: one message naming the tenant and the step, one piece of advice; the next run orders once", async () => {
    const ins = inputs();
    em.addFault({ method: "POST", path: "/order/cart/*/item/*/configuration", drop: "after", count: 1 });
    const err = await tenant
      .createTenant(ctxFor(em, alice), ins, { idempotencyKey: "lost-configuration" })
      .catch((e: unknown) => e);
    em.clearFaults();
    expect(err).toMatchObject({ code: "TENANT_ORDER_FAILED" });
    const message = (err as Error).message;
    expect(message).toContain(
      `Ordering tenant "${ins.displayName}": configuring the tenant (MPN ID, contact) failed`,
    );
    expect(message).toMatch(/Nothing was ordered: the order stopped before the checkout of cart \S+/);
    expect(message).toMatch(/Run apply again: it resumes cart \S+; nothing will be ordered twice\./);
    // The client's own advice for a lost POST ("read the current state") is not repeated beside it.
    expect(message).not.toMatch(/read the current state/);
    expect(ordersFor("ab123-ovh", ins.displayName)).toHaveLength(0);
    const state = await tenant.createTenant(ctxFor(em, alice), ins, { idempotencyKey: "lost-configuration" });
    expect(state.serviceName).toMatch(/^csp2-/);
    expect(ordersFor("ab123-ovh", ins.displayName)).toHaveLength(1);
  });

  it("a delivery that outlasts the timeout names the order; the next run waits for it, ordering nothing", async () => {
    const ins = inputs({ timeouts: { create: "1s" } });
    em.addFault({ method: "POST", path: "/order/cart/*/checkout", delayMs: 0, order: "stuck", count: 1 });
    const err = await tenant
      .createTenant(ctxFor(em, alice), ins, { idempotencyKey: "slow" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect((err as Error).message).toMatch(
      /Delivery of order \d+ did not finish within 1s.*timeouts\.create/,
    );
    expect(ordersFor("ab123-ovh", ins.displayName)).toHaveLength(1);
    expect(err).not.toBeInstanceOf(PartialCreateError);
    const lines: string[] = [];
    await expect(
      tenant.createTenant(ctxFor(em, alice, lines), ins, { idempotencyKey: "slow" }),
    ).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    expect(lines.some((l) => /already checked out/.test(l))).toBe(true);
    expect(ordersFor("ab123-ovh", ins.displayName)).toHaveLength(1);
  });
});

describe("never ordering twice survives edits (killed at each step, inputs edited, run again)", () => {
  type Cut = [string, keyof Csp2Port, "before" | "after", number?];
  const cuts: Cut[] = [
    ["while configuring", "configureTenantItem", "after"],
    ["after a licence option was attached", "addOption", "after"],
    ["before checkout", "checkout", "before"],
    ["after checkout", "checkout", "after"],
    ["after payment", "payOrder", "after"],
    ["before delivery", "waitForOrderDelivered", "before"],
    ["after delivery", "serviceNameFromOrder", "after"],
    ["while reading the new tenant", "getTenant", "before"],
    // The plan's throwaway cart (what a new tenant is sold with), the order's cart, then the done mark.
    ["before the done mark", "createCart", "before", 3],
  ];
  const STANDARD = "Microsoft 365 Business Standard";
  /** A customer of its own: the shared key sees every attempt of the account, so each test has one. */
  const customer = (tag: string): tenant.TenantInputs => ({
    displayName: `${tag} Handels GmbH`,
    mpnId: "1234567",
    contact: {
      firstName: "Jana",
      lastName: `Kunde-${tag}`,
      email: `it@${tag.toLowerCase()}.example`,
      phone: `+49.30${[...tag].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7)}`,
      address: `${tag}weg 5`,
      city: "Leipzig",
      zipCode: "04109",
    },
    licenses: [{ license: STANDARD, quantity: 2 }],
  });
  const edited = (i: tenant.TenantInputs): tenant.TenantInputs => ({
    ...i,
    displayName: `${i.displayName} (renamed)`,
    contact: { ...i.contact, email: `admin.${i.contact.email}`, phone: "+49.309876543" },
  });
  const orders = (nic: string) => ordersOf(nic);
  const shared = { idempotencyKey: "terraform", keyScope: "shared" as const };
  const marks = (nic: string) =>
    Object.values(em.state().carts).filter(
      (c) => c.nic === nic && (c.description ?? "").startsWith("o365r:done:"),
    );

  for (const scope of ["shared", "resource"] as const) {
    it.each(cuts)(
      `${scope} key: killed %s, then edited → one order, the edit applied`,
      async (_l, method, when, nth) => {
        const account = em.createAccount();
        const options = {
          idempotencyKey: scope === "shared" ? "terraform" : `proj/dev/${method}`,
          keyScope: scope,
        };
        // Another customer's finished order in the same account: never taken.
        const other = await tenant.createTenant(ctxFor(em, account), customer("Other"), {
          ...options,
          idempotencyKey: scope === "shared" ? "terraform" : "proj/dev/other",
        });
        const mine = customer("Mine");
        const first: OperationContext = { ...ctxFor(em, account) };
        first.api = killAt(first.api, method, when, nth ?? 1);
        // The process dies there: whatever it was doing when killed, nothing after runs.
        await expect(tenant.createTenant(first, mine, options)).rejects.toThrow();

        const warnings: string[] = [];
        const state = await tenant.createTenant(ctxFor(em, account), edited(mine), {
          ...options,
          onWarning: (w) => warnings.push(w.code),
        });
        expect(orders(account.nic)).toHaveLength(2);
        expect(state.serviceName).not.toBe(other.serviceName);
        const remote = await apiFor(em, account).getTenant(state.serviceName);
        expect(remote).toMatchObject({
          displayName: "Mine Handels GmbH (renamed)",
          email: "admin.it@mine.example",
          phone: "+49.309876543",
        });
        expect(state).toMatchObject({ displayName: "Mine Handels GmbH (renamed)", status: "ok" });
        expect(await apiFor(em, account).getTenant(other.serviceName)).toMatchObject({
          displayName: "Other Handels GmbH",
        });
        // One subscription for the licence, bought once.
        expect(Object.values(em.state().tenants[state.serviceName]!.subscriptions)).toHaveLength(1);
        expect(marks(account.nic)).toHaveLength(2);
        const placedBefore =
          !["configureTenantItem", "addOption"].includes(method) &&
          !(method === "checkout" && when === "before");
        expect(warnings.includes("EARLIER_ORDER_TAKEN")).toBe(placedBefore);
      },
    );
  }

  it("two tenants of one run, both killed before delivery, both run again with edits in parallel: one order each", async () => {
    const account = em.createAccount();
    const options = { idempotencyKey: "terraform", keyScope: "shared" as const };
    const run1: OperationContext = { ...ctxFor(em, account) };
    run1.api = killAt(run1.api, "waitForOrderDelivered", "before", 2);
    const [a, b] = [customer("Alpha"), customer("Beta")];
    const killed = await Promise.allSettled([
      tenant.createTenant(run1, a, options),
      tenant.createTenant(run1, b, options),
    ]);
    expect(killed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(orders(account.nic)).toHaveLength(2);

    const run2 = ctxFor(em, account);
    const [sa, sb] = await Promise.all([
      tenant.createTenant(run2, edited(a), options),
      tenant.createTenant(run2, edited(b), options),
    ]);
    expect(orders(account.nic)).toHaveLength(2);
    const api = apiFor(em, account);
    expect((await api.getTenant(sa.serviceName)).displayName).toBe("Alpha Handels GmbH (renamed)");
    expect((await api.getTenant(sb.serviceName)).displayName).toBe("Beta Handels GmbH (renamed)");
    expect((await api.getTenant(sa.serviceName)).lastName).toBe("Kunde-Alpha");
  });

  it("a finished create whose state was lost: the same inputs take its tenant; edited ones are refused, naming it", async () => {
    const account = em.createAccount();
    const options = { idempotencyKey: "terraform", keyScope: "shared" as const };
    const mine = customer("Lost");
    const first = await tenant.createTenant(ctxFor(em, account), mine, options);
    const err = await tenant
      .createTenant(ctxFor(em, account), edited(mine), options)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ATTEMPT_UNCERTAIN" });
    expect((err as Error).message).toContain(`tenant ${first.serviceName} (order ${first.orderId}`);
    expect((err as Error).message).toMatch(/differs in displayName, contact\.email, contact\.phone/);
    const again = await tenant.createTenant(ctxFor(em, account), mine, options);
    expect(again.serviceName).toBe(first.serviceName);
    expect(orders(account.nic)).toHaveLength(1);
  });

  it("a finished create whose state was lost, run again unedited while another tenant's unfinished cart resembles it: its own tenant, no second order", async () => {
    // The soak's two tenants: alike but for the display name and the contact's last name (6 of 8).
    const account = em.createAccount();
    const alpha = customer("Twin");
    const beta = {
      ...alpha,
      displayName: "Twin Beta GmbH",
      contact: { ...alpha.contact, lastName: "Zwilling" },
    };
    // Beta's create finishes and a plan shows its tenant in beta's state (held); then alpha's create
    // dies while configuring: its cart stays open, unfinished, with alpha's values. (In the soak,
    // alpha's cart was made while beta's create ran, which the held tenant stands in for here.)
    const first = await tenant.createTenant(ctxFor(em, account), beta, shared);
    const options = { ...shared, held: (name: string) => name === first.serviceName };
    const cut: OperationContext = { ...ctxFor(em, account) };
    cut.api = killAt(cut.api, "configureTenantItem", "before");
    await expect(tenant.createTenant(cut, alpha, options)).rejects.toThrow(Killed);

    // Beta's state is lost (its engine killed before saving it): the next run creates both again.
    const run = ctxFor(em, account);
    const again = await tenant.createTenant(run, beta, options);
    expect(again.serviceName).toBe(first.serviceName);
    const other = await tenant.createTenant(run, alpha, options);
    expect(ordersFor(account.nic, beta.displayName)).toHaveLength(1);
    expect(ordersFor(account.nic, alpha.displayName)).toHaveLength(1);
    expect(orders(account.nic)).toHaveLength(2);
    expect((await apiFor(em, account).getTenant(other.serviceName)).lastName).toBe("Kunde-Twin");
  });

  it("a finished tenant set to end (its resource destroyed) is not taken: the same inputs order anew", async () => {
    const account = em.createAccount();
    const options = { idempotencyKey: "terraform", keyScope: "shared" as const };
    const mine = customer("Ended");
    const first = await tenant.createTenant(ctxFor(em, account), mine, options);
    await tenant.deleteTenant(ctxFor(em, account), { ...first, allowTermination: true });
    const second = await tenant.createTenant(ctxFor(em, account), mine, options);
    expect(second.serviceName).not.toBe(first.serviceName);
    expect(orders(account.nic)).toHaveLength(2);
  });

  it("the search's cost: one listing and one read per cart, read-only carts and marks read once per client", async () => {
    const account = em.createAccount();
    const options = { idempotencyKey: "terraform", keyScope: "shared" as const };
    const ctx = ctxFor(em, account);
    await tenant.createTenant(ctx, customer("One"), options);
    await tenant.createTenant(ctx, customer("Two"), options);
    em.clearCalls();
    await tenant.createTenant(ctx, customer("Three"), options);
    const gets = em.calls().filter((c) => c.method === "GET" && /^\/order\/cart(\/[^/]+)?$/.test(c.path));
    // The listing, and nothing else: the two checked-out carts and their two marks are known already.
    expect(gets.map((c) => c.path)).toEqual(["/order/cart"]);
  });
});

describe("a tenant ordered with its first licences", () => {
  const STANDARD = "Microsoft 365 Business Standard";
  const E3 = "Office 365 E3";
  const subsOf = (serviceName: string) =>
    Object.values(em.state().tenants[serviceName]!.subscriptions).map((s) => [s.licenseId, s.quantity]);

  it("buys one subscription per licence with the tenant; the matching subscription resource adopts it without buying again", async () => {
    const ins = inputs({
      licenses: [
        { license: "microsoft 365 business-standard", quantity: 5 },
        { license: E3, quantity: 2 },
      ],
    });
    const lines: string[] = [];
    const state = await tenant.createTenant(ctxFor(em, alice, lines), ins, { idempotencyKey: `lic-${n}` });
    expect(
      lines.some((l) =>
        l.includes("the tenant comes with 5 × Microsoft 365 Business Standard, 2 × Office 365 E3"),
      ),
    ).toBe(true);
    const order = ordersFor("ab123-ovh", ins.displayName);
    expect(order).toHaveLength(1);
    expect(order[0]!.details.map((d) => [d.planCode, d.quantity])).toEqual([
      ["csp2-tenant", 1],
      ["csp2-option-microsoft-365-business-standard", 5],
      ["csp2-option-office-365-e3", 2],
    ]);
    expect(subsOf(state.serviceName)).toEqual([
      [2, 5],
      [5, 2],
    ]);

    em.clearCalls();
    const standard = await subscription.createSubscription(ctxFor(em, alice), {
      tenant: state.serviceName,
      license: STANDARD,
      quantity: 5,
    });
    expect(standard.quantity).toBe(5);
    const e3 = await subscription.createSubscription(ctxFor(em, alice), {
      tenant: state.serviceName,
      license: E3,
      quantity: 4,
    });
    expect(e3.quantity).toBe(4);
    // Nothing bought again: the only write raises E3 from 2 to 4 seats in place.
    const writes = em.calls().filter((c) => MUTATING.has(c.method));
    expect(writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${state.serviceName}/subscription/${e3.subscriptionId}/changeQuantity`,
    ]);
    expect(subsOf(state.serviceName)).toEqual([
      [2, 5],
      [5, 4],
    ]);
  });

  it.each([
    ["after an option was attached", "addOption", "after"],
    ["after checkout", "checkout", "after"],
  ] as const)("killed %s → exactly one order, each licence bought once", async (_label, method, when) => {
    const ins = inputs({ licenses: [{ license: STANDARD, quantity: 3 }] });
    const key = `lic-kill-${method}`;
    const first: OperationContext = { ...ctxFor(em, alice) };
    first.api = killAt(first.api, method, when);
    await expect(tenant.createTenant(first, ins, { idempotencyKey: key })).rejects.toBeInstanceOf(Killed);
    const state = await tenant.createTenant(ctxFor(em, alice), ins, { idempotencyKey: key });
    const orders = ordersFor("ab123-ovh", ins.displayName);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.details.map((d) => d.planCode)).toEqual([
      "csp2-tenant",
      "csp2-option-microsoft-365-business-standard",
    ]);
    expect(subsOf(state.serviceName)).toEqual([[2, 3]]);
  });

  it("refuses before checkout, naming the licence and what is offered: nothing ordered", async () => {
    const ins = inputs({ licenses: [{ license: "Visio Plan 2", quantity: 1 }] });
    em.clearCalls();
    const err = await tenant
      .createTenant(ctxFor(em, alice), ins, { idempotencyKey: `lic-bad-${n}` })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "LICENCE_NOT_OFFERED", property: "licenses[0].license" });
    expect((err as Error).message).toMatch(
      /"Visio Plan 2" is not offered with a new tenant: OVHcloud's cart offers "Microsoft 365 Business Basic", .*"Office 365 E3"/,
    );
    expect(em.calls().filter((c) => c.path.endsWith("/checkout"))).toEqual([]);
    expect(ordersFor("ab123-ovh", ins.displayName)).toEqual([]);
  });

  it("a plan that requires a licence option: a tenant without one is refused before checkout; nothing ordered", async () => {
    em.setTenantPlan({ requireLicenceOption: true });
    try {
      const ins = inputs();
      // Without licences the plan reads nothing (a preview writes nothing): the create checks.
      em.clearCalls();
      expect((await tenant.planTenantCreate(ctxFor(em, alice), ins)).action).toBe("create");
      expect(em.calls().filter((c) => c.path.startsWith("/order/cart"))).toEqual([]);
      const err = await tenant
        .createTenant(ctxFor(em, alice), ins, { idempotencyKey: `lic-req-${n}` })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "LICENCE_OPTION_REQUIRED" });
      expect((err as Error).message).toMatch(
        /only with at least one option of its mandatory family "licence".*Nothing was ordered/,
      );
      expect(ordersFor("ab123-ovh", ins.displayName)).toEqual([]);
      const ok = await tenant.planTenantCreate(ctxFor(em, alice), {
        ...ins,
        licenses: [{ license: E3, quantity: 1 }],
      });
      expect(ok.action).toBe("create");
    } finally {
      em.setTenantPlan({ requireLicenceOption: false });
    }
  });

  it("an account without a payment method: a free tenant is paid from the fidelity account; one with licences is refused before checkout", async () => {
    const poor = em.createAccount({ nic: "pp999-ovh", paymentMethod: false });
    const free = inputs();
    const lines: string[] = [];
    await tenant.createTenant(ctxFor(em, poor, lines), free, { idempotencyKey: `poor-${n}` });
    expect(lines.some((l) => /paid from the fidelity account/.test(l))).toBe(true);
    const priced = inputs({ licenses: [{ license: E3, quantity: 1 }] });
    const err = await tenant
      .createTenant(ctxFor(em, poor), priced, { idempotencyKey: `poor-${n}` })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "NO_PAYMENT_METHOD" });
    expect((err as Error).message).toMatch(
      /\(22\.70 € excl\. tax\) cannot be paid: the account has no default payment method.*Nothing was ordered/,
    );
    expect(ordersFor("pp999-ovh", priced.displayName)).toEqual([]);
  });
});
