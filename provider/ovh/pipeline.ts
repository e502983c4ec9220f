// The request pipeline, as named steps run in a fixed order for every attempt:
//   resolve → authenticate (sign with a fresh timestamp, or bearer token) → send → parse → retry
// `resolve` runs once per request; the others once per attempt, so every retry signs again.
import type { OvhAuth, OvhClientTuning } from "./config.js";
import { apiUrl, type ResolvedEndpoint } from "./endpoints.js";
import { OvhApiError, type OvhError, OvhNetworkError } from "./errors.js";
import type { RequestLimiter } from "./limiter.js";
import { apiError, networkError, type RequestFacts, shapeError } from "./messages.js";
import type { TokenSource } from "./oauth2.js";
import {
  classifyNetworkFailure,
  decideRetry,
  type Failure,
  type HttpMethod,
  parseRetryAfter,
  type RetryDecision,
  type RetryState,
} from "./retry.js";
import { ovhTimestamp, serializeBody, serializeQuery, signedHeaders } from "./signing.js";
import type { Transport, TransportResponse } from "./transport.js";

export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

export interface ApiRequest {
  method: HttpMethod;
  path: string;
  query?: Query | undefined;
  body?: unknown;
  /** Extra headers (e.g. pagination); never part of the signature. */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; null for an empty body. */
  json: unknown;
  queryId: string | undefined;
  attempts: number;
}

/** The server's clock offset, learnt once from /auth/time and again when the server says we drifted. */
export interface ClockSync {
  offset(signal?: AbortSignal): Promise<number>;
  /** Forget the offset; the next `offset()` asks the server again. */
  invalidate(): void;
}

export interface PipelineContext {
  endpoint: ResolvedEndpoint;
  auth: OvhAuth;
  tuning: OvhClientTuning;
  send: Transport;
  limiter: RequestLimiter;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  clock: ClockSync;
  tokens: TokenSource | undefined;
  log: (line: string) => void;
  redact: (text: string) => string;
  userAgent: string;
}

interface Prepared {
  method: HttpMethod;
  path: string;
  url: string;
  body: string | undefined;
  headers: Record<string, string>;
}

/** One attempt's failure, kept internal until the retry step decides it is final. */
class AttemptFailure {
  constructor(
    readonly failure: Failure,
    readonly beforeSend: boolean,
    readonly response?: { text: string; queryId: string | undefined },
    readonly cause?: unknown,
    /** Already a public error (token endpoint, clock fetch): rethrown as is when final. */
    readonly publicError?: OvhError,
  ) {}
}

// ---- step 1: resolve ------------------------------------------------------------------------------

