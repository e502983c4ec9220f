// Properties of the diffs over random old states, new inputs and accounts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { subscription, tenant } from "../../provider/resources/index.js";
import { forbiddenPort, LICENCES } from "./fake-port.js";
import { NOW, subState, tenantState } from "./fixtures.js";

const account = fc.constantFrom("ab123-ovh", "cd456-ovh", "ef789-ovh");
const serviceName = fc.constantFrom("csp2-0000abcd", "csp2-0000beef", "csp2-00c0ffee");
const licence = fc.constantFrom(...LICENCES.filter((l) => l.licenceType !== "ADDON"));
const quantity = fc.integer({ min: 1, max: 300 });
const date = fc.date({
  min: new Date("2025-01-01T00:00:00Z"),
  max: new Date("2026-03-01T00:00:00Z"),
  noInvalidDate: true,
});
const mca = fc.constantFrom(true, false, null, undefined);

const oldSub = fc.record({
  tenant: serviceName,
  licence,
  quantity,
  ovhAccount: account,
  creationDate: date,
  lastUpdate: fc.option(date, { nil: null }),
});
const newSub = fc.record({
  tenant: serviceName,
  license: fc.oneof(
    licence.map((l) => l.name),
    licence.map((l) => String(l.id)),
    licence.map((l) => l.name.toUpperCase()),
  ),
  quantity,
  timeouts: fc.option(fc.record({ update: fc.constantFrom("5m", "1h") }), { nil: undefined }),
});
const observedSub = fc.record({
  account,
  tenantVisible: fc.boolean(),
  mca,
  now: fc.date({
    min: new Date("2026-03-01T00:00:00Z"),
    max: new Date("2026-06-01T00:00:00Z"),
    noInvalidDate: true,
  }),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type OldSub = ValueOf<typeof oldSub>;
type NewSub = ValueOf<typeof newSub>;
type ObservedSub = ValueOf<typeof observedSub>;

function toState(o: OldSub) {
  return subState({
    tenant: o.tenant,
    license: o.licence.name,
    licenseId: o.licence.id,
    licenseName: o.licence.name,
    quantity: o.quantity,
    ovhAccount: o.ovhAccount,
    creationDate: o.creationDate.toISOString(),
    lastUpdate: o.lastUpdate?.toISOString() ?? null,
  });
}
function toObserved(n: NewSub, ob: ObservedSub) {
  return {
    account: ob.account,
    tenant: { serviceName: n.tenant, visible: ob.tenantVisible, hasAcceptedNewMCA: ob.mca },
    catalogue: LICENCES,
    now: ob.now,
  };
}

describe("subscription diff properties", () => {
  it("a change of quantity alone is never planned as a replace", () => {
    fc.assert(
      fc.property(oldSub, quantity, observedSub, (o, q, ob) => {
        const state = toState(o);
        const news = { tenant: o.tenant, license: o.licence.name, quantity: q };
        const plan = subscription.diffSubscription(
          state,
          news,
          toObserved({ ...news, timeouts: undefined }, ob),
        );
        expect(plan.action).not.toBe("replace");
        expect(plan.replaces).toEqual([]);
        if (plan.action !== "refuse") expect(plan.action).toBe(q === o.quantity ? "noop" : "update");
      }),
    );
  });

  it("an ownership change is never planned as anything but a refusal", () => {
    fc.assert(
      fc.property(oldSub, newSub, observedSub, (o, n, ob) => {
        fc.pre(ob.account !== o.ovhAccount);
        const plan = subscription.diffSubscription(toState(o), n, toObserved(n, ob));
        expect(plan.action).toBe("refuse");
        expect(plan.replaces).toEqual([]);
        expect(plan.refusals.map((r) => r.code)).toContain("OWNERSHIP_MISMATCH");
      }),
    );
  });

  it("a tenant the credentials cannot see is always refused", () => {
    fc.assert(
      fc.property(oldSub, newSub, observedSub, (o, n, ob) => {
        fc.pre(!ob.tenantVisible);
        expect(subscription.diffSubscription(toState(o), n, toObserved(n, ob)).action).toBe("refuse");
      }),
    );
  });

  it("with the MCA refused, no plan buys or changes seats", () => {
    fc.assert(
      fc.property(oldSub, newSub, observedSub, (o, n, ob) => {
        const plan = subscription.diffSubscription(toState(o), n, toObserved(n, { ...ob, mca: false }));
        expect(["noop", "refuse"].includes(plan.action) || plan.stateOnly).toBe(true);
      }),
    );
  });

  it("plans are always create-first and replaces only name licence, tenant, parent or quantity", () => {
    fc.assert(
      fc.property(oldSub, newSub, observedSub, (o, n, ob) => {
        const plan = subscription.diffSubscription(toState(o), n, toObserved(n, ob));
        expect(plan.deleteBeforeReplace).toBe(false);
        for (const p of plan.replaces) expect(["license", "tenant", "parent", "quantity"]).toContain(p);
        if (plan.action === "replace") expect(plan.replaces.some((p) => p !== "quantity")).toBe(true);
      }),
    );
  });

  it("a refusal never calls the API: update refuses before any call but whoAmI", async () => {
    await fc.assert(
      fc.asyncProperty(oldSub, newSub, async (o, n) => {
        const api = forbiddenPort();
        const ctx = { api, account: { nic: "zz999-ovh", subsidiary: "FR" } };
        const state = toState(o);
        await expect(subscription.updateSubscription(ctx, state, n)).rejects.toMatchObject({
          code: "OWNERSHIP_MISMATCH",
        });
        await expect(subscription.deleteSubscription(ctx, state)).rejects.toMatchObject({
          code: "OWNERSHIP_MISMATCH",
        });
        await expect(subscription.readSubscription(ctx, state)).rejects.toMatchObject({
          code: "OWNERSHIP_MISMATCH",
        });
        expect(api.calls).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const tenantNews = fc.record({
  displayName: text,
  mpnId: fc.stringMatching(/^\d{6,10}$/),
  contact: fc.record({
    firstName: text,
    lastName: text,
    email: fc.constantFrom("it@acme.example", "admin@acme.example"),
    phone: fc.constantFrom("+49.301234567", "+49 30 1234567", "+33.123456789"),
    address: text,
    city: text,
    zipCode: fc.constantFrom("10115", "75001"),
  }),
  subdomain: fc.option(fc.constantFrom("acme", "acme2"), { nil: undefined }),
  allowReplacement: fc.option(fc.boolean(), { nil: undefined }),
  allowTermination: fc.option(fc.boolean(), { nil: undefined }),
});

describe("tenant diff properties", () => {
  it("an ownership change is only ever a refusal; otherwise a sub-domain change is a replace only when allowed", () => {
    fc.assert(
      fc.property(
        tenantNews,
        fc.option(fc.constantFrom("acme", "acme2"), { nil: undefined }),
        account,
        account,
        fc.boolean(),
        (news, oldSub, owner, current, terminationApplied) => {
          const plan = tenant.diffTenant(
            tenantState({ ovhAccount: owner, subdomain: oldSub, allowTermination: terminationApplied }),
            news,
            { account: current },
          );
          if (owner !== current) {
            expect(plan.action).toBe("refuse");
            expect(plan.refusals[0]!.code).toBe("OWNERSHIP_MISMATCH");
            return;
          }
          const subChanged = (oldSub ?? "") !== (news.subdomain ?? "");
          if (subChanged) {
            expect(plan.action).toBe(news.allowReplacement && terminationApplied ? "replace" : "refuse");
          } else expect(["noop", "update"]).toContain(plan.action);
          expect(plan.deleteBeforeReplace).toBe(false);
        },
      ),
    );
  });

  it("a refusal never calls the API: tenant update/delete/read under other credentials", async () => {
    await fc.assert(
      fc.asyncProperty(tenantNews, async (news) => {
        const api = forbiddenPort();
        const ctx = { api, account: { nic: "zz999-ovh", subsidiary: "FR" } };
        const state = tenantState({ allowTermination: true });
        await expect(tenant.updateTenant(ctx, state, news)).rejects.toMatchObject({
          code: "OWNERSHIP_MISMATCH",
        });
        await expect(tenant.deleteTenant(ctx, state)).rejects.toMatchObject({ code: "OWNERSHIP_MISMATCH" });
        await expect(tenant.readTenant(ctx, state)).rejects.toMatchObject({ code: "OWNERSHIP_MISMATCH" });
        expect(api.calls).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it("subdomain and deletion refusals call no API either", async () => {
    const api = forbiddenPort();
    const ctx = { api, account: { nic: "ab123-ovh", subsidiary: "FR" } };
    await expect(tenant.deleteTenant(ctx, tenantState())).rejects.toMatchObject({
      code: "TENANT_DELETION_REFUSED",
    });
    await expect(
      tenant.updateTenant(ctx, tenantState({ subdomain: "acme" }), { ...tenantState(), subdomain: "new" }),
    ).rejects.toMatchObject({ code: "SUBDOMAIN_CHANGE_REFUSED" });
    expect(api.calls).toEqual([]);
  });
});

it("NOW fixture is inside the window of the default subscription", () => {
  expect(subscription.windowStart(subState())!.getTime()).toBeLessThan(NOW.getTime());
});
