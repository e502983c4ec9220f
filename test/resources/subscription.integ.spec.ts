// Subscription resource against the real emulator and the real client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials } from "../../emulator/index.js";
import { type OperationContext, PartialCreateError, subscription } from "../../provider/resources/index.js";
import { apiFor, ctxFor, type EmulatorHandle, killAt, MUTATING, startWorld } from "./harness.js";

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

const STANDARD = "Microsoft 365 Business Standard";
const freshTenant = (over: Record<string, unknown> = {}) =>
  em.createTenant({ account: "ab123-ovh", displayName: "ACME GmbH", ...over }).serviceName;
const subsOf = (serviceName: string) => Object.values(em.state().tenants[serviceName]!.subscriptions);
const postsTo = (glob: RegExp) => em.calls().filter((c) => c.method === "POST" && glob.test(c.path));

describe("subscription create, read, update, delete", () => {
  it("orders seats, changes them in place with the new total, reads drift, cancels", async () => {
    const tenant = freshTenant();
    const lines: string[] = [];
    const s = await subscription.createSubscription(ctxFor(em, alice, lines), {
      tenant,
      license: STANDARD,
      quantity: 25,
    });
    expect(s).toMatchObject({
      schemaVersion: 1,
      tenant,
      license: STANDARD,
      licenseId: 2,
      licenseName: STANDARD,
      quantity: 25,
      status: "active",
      ovhAccount: "ab123-ovh",
    });
    expect(lines.some((l) => /Ordering 25 seats/.test(l))).toBe(true);

    em.clearCalls();
    const up = await subscription.updateSubscription(ctxFor(em, alice), s, {
      tenant,
      license: STANDARD,
      quantity: 30,
    });
    expect(up.quantity).toBe(30);
    const change = postsTo(/changeQuantity$/);
    expect(change).toHaveLength(1);
    expect((await apiFor(em, alice).getSubscription(tenant, s.subscriptionId)).quantity).toBe(30);

    const colleague = em.addCredential("ab123-ovh");
    const task = await apiFor(em, colleague).changeQuantity(tenant, s.subscriptionId, 28);
    await apiFor(em, colleague).waitForTask(tenant, task.id);
    const read = await subscription.readSubscription(ctxFor(em, alice), up);
    expect(read.status === "found" && read.state.quantity).toBe(28);

    await subscription.deleteSubscription(ctxFor(em, alice), up);
    expect(await subscription.readSubscription(ctxFor(em, alice), up)).toEqual({ status: "gone" });
  });

  it("a licence change plans a replace and runs create-first: the new subscription, then the old cancelled", async () => {
    const tenant = freshTenant();
    const old = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 4,
    });
    const news = { tenant, license: "Microsoft 365 Business Basic", quantity: 4 };
    const plan = await subscription.planSubscription(ctxFor(em, alice), { prior: old, inputs: news });
    expect(plan).toMatchObject({ action: "replace", replaces: ["license"] });
    const created = await subscription.createSubscription(ctxFor(em, alice), news);
    expect(subsOf(tenant)).toHaveLength(2);
    await subscription.deleteSubscription(ctxFor(em, alice), old);
    expect(subsOf(tenant).map((s) => s.id)).toEqual([created.subscriptionId]);
  });

  it("a licence given by id, and an add-on under its parent", async () => {
    const tenant = freshTenant();
    const base = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: "2",
      quantity: 5,
    });
    expect(base.licenseName).toBe(STANDARD);
    const addon = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: "Exchange Online Archiving",
      quantity: 5,
      parent: base.subscriptionId,
    });
    expect(addon).toMatchObject({ licenseId: 102, parent: base.subscriptionId });
    expect(await apiFor(em, alice).addonSubscriptionIds(tenant, base.subscriptionId)).toContain(
      addon.subscriptionId,
    );
  });

  it("adopts a seeded subscription; a licence mismatch is refused", async () => {
    const seeded = em.createTenant({
      account: "ab123-ovh",
      displayName: "Seeded",
      subscriptions: [{ license: STANDARD, quantity: 12 }],
      purchasedHoursAgo: 500,
    });
    const id = seeded.subscriptions[0]!.id;
    const tenant = seeded.serviceName;
    em.clearCalls();
    const s = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 12,
      adoptSubscriptionId: id,
    });
    expect(s).toMatchObject({ subscriptionId: id, quantity: 12 });
    expect(em.calls().filter((c) => MUTATING.has(c.method))).toEqual([]);
    const plan = await subscription.planSubscription(ctxFor(em, alice), {
      prior: s,
      inputs: subscription.subscriptionInputsOf(s),
    });
    expect(plan.action).toBe("noop");
    await expect(
      subscription.createSubscription(ctxFor(em, alice), {
        tenant,
        license: "Office 365 E3",
        quantity: 12,
        adoptSubscriptionId: id,
      }),
    ).rejects.toMatchObject({ code: "ADOPT_MISMATCH" });
  });
});

