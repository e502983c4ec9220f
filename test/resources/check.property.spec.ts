// Properties of check over random inputs: every value is either accepted (normalised to the rule's
// form) or refused with a failure naming the property, carrying the value, and stating the rule.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { subscription, tenant } from "../../provider/resources/index.js";
import { FakeCsp2 } from "./fake-port.js";
import { contact, subInputs, subState, tenantInputs } from "./fixtures.js";

const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom("+", ".", " ", "-", "0", "4", "9", "@", "a", "(", ")") }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(""),
);

describe("tenant check over random values", () => {
  const fields: [string, RegExp][] = [
    ["contact.phone", /^\+[1-9]\d{0,2}\.\d{4,}$/],
    ["contact.email", /^[^\s@]+@[a-z0-9.-]+\.[a-z]{2,63}$/],
    ["contact.zipCode", /^[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9]$/],
    ["mpnId", /^\d{6,10}$/],
    ["displayName", /^\S(.*\S)?$/s],
    ["subdomain", /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/],
  ];
  it.each(fields)("%s: accepted in its normal form, or refused naming property and value", (path, form) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const [head, tail] = path.split(".");
        const news = structuredClone({ ...tenantInputs }) as Record<
          string,
          Record<string, unknown> | unknown
        >;
        if (tail) (news[head!] as Record<string, unknown>)[tail] = value;
        else news[head!] = value;
        const r = tenant.checkTenant(news);
        const optionalAbsent = path === "subdomain" && (value === null || value === "");
        if (r.inputs) {
          const got = tail
            ? (r.inputs.contact as Record<string, unknown>)[tail]
            : (r.inputs as Record<string, unknown>)[head!];
          if (optionalAbsent) expect(got).toBeUndefined();
          else expect(String(got)).toMatch(form);
          expect(r.failures).toEqual([]);
        } else {
          expect(r.failures).toHaveLength(1);
          const f = r.failures[0]!;
          expect(f.property).toBe(path);
          if (value !== null) expect(f.value).toBe(value);
          expect(f.reason.length).toBeGreaterThan(8);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("subscription check over random values", () => {
  it.each(["quantity", "parent", "adoptSubscriptionId", "license", "tenant"])("%s", (property) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const r = subscription.checkSubscription({ ...subInputs, [property]: value });
        if (r.inputs) {
          const got = (r.inputs as Record<string, unknown>)[property];
          if (["quantity", "parent", "adoptSubscriptionId"].includes(property) && got !== undefined) {
            expect(Number.isInteger(got) && (got as number) >= 1).toBe(true);
          }
        } else {
          expect(r.failures.map((f) => f.property)).toEqual([property]);
          if (value !== null) expect(r.failures[0]!.value).toBe(value);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("refusals never reach a mutating call", () => {
  const MUTATING = new Set([
    "updateTenant",
    "terminateTenantAtExpiry",
    "addSubscription",
    "changeQuantity",
    "cancelSubscription",
    "orderAddon",
    "createCart",
    "assignCart",
    "addTenantItem",
    "configureTenantItem",
    "addOption",
    "updateCartItem",
    "deleteCartItem",
    "deleteCart",
    "checkout",
    "payOrder",
  ]);

  it("MCA not accepted: any seat change is refused with reads only", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }).filter((q) => q !== 25),
        async (quantity) => {
          const world = new FakeCsp2();
          world.addTenant("ab123-ovh", "csp2-0000abcd", { hasAcceptedNewMCA: false });
          const sub = world.addSub("csp2-0000abcd", 1, 25, world.now.toISOString());
          const api = world.port("ab123-ovh");
          const state = subState({ subscriptionId: sub.id, creationDate: sub.creationDate });
          await expect(
            subscription.updateSubscription({ api, now: () => world.now }, state, { ...subInputs, quantity }),
          ).rejects.toMatchObject({ code: "MCA_NOT_ACCEPTED" });
          expect(api.calls.filter((c) => MUTATING.has(c))).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a sub-domain change without allowReplacement, and a tenant delete without allowTermination", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9]{1,20}$/), async (sub) => {
        fc.pre(sub !== "acme");
        const world = new FakeCsp2();
        world.addTenant("ab123-ovh", "csp2-0000abcd");
        const api = world.port("ab123-ovh");
        const state = {
          ...tenantInputs,
          contact,
          subdomain: "acme",
          schemaVersion: 1 as const,
          serviceName: "csp2-0000abcd",
          status: "ok",
          creationDate: "",
          adminPortalUrl: "",
          ovhAccount: "ab123-ovh",
        };
        await expect(
          tenant.updateTenant({ api }, state, { ...tenantInputs, subdomain: sub }),
        ).rejects.toMatchObject({
          code: "SUBDOMAIN_CHANGE_REFUSED",
        });
        await expect(tenant.deleteTenant({ api }, state)).rejects.toMatchObject({
          code: "TENANT_DELETION_REFUSED",
        });
        expect(api.calls.filter((c) => MUTATING.has(c))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
