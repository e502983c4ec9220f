import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  classifyNetworkFailure,
  type DecideInput,
  decideRetry,
  type Failure,
  parseRetryAfter,
  type RetryPolicy,
} from "../../provider/ovh/retry.js";

const POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 10_000 };
const status = (code: number, extra: Partial<Extract<Failure, { kind: "status" }>> = {}): Failure => ({
  kind: "status",
  status: code,
  errorCode: undefined,
  errorClass: undefined,
  retryAfterMs: undefined,
  ...extra,
});

function decide(over: Partial<DecideInput>) {
  return decideRetry({
    method: "GET",
    failure: status(503),
    attempt: 1,
    beforeSend: false,
    oauth2: false,
    policy: POLICY,
    state: { clockResynced: false, tokenRenewed: false },
    random: () => 0.5,
    ...over,
  });
}

describe("decideRetry", () => {
  it.each(["GET", "PUT", "DELETE"] as const)(
    "retries %s on 5xx, 429 and resets/timeouts/refusals",
    (method) => {
      expect(decide({ method, failure: status(500) }).action).toBe("retry");
      expect(decide({ method, failure: status(502) }).action).toBe("retry");
      expect(decide({ method, failure: status(429) }).action).toBe("retry");
      for (const network of ["reset", "timeout", "refused"] as const) {
        expect(decide({ method, failure: { kind: "network", network } }).action).toBe("retry");
      }
    },
  );

  it("never repeats a POST after a failure that may come after the API acted (5xx, lost answer)", () => {
    for (const failure of [
      status(500),
      status(503),
      { kind: "network", network: "reset" } as Failure,
      { kind: "network", network: "timeout" } as Failure,
    ]) {
      const decision = decide({ method: "POST", failure });
      expect(decision).toMatchObject({ action: "give-up" });
      expect(decision.action === "give-up" && decision.reason).toMatch(/POST is never repeated/);
    }
  });

  it("repeats a POST refused with 429 (a refusal before acting), after Retry-After when given", () => {
    const decision = decide({ method: "POST", failure: status(429, { retryAfterMs: 2_000 }) });
    expect(decision.action).toBe("retry");
    expect(decision.action === "retry" && decision.delayMs).toBeGreaterThanOrEqual(2_000);
    expect(decide({ method: "POST", failure: status(429) }).action).toBe("retry");
    expect(decide({ method: "POST", failure: status(429), attempt: 4 })).toMatchObject({
      action: "give-up",
      budgetExhausted: true,
    });
  });

  it("repeats a POST whose failure happened before sending (token or clock fetch)", () => {
    expect(decide({ method: "POST", failure: status(503), beforeSend: true }).action).toBe("retry");
  });

  it("does not retry 4xx other than 429", () => {
    for (const code of [400, 401, 403, 404, 409, 460])
      expect(decide({ failure: status(code) }).action).toBe("give-up");
  });

  it("does not retry DNS, TLS or unknown network failures", () => {
    for (const network of ["dns", "tls", "other"] as const) {
      expect(decide({ failure: { kind: "network", network } }).action).toBe("give-up");
    }
  });

  it("stops when the attempt budget is used, saying so", () => {
    const decision = decide({ attempt: 4 });
    expect(decision).toMatchObject({ action: "give-up", budgetExhausted: true });
    expect(decide({ attempt: 3 }).action).toBe("retry");
  });

  it("honours Retry-After (plus a little jitter), and gives up when it is too long", () => {
    const d = decide({ failure: status(429, { retryAfterMs: 2_000 }), random: () => 0.5 });
    expect(d).toMatchObject({ action: "retry", delayMs: 2_050 });
    expect(decide({ failure: status(429, { retryAfterMs: 60_000 }) })).toMatchObject({ action: "give-up" });
  });

  it("re-synchronises the clock once on QUERY_TIME_OUT, even for POST", () => {
    const failure = status(400, { errorCode: "QUERY_TIME_OUT" });
    expect(decide({ method: "POST", failure }).action).toBe("resync-clock");
    expect(
      decide({ method: "POST", failure, state: { clockResynced: true, tokenRenewed: false } }).action,
    ).toBe("give-up");
  });

  it("renews the OAuth2 token once on 401, even for POST", () => {
    expect(decide({ method: "POST", failure: status(401), oauth2: true }).action).toBe("renew-token");
    expect(
      decide({
        method: "POST",
        failure: status(401),
        oauth2: true,
        state: { clockResynced: false, tokenRenewed: true },
      }).action,
    ).toBe("give-up");
    expect(decide({ failure: status(401), oauth2: false }).action).toBe("give-up");
  });
});

describe("backoffDelay (exponential, full jitter)", () => {
  it("spans [0, min(max, base·2^(n-1)))", () => {
    expect(backoffDelay(1, POLICY, () => 0)).toBe(0);
    expect(backoffDelay(1, POLICY, () => 0.999)).toBe(99);
    expect(backoffDelay(2, POLICY, () => 0.999)).toBe(199);
    expect(backoffDelay(3, POLICY, () => 0.5)).toBe(200);
    expect(backoffDelay(10, POLICY, () => 0.999)).toBe(999);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", 0)).toBe(3_000);
    expect(parseRetryAfter("0.5", 0)).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).toBe(7_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("classifyNetworkFailure", () => {
  const err = (code: string) => Object.assign(new Error("x"), { code });
  it("maps undici and node error codes, looking through causes", () => {
    expect(classifyNetworkFailure(err("ECONNRESET"))).toBe("reset");
    expect(classifyNetworkFailure(err("UND_ERR_SOCKET"))).toBe("reset");
    expect(classifyNetworkFailure(err("ECONNREFUSED"))).toBe("refused");
    expect(classifyNetworkFailure(err("UND_ERR_HEADERS_TIMEOUT"))).toBe("timeout");
    expect(classifyNetworkFailure(err("UND_ERR_CONNECT_TIMEOUT"))).toBe("timeout");
    expect(classifyNetworkFailure(err("ENOTFOUND"))).toBe("dns");
    expect(classifyNetworkFailure(err("ERR_TLS_CERT_ALTNAME_INVALID"))).toBe("tls");
    expect(classifyNetworkFailure(new TypeError("fetch failed", { cause: err("ECONNRESET") }))).toBe("reset");
    expect(classifyNetworkFailure(new Error("?"))).toBe("other");
  });
});