export function resolveStep(req: ApiRequest, ctx: Pick<PipelineContext, "endpoint" | "userAgent">): Prepared {
  const path = req.path.startsWith("/") ? req.path : `/${req.path}`;
  const url = apiUrl(ctx.endpoint, path, serializeQuery(req.query));
  const body = req.body === undefined ? undefined : serializeBody(req.body);
  const headers: Record<string, string> = {
    Accept: "application/json",
    "User-Agent": ctx.userAgent,
    ...req.headers,
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return { method: req.method, path, url, body, headers };
}

// ---- step 2: authenticate -------------------------------------------------------------------------

export async function authenticateStep(
  prepared: Prepared,
  ctx: PipelineContext,
  signal: AbortSignal | undefined,
): Promise<Record<string, string>> {
  try {
    if (ctx.auth.kind === "oauth2") {
      return { Authorization: `Bearer ${await ctx.tokens!.token(signal)}` };
    }
    const offset = await ctx.clock.offset(signal);
    return signedHeaders({
      applicationKey: ctx.auth.applicationKey,
      applicationSecret: ctx.auth.applicationSecret,
      consumerKey: ctx.auth.consumerKey,
      method: prepared.method,
      url: prepared.url,
      body: prepared.body ?? "",
      timestamp: ovhTimestamp(ctx.now(), offset),
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // Nothing reached the API yet: a transient failure here may be retried for any method.
    if (error instanceof OvhApiError) {
      const failure: Failure = {
        kind: "status",
        status: error.status,
        errorCode: error.errorCode,
        errorClass: error.errorClass,
        retryAfterMs: error.retryAfterMs,
      };
      throw new AttemptFailure(failure, true, undefined, undefined, error);
    }
    if (error instanceof OvhNetworkError) {
      throw new AttemptFailure({ kind: "network", network: error.kind }, true, undefined, error.cause, error);
    }
    throw error;
  }
}

// ---- step 3: send ---------------------------------------------------------------------------------

export async function sendStep(
  prepared: Prepared,
  authHeaders: Record<string, string>,
  ctx: PipelineContext,
  signal: AbortSignal | undefined,
  attempt: number,
): Promise<TransportResponse> {
  const release = await ctx.limiter.acquire(signal);
  const started = ctx.now();
  try {
    const response = await ctx.send({
      method: prepared.method,
      url: prepared.url,
      headers: { ...prepared.headers, ...authHeaders },
      body: prepared.body,
      timeoutMs: ctx.tuning.timeoutMs,
      signal,
    });
    const queryId = response.headers["x-ovh-queryid"];
    ctx.log(
      `${prepared.method} ${prepared.path} -> ${response.status} in ${ctx.now() - started} ms ` +
        `(attempt ${attempt}${queryId ? `, query id ${queryId}` : ""})`,
    );
    return response;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const network = classifyNetworkFailure(error);
    ctx.log(
      `${prepared.method} ${prepared.path} -> ${network} (${errorName(error)}) after ${ctx.now() - started} ms ` +
        `(attempt ${attempt})`,
    );
    throw new AttemptFailure({ kind: "network", network }, false, undefined, error);
  } finally {
    release();
  }
}

function errorName(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.name : "error";
}

// ---- step 4: parse --------------------------------------------------------------------------------

export function parseStep(
  prepared: Prepared,
  response: TransportResponse,
  ctx: Pick<PipelineContext, "now" | "redact">,
  attempts: number,
): ApiResponse {
  const queryId = response.headers["x-ovh-queryid"];
  if (response.status < 200 || response.status >= 300) {
    const failure: Failure = {
      kind: "status",
      status: response.status,
      errorCode: undefined,
      errorClass: undefined,
      retryAfterMs: parseRetryAfter(response.headers["retry-after"], ctx.now()),
    };
    const codes = peekErrorCode(response.text);
    failure.errorCode = codes.errorCode;
    failure.errorClass = codes.errorClass;
    throw new AttemptFailure(failure, false, { text: response.text, queryId });
  }
  let json: unknown = null;
  if (response.text.trim() !== "") {
    try {
      json = JSON.parse(response.text);
    } catch {
      throw shapeError({ ...prepared, redact: ctx.redact }, [], queryId, "was not JSON");
    }
  }
  return { status: response.status, headers: response.headers, json, queryId, attempts };
}

function peekErrorCode(text: string): { errorCode: string | undefined; errorClass: string | undefined } {
  try {
    const body = JSON.parse(text) as { errorCode?: unknown; class?: unknown };
    return {
      errorCode: typeof body?.errorCode === "string" ? body.errorCode : undefined,
      errorClass: typeof body?.class === "string" ? body.class : undefined,
    };
  } catch {
    return { errorCode: undefined, errorClass: undefined };
  }
}

// ---- step 5: retry --------------------------------------------------------------------------------

export function retryStep(
  prepared: Prepared,
  failed: AttemptFailure,
  attempt: number,
  ctx: Pick<PipelineContext, "auth" | "tuning" | "random">,
  state: RetryState,
): RetryDecision {
  return decideRetry({
    method: prepared.method,
    failure: failed.failure,
    attempt,
    beforeSend: failed.beforeSend,
    oauth2: ctx.auth.kind === "oauth2",
    policy: ctx.tuning,
    // A failure at the token endpoint is not "the API refused our token": no renewal loop.
    state: failed.publicError ? { ...state, tokenRenewed: true } : state,
    random: ctx.random,
  });
}

// ---- the pipeline -----------------------------------------------------------------------------------

export async function execute(req: ApiRequest, ctx: PipelineContext): Promise<ApiResponse> {
  const prepared = resolveStep(req, ctx);
  const state: RetryState = { clockResynced: false, tokenRenewed: false };
  for (let attempt = 1; ; attempt++) {
    let failed: AttemptFailure;
    try {
      const authHeaders = await authenticateStep(prepared, ctx, req.signal);
      const response = await sendStep(prepared, authHeaders, ctx, req.signal, attempt);
      return parseStep(prepared, response, ctx, attempt);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      failed = error;
    }
    const decision = retryStep(prepared, failed, attempt, ctx, state);
    switch (decision.action) {
      case "give-up":
        throw publicError(prepared, failed, attempt, decision.reason, ctx);
      case "resync-clock":
        state.clockResynced = true;
        ctx.clock.invalidate();
        ctx.log(
          `${prepared.method} ${prepared.path}: ${decision.reason}; re-reading /auth/time and retrying once`,
        );
        break;
      case "renew-token":
        state.tokenRenewed = true;
        ctx.tokens?.invalidate();
        ctx.log(
          `${prepared.method} ${prepared.path}: ${decision.reason}; fetching a new token and retrying once`,
        );
        break;
      case "retry":
        ctx.log(
          `${prepared.method} ${prepared.path}: retrying in ${decision.delayMs} ms (${decision.reason})`,
        );
        await ctx.sleep(decision.delayMs, req.signal);
        break;
    }
  }
}

function publicError(
  prepared: Prepared,
  failed: AttemptFailure,
  attempts: number,
  reason: string,
  ctx: PipelineContext,
): OvhError {
  if (failed.publicError) return failed.publicError;
  const facts: RequestFacts = {
    method: prepared.method,
    path: prepared.path,
    attempts,
    gaveUp: attempts > 1 ? reason : undefined,
    redact: ctx.redact,
  };
  const f = failed.failure;
  if (f.kind === "status") {
    return apiError(facts, {
      status: f.status,
      text: failed.response?.text ?? "",
      queryId: failed.response?.queryId,
      retryAfterMs: f.retryAfterMs,
    });
  }
  return networkError(facts, f.network, failed.cause, ctx.tuning.timeoutMs);
}
