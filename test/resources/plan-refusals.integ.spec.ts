// Bad inputs that only OVHcloud's answers can show, refused by the plan (before any mutating call),
// each naming the field, the value and the rule: an add-on whose licence its parent does not accept,
// a parent in another tenant or another account, and adoption targets that do not exist or belong to
// another account. The apply of such a plan refuses the same way and sends nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials } from "../../emulator/index.js";
import { subscription, tenant } from "../../provider/resources/index.js";
import { ctxFor, type EmulatorHandle, startWorld } from "./harness.js";

const MUTATING = new Set(["POST", "PUT", "DELETE"]);
const BASIC = "Microsoft 365 Business Basic";
const PREMIUM = "Microsoft 365 Business Premium";
const PHONE = "Microsoft Teams Phone Standard";

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;
/** Alice's tenant, with a Basic and a Premium subscription. */
let mine: { serviceName: string; basic: number; premium: number };
/** A Premium subscription in another tenant of Alice's, and one in Bob's. */
let otherTenantPremium: number;
let bobTenant: string;
let bobPremium: number;

beforeAll(async () => {
  em = await startWorld();
  alice = em.createAccount({ nic: "alice-ovh" });
  bob = em.createAccount({ nic: "bob-ovh" });
  const seeded = em.createTenant({
    account: alice.nic,
    displayName: "Mine GmbH",
    subscriptions: [
      { license: BASIC, quantity: 2 },
      { license: PREMIUM, quantity: 1 },
    ] as never,
  });
  mine = {
    serviceName: seeded.serviceName,
    basic: seeded.subscriptions[0]!.id,
    premium: seeded.subscriptions[1]!.id,
  };
  const other = em.createTenant({
    account: alice.nic,
    displayName: "Other GmbH",
    subscriptions: [{ license: PREMIUM, quantity: 1 }] as never,
  });
  otherTenantPremium = other.subscriptions[0]!.id;
  const bobs = em.createTenant({
    account: bob.nic,
    displayName: "Bob SARL",
    subscriptions: [{ license: PREMIUM, quantity: 1 }] as never,
  });
  bobTenant = bobs.serviceName;
  bobPremium = bobs.subscriptions[0]!.id;
  em.clearCalls();
});
afterAll(async () => {
  await em?.stop();
});

const mutating = () => em.calls().filter((c) => MUTATING.has(c.method));

/** Plans a new subscription of Alice's; the plan is refused, and applying it sends nothing. */
async function refusedCreate(inputs: subscription.SubscriptionInputs) {
  const ctx = ctxFor(em, alice);
  const plan = await subscription.planSubscription(ctx, { prior: null, inputs });
  expect(plan.action).toBe("refuse");
  await expect(subscription.applySubscription(ctx, plan)).rejects.toMatchObject({ kind: "refusal" });
  expect(mutating()).toEqual([]);
  return plan;
}

describe("refused at plan, naming field, value and rule, before any mutating call", () => {
  it("an add-on whose licence its parent does not accept: on license, naming what the parent accepts", async () => {
    const plan = await refusedCreate({
      tenant: mine.serviceName,
      license: PHONE,
      quantity: 1,
      parent: mine.basic,
    });
    expect(plan.failures).toEqual([
      {
        property: "license",
        value: PHONE,
        reason: `does not fit parent subscription ${mine.basic} (${BASIC}): the add-on licences it accepts are Exchange Online Archiving`,
      },
    ]);
  });

  it.each([
    ["in another tenant of the same account", () => otherTenantPremium],
    ["in another account", () => bobPremium],
    ["that does not exist", () => 999_999],
  ])("a parent %s: on parent, naming the tenant and the account", async (_what, parent) => {
    const plan = await refusedCreate({
      tenant: mine.serviceName,
      license: PHONE,
      quantity: 1,
      parent: parent(),
    });
    expect(plan.failures).toEqual([
      {
        property: "parent",
        value: parent(),
        reason: expect.stringMatching(
          new RegExp(`^is not a subscription of tenant ${mine.serviceName} in OVHcloud account alice-ovh: `),
        ),
      },
    ]);
  });

  it.each([
    ["that does not exist", () => 999_999],
    ["of another account", () => bobPremium],
    ["of another tenant", () => otherTenantPremium],
  ])("adoptSubscriptionId %s: ADOPT_NOT_FOUND on adoptSubscriptionId", async (_what, id) => {
    const plan = await refusedCreate({
      tenant: mine.serviceName,
      license: PREMIUM,
      quantity: 1,
      adoptSubscriptionId: id(),
    });
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        code: "ADOPT_NOT_FOUND",
        property: "adoptSubscriptionId",
        message: expect.stringContaining(`Subscription ${mine.serviceName}/${id()} cannot be adopted`),
      }),
    ]);
  });

  it("adoptSubscriptionId of another licence: ADOPT_MISMATCH on license, naming both licences", async () => {
    const plan = await refusedCreate({
      tenant: mine.serviceName,
      license: PREMIUM,
      quantity: 1,
      adoptSubscriptionId: mine.basic,
    });
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        code: "ADOPT_MISMATCH",
        property: "license",
        message: expect.stringMatching(
          new RegExp(`it is ${BASIC} \\(id 1\\), the resource declares ${PREMIUM} \\(id 3\\)`),
        ),
      }),
    ]);
  });

  it("adoptSubscriptionId of a failed order: refused on adoptSubscriptionId, saying it holds no seats and what to do", async () => {
    const failed = em.createTenant({
      account: alice.nic,
      displayName: "Failed order GmbH",
      subscriptions: [{ license: BASIC, quantity: 2, status: "error" }] as never,
    });
    const id = failed.subscriptions[0]!.id;
    const plan = await refusedCreate({
      tenant: failed.serviceName,
      license: BASIC,
      quantity: 2,
      adoptSubscriptionId: id,
    });
    expect(plan.refusals).toEqual([
      {
        code: "ADOPT_MISMATCH",
        property: "adoptSubscriptionId",
        message: `Subscription ${failed.serviceName}/${id} cannot be adopted: its order failed (status "error"), so it holds no working seats. Nothing was ordered or changed. Leave adoptSubscriptionId unset: apply then orders ${BASIC}.`,
      },
    ]);
  });

  it.each([
    ["that does not exist", () => "csp2-00000000"],
    ["of another account", () => bobTenant],
  ])("adoptServiceName %s: ADOPT_NOT_FOUND on adoptServiceName", async (_what, name) => {
    const ctx = ctxFor(em, alice);
    const inputs = tenant.checkTenant({
      displayName: "Adopted",
      mpnId: "1234567",
      contact: {
        firstName: "A",
        lastName: "B",
        email: "it@adopted.example",
        phone: "+49.301234567",
        address: "Hauptstr. 1",
        city: "Berlin",
        zipCode: "10115",
      },
      adoptServiceName: name(),
    }).inputs!;
    const plan = await tenant.planTenant(ctx, { prior: null, inputs });
    expect(plan.action).toBe("refuse");
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        code: "ADOPT_NOT_FOUND",
        property: "adoptServiceName",
        message: expect.stringContaining(
          `${name()} cannot be adopted: OVHcloud account alice-ovh does not see it`,
        ),
      }),
    ]);
    await expect(tenant.applyTenant(ctx, plan, { idempotencyKey: "test" })).rejects.toMatchObject({
      code: "ADOPT_NOT_FOUND",
    });
    expect(mutating()).toEqual([]);
  });
});