describe("subscription create never buys twice", () => {
  it("the POST's answer is lost (emulator drops the connection after processing) → one subscription", async () => {
    const tenant = freshTenant();
    em.clearCalls();
    em.addFault({ method: "POST", path: `/saas/csp2/${tenant}/subscription`, drop: "after", count: 1 });
    const lines: string[] = [];
    const s = await subscription.createSubscription(ctxFor(em, alice, lines), {
      tenant,
      license: STANDARD,
      quantity: 7,
    });
    expect(subsOf(tenant)).toHaveLength(1);
    expect(s.subscriptionId).toBe(subsOf(tenant)[0]!.id);
    expect(postsTo(/\/subscription$/)).toHaveLength(1);
    expect(lines.some((l) => /no clear answer/.test(l))).toBe(true);
  });

  it("killed after the POST, then run again → adopts what the first attempt bought", async () => {
    const tenant = freshTenant();
    const first: OperationContext = { ...ctxFor(em, alice) };
    first.api = killAt(first.api, "addSubscription", "after");
    await expect(
      subscription.createSubscription(first, { tenant, license: STANDARD, quantity: 7 }),
    ).rejects.toThrow(/killed after addSubscription/);
    const lines: string[] = [];
    const s = await subscription.createSubscription(ctxFor(em, alice, lines), {
      tenant,
      license: STANDARD,
      quantity: 7,
    });
    expect(subsOf(tenant)).toHaveLength(1);
    expect(s.subscriptionId).toBe(subsOf(tenant)[0]!.id);
    expect(lines.some((l) => /interrupted earlier attempt/.test(l))).toBe(true);
  });

  it("a task that fails after the subscription exists surfaces its id (PartialCreateError)", async () => {
    const tenant = freshTenant();
    em.addFault({ method: "POST", path: `/saas/csp2/${tenant}/subscription`, task: "error", count: 1 });
    const err = await subscription
      .createSubscription(ctxFor(em, alice), { tenant, license: STANDARD, quantity: 3 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).id).toMatch(new RegExp(`^${tenant}/\\d+$`));
  });

  it("an older subscription of the same licence, bought after the tenant, is refused, naming adoptSubscriptionId", async () => {
    const seeded = em.createTenant({
      account: "ab123-ovh",
      displayName: "Has one",
      subscriptions: [{ license: STANDARD, quantity: 4 }],
      purchasedHoursAgo: 72,
      createdHoursAgo: 2000,
    });
    em.clearCalls();
    const err = await subscription
      .createSubscription(ctxFor(em, alice), { tenant: seeded.serviceName, license: STANDARD, quantity: 9 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SUBSCRIPTION_EXISTS" });
    expect((err as Error).message).toContain(`adoptSubscriptionId: ${seeded.subscriptions[0]!.id}`);
    expect(em.calls().filter((c) => MUTATING.has(c.method))).toEqual([]);
  });
});

describe("refusals (no mutating call reaches the API)", () => {
  it("another account's credentials: update, delete, read refused; a tenant of another account refused", async () => {
    const tenant = freshTenant();
    const s = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 5,
    });
    em.clearCalls();
    const ctx = ctxFor(em, bob);
    await expect(
      subscription.updateSubscription(ctx, s, { tenant, license: STANDARD, quantity: 9 }),
    ).rejects.toMatchObject({
      code: "OWNERSHIP_MISMATCH",
    });
    await expect(subscription.deleteSubscription(ctx, s)).rejects.toMatchObject({
      code: "OWNERSHIP_MISMATCH",
    });
    await expect(subscription.readSubscription(ctx, s)).rejects.toThrow(
      /belongs to OVHcloud account ab123-ovh/,
    );
    await expect(
      subscription.createSubscription(ctxFor(em, bob), { tenant, license: STANDARD, quantity: 5 }),
    ).rejects.toMatchObject({ code: "TENANT_NOT_IN_ACCOUNT" });
    expect(em.calls().filter((c) => MUTATING.has(c.method))).toEqual([]);
  });

  it("MCA not accepted: create refused, and a seat change refused at plan time", async () => {
    const tenant = freshTenant({ subscriptions: [{ license: STANDARD, quantity: 5 }] });
    const id = subsOf(tenant)[0]!.id;
    const state = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 5,
      adoptSubscriptionId: id,
    });
    const noMca = freshTenant({ hasAcceptedNewMCA: false });
    const tenantNoMca = em.createTenant({
      account: "ab123-ovh",
      displayName: "No MCA",
      hasAcceptedNewMCA: false,
      subscriptions: [{ license: STANDARD, quantity: 5 }],
    });
    em.clearCalls();
    await expect(
      subscription.createSubscription(ctxFor(em, alice), { tenant: noMca, license: STANDARD, quantity: 5 }),
    ).rejects.toThrow(/has not accepted the new Microsoft Customer Agreement/);
    const adopted = await subscription.createSubscription(ctxFor(em, alice), {
      tenant: tenantNoMca.serviceName,
      license: STANDARD,
      quantity: 5,
      adoptSubscriptionId: tenantNoMca.subscriptions[0]!.id,
    });
    const news = { ...subscription.subscriptionInputsOf(adopted), quantity: 6 };
    const plan = await subscription.planSubscription(ctxFor(em, alice), { prior: adopted, inputs: news });
    expect(plan.action).toBe("refuse");
    expect(plan.refusals[0]!.code).toBe("MCA_NOT_ACCEPTED");
    await expect(subscription.updateSubscription(ctxFor(em, alice), adopted, news)).rejects.toMatchObject({
      code: "MCA_NOT_ACCEPTED",
    });
    expect(em.calls().filter((c) => MUTATING.has(c.method))).toEqual([]);
    expect(state.subscriptionId).toBe(id);
  });

  it("seat reduction outside the 168-hour window: flagged at plan time, the API's refusal explained", async () => {
    const seeded = em.createTenant({
      account: "ab123-ovh",
      displayName: "Old seats",
      subscriptions: [{ license: STANDARD, quantity: 10 }],
      purchasedHoursAgo: 400,
    });
    const tenant = seeded.serviceName;
    const s = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 10,
      adoptSubscriptionId: seeded.subscriptions[0]!.id,
    });
    const news = { ...subscription.subscriptionInputsOf(s), quantity: 8 };
    const plan = await subscription.planSubscription(ctxFor(em, alice), { prior: s, inputs: news });
    expect(plan.action).toBe("update");
    expect(plan.warnings.map((w) => w.code)).toEqual(["SEAT_REDUCTION_OUTSIDE_WINDOW"]);
    const err = await subscription.updateSubscription(ctxFor(em, alice), s, news).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SEAT_REDUCTION_REFUSED", property: "quantity" });
    expect((err as Error).message).toMatch(/from 10 to 8 seats was refused: .*168 hours.*OVHcloud query id/);
    const cancel = await subscription.deleteSubscription(ctxFor(em, alice), s).catch((e: unknown) => e);
    expect(cancel).toMatchObject({ code: "CANCELLATION_REFUSED" });
    expect(subsOf(tenant)).toHaveLength(1);
  });

  it("a seat change inside the window after the clock moves past it is refused", async () => {
    const tenant = freshTenant();
    const s = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 10,
    });
    em.advanceClock(8 * 86_400);
    const news = { ...subscription.subscriptionInputsOf(s), quantity: 9 };
    const plan = await subscription.planSubscription(ctxFor(em, alice), { prior: s, inputs: news });
    expect(plan.warnings.map((w) => w.code)).toEqual(["SEAT_REDUCTION_OUTSIDE_WINDOW"]);
    await expect(subscription.updateSubscription(ctxFor(em, alice), s, news)).rejects.toMatchObject({
      code: "SEAT_REDUCTION_REFUSED",
    });
    const up = await subscription.updateSubscription(ctxFor(em, alice), s, { ...news, quantity: 12 });
    expect(up.quantity).toBe(12);
    // A seat addition reopens the window: the reduction is now allowed.
    const down = await subscription.updateSubscription(ctxFor(em, alice), up, { ...news, quantity: 11 });
    expect(down.quantity).toBe(11);
  });
});

