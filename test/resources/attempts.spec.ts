// The rule that picks the earlier attempt a tenant create takes up (pure: fingerprints, descriptions,
// the choice). The flows that read carts and orders run against the fake port (operations.spec.ts)
// and the real emulator (tenant.integ.spec.ts).
import { describe, expect, it } from "vitest";
import { tenant } from "../../provider/resources/index.js";
import { contact, tenantInputs } from "./fixtures.js";

const fp = (over: Partial<tenant.TenantInputs> = {}, licences: tenant.TenantLicence[] = []) =>
  tenant.fingerprintOf(tenant.orderConfiguration({ ...tenantInputs, ...over }), licences);
const NOW = new Date("2026-03-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function attempt(over: Partial<tenant.Attempt> & { cartId: string }): tenant.Attempt {
  return { readOnly: false, created: minutesAgo(5), carried: fp(), done: null, ...over };
}
const opts = (over: Partial<tenant.ChoiceOptions> = {}): tenant.ChoiceOptions => ({
  scope: "shared",
  inputs: fp(),
  now: NOW,
  claimed: () => false,
  ...over,
});

describe("fingerprints", () => {
  it("are the same for the same values however they are spelled, and name what differs", () => {
    const a = fp();
    const b = fp({
      displayName: "  acme   gmbh ",
      contact: { ...contact, phone: "+49 301234567", email: "it@ACME.example" },
    });
    expect(tenant.likeness(a, b)).toMatchObject({ sameConfiguration: true, score: 8, differs: [] });
    const edited = fp({ displayName: "ACME AG", contact: { ...contact, email: "admin@acme.example" } });
    expect(tenant.likeness(a, edited)).toMatchObject({
      sameConfiguration: false,
      sameSubdomain: true,
      score: 6,
      differs: ["displayName", "contact.email"],
    });
    expect(tenant.likeness(a, fp({ subdomain: "acme" })).sameSubdomain).toBe(false);
  });

  it("hold the licences apart from the configuration; a configuration read back knows no licences", () => {
    const withStandard = fp({}, [{ license: "Microsoft 365 Business Standard", quantity: 5 }]);
    expect(tenant.likeness(fp(), withStandard)).toMatchObject({
      sameConfiguration: true,
      sameLicences: false,
    });
    const labels = tenant.fingerprintOfLabels([
      { label: "mpnId", value: "1234567" },
      { label: "displayName", value: "ACME GmbH" },
      ...Object.entries(contact).map(([label, value]) => ({ label, value })),
    ]);
    expect(tenant.likeness(withStandard, labels)).toMatchObject({
      sameConfiguration: true,
      sameLicences: null,
    });
  });

  it("hold nothing in clear", () => {
    const text = fp();
    expect(text).toMatch(/^[0-9a-f]{44}$/);
    for (const value of [contact.email, contact.city, "1234567"]) expect(text).not.toContain(value);
  });
});

describe("descriptions", () => {
  it("a shared-scope cart and a done mark read back what was written; other carts are not read as ours", () => {
    const d = tenant.sharedCartDescription("terraform", NOW, fp());
    expect(d).toMatch(/^o365r:terraform:[0-9a-z]+:[0-9a-f]{44}$/);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(tenant.parseSharedDescription("terraform", d)).toEqual({ created: NOW, fingerprint: fp() });
    expect(tenant.parseSharedDescription("terraform", "o365r:terraform/dev/acme")).toBeUndefined();
    expect(tenant.parseSharedDescription("terraform", "o365r:terraform:0123456789abcdef")).toBeUndefined();
    expect(
      tenant.parseSharedDescription("terraform", tenant.cartDescription("proj/dev/acme")),
    ).toBeUndefined();

    const mark = tenant.doneMarkDescription({
      cartId: "9f1c8f4e-1d7a-4f5e-9b1e-2c3d4e5f6a7b",
      orderId: 12345678,
      serviceName: "csp2-1a2b3c4d",
      at: NOW,
      fingerprint: fp(),
    });
    expect(mark.length).toBeLessThanOrEqual(100);
    expect(tenant.parseDoneMark(mark)).toMatchObject({
      orderId: 12345678,
      serviceName: "csp2-1a2b3c4d",
      at: NOW,
      fingerprint: fp(),
    });
    expect(tenant.parseDoneMark(d)).toBeUndefined();
    expect(tenant.parseDoneMark("o365r:done/dev/acme")).toBeUndefined();
  });
});

