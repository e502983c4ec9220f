// Pure parts of the emulator: signature, globs, access rules, seeded randomness, fair use, the
// 168-hour window and renewals, date arithmetic.
import { describe, expect, it } from "vitest";
import { isGranted } from "../../emulator/auth/access-rules.js";
import { expectedSignature, signatureMatches } from "../../emulator/auth/signature.js";
import { FairUse } from "../../emulator/control/fair-use.js";
import { Faults } from "../../emulator/control/faults.js";
import { globRegExp } from "../../emulator/control/glob.js";
import type { Subscription } from "../../emulator/core/state.js";
import { addMonths, HOUR_MS } from "../../emulator/core/time.js";
import { isLoopback } from "../../emulator/http/loopback.js";
import { termStart, windowOpen, windowStart } from "../../emulator/rules.js";

describe("signature", () => {
  // Expected values computed outside this code with `printf '%s' '<canonical>' | sha1sum`.
  const vectors = [
    {
      parts: {
        applicationSecret: "EXEMPLEsecret",
        consumerKey: "EXEMPLEck",
        method: "GET",
        fullUrl: "https://eu.api.ovh.com/1.0/me",
        body: '{"a":1}',
        timestamp: "1366560945",
      },
      expected: "$1$71a831f8552300078e572e95af54bac8523521dd",
    },
    {
      parts: {
        applicationSecret: "AS",
        consumerKey: "CK",
        method: "POST",
        fullUrl: "http://127.0.0.1:8080/1.0/saas/csp2/csp2-0a1b2c3d/subscription?x=1",
        body: '{"licenseId":5,"quantity":3}',
        timestamp: "1700000000",
      },
      expected: "$1$eaeb80f341fbdcb61ae900dd5443dea6790510a4",
    },
  ];
  it.each(vectors)("signs $parts.method $parts.fullUrl", ({ parts, expected }) => {
    expect(expectedSignature(parts)).toBe(expected);
    expect(signatureMatches(parts, expected)).toBe(true);
    expect(signatureMatches(parts, expected.replace(/.$/, "0"))).toBe(false);
    expect(signatureMatches(parts, "short")).toBe(false);
  });
});

describe("fault globs", () => {
  it.each([
    ["/saas/csp2/*/subscription", "/saas/csp2/csp2-1/subscription", true],
    ["/saas/csp2/*/subscription", "/saas/csp2/csp2-1/subscription/5", false],
    ["/saas/csp2/*", "/saas/csp2/a/b", false],
    ["/saas/csp2/**", "/saas/csp2/a/b", true],
    ["/saas/csp2/**", "/saas/csp2", false],
    ["/me/order/*/status", "/me/order/12/status", true],
    ["**", "/anything/at/all", true],
    ["/order/cart/*/checkout", "/order/cart/x.y/checkout", true],
  ])("%s vs %s → %s", (glob, path, matches) => {
    expect(globRegExp(glob).test(path)).toBe(matches);
  });
});

describe("access rules", () => {
  const rules = [
    { method: "GET", path: "/saas/csp2/*" },
    { method: "GET", path: "/me" },
  ];
  it("grants by method and path, * spanning slashes", () => {
    expect(isGranted(rules, "GET", "/saas/csp2/csp2-1/subscription/3")).toBe(true);
    expect(isGranted(rules, "GET", "/me")).toBe(true);
    expect(isGranted(rules, "GET", "/me/order")).toBe(false);
    expect(isGranted(rules, "POST", "/saas/csp2/csp2-1/subscription")).toBe(false);
    expect(isGranted(rules, "GET", "/saas/csp2")).toBe(false);
  });
});

describe("faults", () => {
  function pattern(seed: number): boolean[] {
    const faults = new Faults();
    faults.add({ path: "/me", status: 503, probability: 0.5, seed });
    return Array.from({ length: 40 }, () => faults.decide("GET", "/me") !== null);
  }
  it("fire on the same calls for the same seed", () => {
    expect(pattern(42)).toEqual(pattern(42));
    expect(pattern(42)).not.toEqual(pattern(7));
    const fired = pattern(42).filter(Boolean).length;
    expect(fired).toBeGreaterThan(8);
    expect(fired).toBeLessThan(32);
  });
  it("respect count and method", () => {
    const faults = new Faults();
    faults.add({ method: "post", path: "/x", status: 500, count: 2 });
    expect(faults.decide("GET", "/x")).toBeNull();
    expect(faults.decide("POST", "/x")?.status).toBe(500);
    expect(faults.decide("POST", "/x")?.status).toBe(500);
    expect(faults.decide("POST", "/x")).toBeNull();
  });
});

describe("fair use", () => {
  it("allows the limit per minute per key, then says when to retry", () => {
    const limiter = new FairUse(3);
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("a", t).ok)).toEqual([true, true, true]);
    const refused = limiter.take("a", t);
    expect(refused).toEqual({ ok: false, retryAfter: 20 });
    expect(limiter.take("b", t).ok).toBe(true);
    expect(limiter.take("a", t + 20_000).ok).toBe(true);
  });
  it("is off at 0", () => {
    const limiter = new FairUse(0);
    for (let i = 0; i < 1000; i += 1) expect(limiter.take("a", 0).ok).toBe(true);
  });
});

describe("Microsoft's 168-hour window", () => {
  const purchased = Date.UTC(2025, 0, 31, 12);
  const sub: Subscription = {
    id: 1,
    licenseId: 5,
    quantity: 10,
    status: "active",
    creationDate: purchased,
    lastUpdate: purchased,
    taskPendingId: 0,
    purchasedAt: purchased,
    seatsAddedAt: null,
    parentId: null,
  };
  it("is open for 168 hours after purchase", () => {
    expect(windowOpen(sub, purchased + 168 * HOUR_MS, 12)).toBe(true);
    expect(windowOpen(sub, purchased + 168 * HOUR_MS + 1, 12)).toBe(false);
  });
  it("reopens at each renewal of the term", () => {
    const renewal = addMonths(purchased, 1);
    expect(new Date(renewal).toISOString()).toBe("2025-02-28T12:00:00.000Z");
    expect(termStart(sub, renewal + HOUR_MS, 1)).toBe(renewal);
    expect(windowOpen(sub, renewal + HOUR_MS, 1)).toBe(true);
    expect(windowOpen(sub, renewal + HOUR_MS, 12)).toBe(false);
  });
  it("reopens when seats are added", () => {
    const added = purchased + 30 * 24 * HOUR_MS;
    const withSeats = { ...sub, seatsAddedAt: added };
    expect(windowStart(withSeats, added + HOUR_MS, 12)).toBe(added);
    expect(windowOpen(withSeats, added + HOUR_MS, 12)).toBe(true);
  });
});

describe("loopback peers", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["::ffff:192.168.1.2", false],
    [undefined, false],
  ])("%s → %s", (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