describe("recovery without hand work: a task that ended in error is never taken for a purchase", () => {
  it("a failed order: recorded as failed, the next plan replaces it, its apply orders once and cancels the failed one", async () => {
    const tenant = freshTenant();
    const inputs = { tenant, license: STANDARD, quantity: 3 };
    em.addFault({ method: "POST", path: `/saas/csp2/${tenant}/subscription`, task: "error", count: 1 });
    const err = (await subscription
      .createSubscription(ctxFor(em, alice), inputs)
      .catch((e: unknown) => e)) as PartialCreateError;
    expect(err).toBeInstanceOf(PartialCreateError);
    expect(err.state).toMatchObject({ status: "error" });
    // What happened, to which subscription, whether anything was bought, the one thing to do.
    expect(err.message).toMatch(
      new RegExp(
        `ended in "error" at OVHcloud.*subscription ${err.id} exists but holds no working seats.*no working seats were bought.*Run apply again.*nothing will be ordered twice`,
      ),
    );
    const failed = err.state as subscription.SubscriptionState;

    const plan = await subscription.planSubscription(ctxFor(em, alice), { prior: failed, inputs });
    expect(plan).toMatchObject({ action: "replace", replaces: ["status"] });
    expect(plan.warnings.map((w) => w.code)).toContain("SUBSCRIPTION_ORDER_FAILED");

    // The engine's replace: the new subscription first, then the failed one deleted.
    em.clearCalls();
    const lines: string[] = [];
    const next = await subscription.createSubscription(ctxFor(em, alice, lines), inputs);
    await subscription.deleteSubscription(ctxFor(em, alice), failed);
    expect(postsTo(/\/subscription$/)).toHaveLength(1);
    expect(subsOf(tenant)).toEqual([
      expect.objectContaining({ id: next.subscriptionId, status: "active", quantity: 3 }),
    ]);
    expect(lines.some((l) => l.includes(`${err.id} of this licence is "error"`))).toBe(true);
    const after = await subscription.planSubscription(ctxFor(em, alice), { prior: next, inputs });
    expect(after.action).toBe("noop");
  });

  it("a failed seat change: the seats stay, the message says so, the next plan shows the change and its apply makes it", async () => {
    const tenant = freshTenant();
    const s = await subscription.createSubscription(ctxFor(em, alice), {
      tenant,
      license: STANDARD,
      quantity: 5,
    });
    const more = { ...subscription.subscriptionInputsOf(s), quantity: 8 };
    em.addFault({
      method: "POST",
      path: `/saas/csp2/${tenant}/subscription/*/changeQuantity`,
      task: "error",
      count: 1,
    });
    const err = await subscription.updateSubscription(ctxFor(em, alice), s, more).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SEAT_CHANGE_FAILED" });
    expect((err as Error).message).toMatch(
      /from 5 to 8 ended in "error".*keeps 5 seats, and nothing was bought.*Run apply again: it asks for 8 seats again/,
    );
    expect(subsOf(tenant)[0]).toMatchObject({ quantity: 5, status: "active" });

    const plan = await subscription.planSubscription(ctxFor(em, alice), { prior: s, inputs: more });
    expect(plan.action).toBe("update");
    const done = await subscription.applySubscription(ctxFor(em, alice), plan);
    expect(done).toMatchObject({ quantity: 8 });
    expect(subsOf(tenant)[0]).toMatchObject({ quantity: 8, status: "active" });
  });

  it("an add-on whose parent is still being delivered waits for it, then is ordered on it", async () => {
    const tenant = freshTenant();
    const ctx = ctxFor(em, alice);
    // The parent's order, started but not waited for (as a parallel resource of the same run would).
    const premium = (await ctx.api.listOrderableLicences(tenant)).find(
      (l) => l.name === "Microsoft 365 Business Premium",
    )!;
    await ctx.api.addSubscription(tenant, { licenseId: premium.id, quantity: 2 });
    const parent = subsOf(tenant)[0]!;
    expect(parent.status).toBe("creating");
    const lines: string[] = [];
    const addon = await subscription.createSubscription(ctxFor(em, alice, lines), {
      tenant,
      license: "Microsoft Teams Phone Standard",
      quantity: 2,
      parent: parent.id,
    });
    expect(addon).toMatchObject({ parent: parent.id, status: "active" });
    expect(lines.some((l) => l.includes(`Parent subscription ${parent.id} is "creating": waiting`))).toBe(
      true,
    );
  });
});