describe("which unfinished attempt is taken up", () => {
  it("shared scope: the one whose inputs resemble these, even edited; not one of another customer", () => {
    const mine = attempt({
      cartId: "mine",
      carried: fp({ displayName: "ACME", contact: { ...contact, phone: "+49.30999" } }),
    });
    const other = attempt({
      cartId: "other",
      carried: fp({
        displayName: "Globex",
        contact: {
          ...contact,
          firstName: "Hank",
          lastName: "Scorpio",
          email: "it@globex.example",
          phone: "+1.5550100",
          address: "1 Globex Way",
        },
      }),
    });
    const choice = tenant.chooseUnfinished([other, mine], opts());
    expect(choice).toMatchObject({ kind: "resume", chosen: { attempt: { cartId: "mine" } } });
    // Only city and postcode in common: another customer, not taken.
    expect(tenant.chooseUnfinished([other], opts())).toBeNull();
  });

  it("shared scope: fewer than half of the customer values unedited is another tenant", () => {
    const edited = fp({
      displayName: "New name",
      contact: {
        ...contact,
        firstName: "Berta",
        lastName: "Beispiel",
        email: "b@acme.example",
        phone: "+49.3055555",
      },
    });
    expect(tenant.likeness(fp(), edited).score).toBe(3);
    expect(tenant.PLAUSIBLE_MIN).toBe(4);
    expect(tenant.chooseUnfinished([attempt({ cartId: "a", carried: edited })], opts())).toBeNull();
  });

  it("shared scope: another sub-domain, a claimed attempt, or one older than the lookback is not taken", () => {
    const a = attempt({ cartId: "a" });
    expect(tenant.chooseUnfinished([a], opts({ inputs: fp({ subdomain: "acme" }) }))).toBeNull();
    expect(tenant.chooseUnfinished([a], opts({ claimed: (id: string) => id === "a" }))).toBeNull();
    const old = attempt({
      cartId: "old",
      created: new Date(NOW.getTime() - tenant.ORDER_LOOKBACK_MS - 1000),
    });
    expect(tenant.chooseUnfinished([old], opts())).toBeNull();
  });

  it("shared scope: the most alike wins; two equally alike are ambiguous", () => {
    const close = attempt({ cartId: "close", carried: fp({ displayName: "ACME AG" }) });
    const far = attempt({
      cartId: "far",
      carried: fp({
        displayName: "ACME AG",
        contact: { ...contact, email: "x@acme.example", phone: "+49.301" },
      }),
    });
    expect(tenant.chooseUnfinished([far, close], opts())).toMatchObject({
      chosen: { attempt: { cartId: "close" } },
    });
    const twin = attempt({ cartId: "twin", carried: fp({ displayName: "ACME SE" }) });
    expect(tenant.chooseUnfinished([close, twin], opts())).toMatchObject({ kind: "ambiguous" });
    // The same values outrank a near match.
    expect(tenant.chooseUnfinished([close, attempt({ cartId: "same" })], opts())).toMatchObject({
      chosen: { attempt: { cartId: "same" } },
    });
  });

  it("resource scope: any attempt under the key, edits or not; a checked-out one first; two checked out are ambiguous", () => {
    const open = attempt({ cartId: "open", carried: null, created: null });
    const out = attempt({ cartId: "out", readOnly: true, carried: null, created: null });
    const res = opts({ scope: "resource", inputs: fp({ displayName: "Edited" }) });
    expect(tenant.chooseUnfinished([open], res)).toMatchObject({ chosen: { attempt: { cartId: "open" } } });
    expect(tenant.chooseUnfinished([open, out], res)).toMatchObject({
      chosen: { attempt: { cartId: "out" } },
    });
    expect(tenant.chooseUnfinished([out, { ...out, cartId: "out2" }], res)).toMatchObject({
      kind: "ambiguous",
    });
  });
});

describe("finished attempts", () => {
  const done = (cartId: string, over: Partial<tenant.DoneMark> = {}): tenant.Attempt =>
    attempt({
      cartId,
      readOnly: true,
      done: {
        ref: "x",
        orderId: 7,
        serviceName: `csp2-${cartId}`,
        at: minutesAgo(10),
        fingerprint: fp(),
        ...over,
      },
    });

  it("are looked at only when no unfinished attempt fits, and only within the done window", () => {
    const unfinished = attempt({ cartId: "u", readOnly: true });
    expect(tenant.chooseUnfinished([done("d"), unfinished], opts())).toMatchObject({
      chosen: { attempt: { cartId: "u" } },
    });
    expect(
      tenant.finishedCandidates(
        [done("d", { at: new Date(NOW.getTime() - tenant.DONE_WINDOW_MS - 1) })],
        opts(),
      ),
    ).toEqual([]);
  });

  it("the same inputs: taken (the engine lost a finished create); resembling ones: refused, never taken", () => {
    expect(tenant.chooseFinished(tenant.finishedCandidates([done("d")], opts()))).toMatchObject({
      kind: "finished",
    });
    const edited = opts({ inputs: fp({ displayName: "ACME AG" }) });
    expect(tenant.chooseFinished(tenant.finishedCandidates([done("d")], edited))).toMatchObject({
      kind: "uncertain",
    });
    expect(tenant.chooseFinished(tenant.finishedCandidates([done("a"), done("b")], opts()))).toMatchObject({
      kind: "ambiguous",
    });
    // Another customer's finished tenant is no candidate at all.
    const globex = opts({
      inputs: fp({
        displayName: "Globex",
        contact: {
          ...contact,
          firstName: "Hank",
          lastName: "Scorpio",
          email: "it@globex.example",
          phone: "+1.5550100",
          address: "1 Globex Way",
        },
      }),
    });
    expect(tenant.finishedCandidates([done("d")], globex)).toEqual([]);
  });

  it("resource scope: a finished attempt of the key with other inputs is refused (a reused name)", () => {
    const res = opts({
      scope: "resource",
      inputs: fp({ displayName: "Another customer", contact: { ...contact, email: "x@y.example" } }),
    });
    expect(tenant.chooseFinished(tenant.finishedCandidates([done("d")], res))).toMatchObject({
      kind: "uncertain",
    });
  });
});
