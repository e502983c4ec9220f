// When to repeat a request, and after how long: pure functions of the failure, the attempt number,
// the policy and a random source (injected for tests).
import type { NetworkFailureKind } from "./errors.js";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

/** What went wrong on one attempt, before it becomes a public error. */
export type Failure =
  | {
      kind: "status";
      status: number;
      errorCode: string | undefined;
      errorClass: string | undefined;
      retryAfterMs: number | undefined;
    }
  | { kind: "network"; network: NetworkFailureKind };

export interface RetryState {
  /** The clock was already re-synchronised for this request (QUERY_TIME_OUT is retried once). */
  clockResynced: boolean;
  /** The OAuth2 token was already renewed for this request (a 401 is retried once). */
  tokenRenewed: boolean;
}

export type RetryDecision =
  | { action: "retry"; delayMs: number; reason: string }
  | { action: "resync-clock"; reason: string }
  | { action: "renew-token"; reason: string }
  | { action: "give-up"; reason: string; budgetExhausted: boolean };

/** Methods whose repetition cannot apply a change twice. POST is never one of them here. */
export function isRepeatable(method: HttpMethod): boolean {
  return method === "GET" || method === "PUT" || method === "DELETE";
}

/**
 * A failure the API answered before acting on the request: a 429 is the fair-use limit refusing the
 * call, so repeating it cannot apply anything twice, whatever the method. (A 5xx or a lost answer may
 * come after the change was applied: those are not.)
 */
export function refusedBeforeActing(failure: Failure): boolean {
  return failure.kind === "status" && failure.status === 429;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Maps an error thrown by the HTTP layer (undici, node:net) to a failure kind. */
export function classifyNetworkFailure(error: unknown): NetworkFailureKind {
  const code = errorCode(error);
  switch (code) {
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
    case "ECONNABORTED":
      return "reset";
    case "ECONNREFUSED":
      return "refused";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "timeout";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "dns";
    default:
      if (code?.startsWith("ERR_TLS") || code?.startsWith("ERR_SSL") || code?.includes("CERT")) return "tls";
      return "other";
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface DecideInput {
  method: HttpMethod;
  failure: Failure;
  /** 1 for the first attempt. */
  attempt: number;
  /** The failure happened before the request left (token or clock fetch): nothing reached the API. */
  beforeSend: boolean;
  oauth2: boolean;
  policy: RetryPolicy;
  state: RetryState;
  random: () => number;
}

const TRANSIENT_NETWORK: ReadonlySet<NetworkFailureKind> = new Set(["reset", "refused", "timeout"]);

/** The retry step's decision. Order matters: the safe one-off repairs first, then POST, then budget. */
export function decideRetry(input: DecideInput): RetryDecision {
  const { method, failure, attempt, policy } = input;
  // Rejected before acting (the server checks the timestamp first), so safe for any method, once.
  if (failure.kind === "status" && failure.status === 400 && failure.errorCode === "QUERY_TIME_OUT") {
    if (!input.state.clockResynced) {
      return { action: "resync-clock", reason: "the server found the timestamp out of range" };
    }
    return { action: "give-up", reason: "still out of time after re-synchronising", budgetExhausted: false };
  }
  // A token that expired early or was revoked: rejected before acting, safe for any method, once.
  if (input.oauth2 && failure.kind === "status" && failure.status === 401 && !input.state.tokenRenewed) {
    return { action: "renew-token", reason: "the OAuth2 token was refused" };
  }
  const transient =
    failure.kind === "status"
      ? failure.status === 429 || failure.status >= 500
      : TRANSIENT_NETWORK.has(failure.network);
  if (!transient) return { action: "give-up", reason: "not a transient failure", budgetExhausted: false };
  if (!isRepeatable(method) && !input.beforeSend && !refusedBeforeActing(failure)) {
    return {
      action: "give-up",
      reason: "POST is never repeated automatically after a 5xx or a lost answer: it may have been applied",
      budgetExhausted: false,
    };
  }
  if (attempt >= policy.maxAttempts) {
    return {
      action: "give-up",
      reason: `retry budget of ${policy.maxAttempts} attempts used`,
      budgetExhausted: true,
    };
  }
  const backoff = backoffDelay(attempt, policy, input.random);
  if (failure.kind === "status" && failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > policy.maxRetryAfterMs) {
      return {
        action: "give-up",
        reason: `the server asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s, longer than maxRetryAfterMs`,
        budgetExhausted: false,
      };
    }
    // Honour Retry-After, plus a little jitter so clients told the same time do not return together.
    const jitter = Math.floor(input.random() * Math.min(policy.baseDelayMs, 1000));
    return {
      action: "retry",
      delayMs: failure.retryAfterMs + jitter,
      reason: "server asked to retry after a delay",
    };
  }
  const why =
    failure.kind === "status"
      ? failure.status === 429
        ? "rate limited (429)"
        : `server error ${failure.status}`
      : `connection ${failure.network}`;
  return { action: "retry", delayMs: backoff, reason: why };
}
