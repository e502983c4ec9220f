// The Pulumi front end's pure pieces: wire values, hidden properties, check failures, error lines.
import { describe, expect, it } from "vitest";
import { OvhApiError } from "../../provider/ovh/index.js";
import { describeError, ProviderError, partialCreate } from "../../provider/pulumi/errors.js";
import { toFailure } from "../../provider/pulumi/shared.js";
import {
  coreProps,
  fromWire,
  hasUnknown,
  hiddenProps,
  PULUMI_UNKNOWN,
  stableJson,
  toWire,
} from "../../provider/pulumi/wire.js";
import { PartialCreateError, ResourceError, tenant, UNKNOWN } from "../../provider/resources/index.js";

describe("wire values", () => {
  it("maps Pulumi's unknown sentinel to the core's UNKNOWN and back, at any depth", () => {
    const wire = {
      tenant: PULUMI_UNKNOWN,
      contact: { email: PULUMI_UNKNOWN, city: "Berlin" },
      list: [PULUMI_UNKNOWN],
    };
    const core = fromWire(wire) as Record<string, unknown>;
    expect(core.tenant).toBe(UNKNOWN);
    expect((core.contact as Record<string, unknown>).email).toBe(UNKNOWN);
    expect((core.list as unknown[])[0]).toBe(UNKNOWN);
    expect(toWire(core)).toEqual(wire);
    expect(hasUnknown(wire)).toBe(true);
    expect(hasUnknown({ a: { b: 1 } })).toBe(false);
  });

  it("drops undefined and null on the way out (a Struct holds neither meaningfully)", () => {
    expect(toWire({ a: 1, b: undefined, c: null, d: { e: null, f: "x" } })).toEqual({ a: 1, d: { f: "x" } });
  });

  it("keeps the front end's hidden properties away from the core, and carries them over", () => {
    const props = {
      __provider: "exports.handler = …",
      __urn: "urn:pulumi:dev::p::t::n",
      __idempotencyKey: "p/dev/n",
      credentials: { applicationKey: "k" },
      displayName: "ACME",
    };
    expect(coreProps(props)).toEqual({ displayName: "ACME" });
    expect(hiddenProps(props)).toEqual({
      __urn: "urn:pulumi:dev::p::t::n",
      __idempotencyKey: "p/dev/n",
      credentials: { applicationKey: "k" },
    });
  });

  it("compares credentials whatever the key order and empty fields", () => {
    expect(stableJson({ b: "2", a: "1", c: "" })).toBe(stableJson({ a: "1", b: "2" }));
    expect(stableJson({ a: "1" })).not.toBe(stableJson({ a: "2" }));
  });
});

describe("check failures", () => {
  it("puts the value of a nested field in the reason (the engine looks values up by top-level name)", () => {
    const result = tenant.checkTenant({
      displayName: "",
      mpnId: "12",
      contact: {
        firstName: "A",
        lastName: "B",
        email: "not-an-address",
        phone: "030 1234",
        address: "x",
        city: "y",
        zipCode: "10115",
      },
    });
    const failures = result.failures.map(toFailure);
    expect(failures.map((f) => f.property).sort()).toEqual([
      "contact.email",
      "contact.phone",
      "displayName",
      "mpnId",
    ]);
    expect(failures.find((f) => f.property === "contact.email")?.reason).toMatch(
      /valid e-mail.*\(given: "not-an-address"\)$/,
    );
    expect(failures.find((f) => f.property === "mpnId")?.reason).not.toContain("given");
  });
});

describe("error lines", () => {
  it("keeps the core's message and code, on one line", () => {
    const e = describeError(
      new ResourceError({ code: "X_CODE", kind: "refusal", what: "What.", why: "Why.\nMore.", todo: "Do." }),
    );
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.message).toBe("What. Why. More. Do.");
    expect(e.code).toBe("X_CODE");
  });

  it("names the operation and OVHcloud's query id for a client error", () => {
    const api = new OvhApiError("OVHcloud refused GET /me: invalid key", {
      status: 403,
      errorClass: "Client::Forbidden",
      errorCode: "INVALID_KEY",
      serverMessage: "invalid key",
      queryId: "EU.ext-1.abc",
      method: "GET",
      path: "/me",
      retryable: false,
      retryAfterMs: undefined,
      attempts: 1,
    });
    const e = describeError(api, "Reading tenant csp2-1");
    expect(e.message).toBe(
      "Reading tenant csp2-1 failed: invalid key. OVHcloud answered 403 Client::Forbidden. Correct what the message names and run again. (OVHcloud query id EU.ext-1.abc)",
    );
  });

  it("renders as a marker, so the host's stderr echo of it can be dropped; no stack frames", () => {
    const e = new ProviderError("Something failed.", "CODE");
    expect(`${e}: ${e.stack}`).toMatch(/^o365-reseller: reported on the resource/);
    expect(e.stack).not.toMatch(/\n\s+at /);
  });

  it("hands the engine the id and state of an object created before the failure", () => {
    const state = { serviceName: "csp2-1", ovhAccount: "ab1-ovh" };
    const e = partialCreate(new PartialCreateError("csp2-1", state, new Error("boom")), "csp2-1", state);
    expect(e.id).toBe("csp2-1");
    expect(e.properties).toEqual(state);
    expect(e.reasons?.[0]).toContain("csp2-1 was created, but the create did not finish: boom");
  });
});
