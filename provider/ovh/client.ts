// createOvhClient: wires config, transport, limiter, clock sync, OAuth2 tokens and the pipeline into
// the OvhClient that the CSP2 operations (and nothing else) use to reach the API.
import { createHash } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { z } from "zod";
import {
  CLIENT_DEFAULTS,
  type ConfigReport,
  type OvhClientTuning,
  type OvhCredentialsInput,
  type ResolvedConfig,
  resolveConfig,
} from "./config.js";
import { apiUrl, type ResolvedEndpoint } from "./endpoints.js";
import { makeRedactor, OvhApiError, OvhInputError } from "./errors.js";
import { SlidingWindow, sharedLimiter } from "./limiter.js";
import { defaultLogSink, type LogSink, makeLogger } from "./log.js";
import { type MachineFacts, machineFacts, noFacts } from "./machine-facts.js";
import {
  apiError,
  listingError,
  networkError,
  shapeError,
  shapeIssues,
  unknownEnumValueMessage,
} from "./messages.js";
import { AuthTime } from "./models/me.js";
import { collectUnknownEnumValues } from "./models/open-enum.js";
import { TokenSource } from "./oauth2.js";
import { type PagingSteps, pageHeaders, readPages } from "./paging.js";
import {
  type ApiRequest,
  type ApiResponse,
  type ClockSync,
  execute,
  type PipelineContext,
  type Query,
} from "./pipeline.js";
import { rateBudgetDir, SharedWindow } from "./rate-budget.js";
import { classifyNetworkFailure, type HttpMethod } from "./retry.js";
import { clockOffset } from "./signing.js";
import { createUndiciTransport, type Transport } from "./transport.js";

export interface OvhClientOptions extends OvhCredentialsInput, Partial<OvhClientTuning> {
  /** A configuration already resolved (e.g. by the CLI to show it first); the fields above are then ignored. */
  config?: ResolvedConfig | undefined;
  /** Environment to read OVH_* from; defaults to process.env. */
  env?: Record<string, string | undefined> | undefined;
  /** ovh.conf files, increasing precedence; defaults to /etc/ovh.conf, ~/.ovh.conf, ./ovh.conf. */
  configFiles?: readonly string[] | undefined;
  cwd?: string | undefined;
  homeDir?: string | undefined;
  /** An undici dispatcher (e.g. a MockAgent or a proxy agent) instead of the client's own keep-alive Agent. */
  dispatcher?: Dispatcher | undefined;
  /** Replaces the HTTP layer entirely (tests). */
  transport?: Transport | undefined;
  /** Injected clock (ms since epoch), sleep and randomness (tests). */
  now?: (() => number) | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
  /** Debug log sink; defaults to stderr when O365R_LOG=debug; `false` silences it. */
  log?: LogSink | false | undefined;
  /**
   * Where the client warns (once per value) that OVHcloud answered an enum value outside its published
   * list; defaults to a line on stderr; `false` keeps it to the debug log.
   */
  warn?: ((message: string) => void) | false | undefined;
  userAgent?: string | undefined;
  /**
   * The requests-per-minute budget is shared with this credential's other processes on this machine
   * through a file in `dir` (default `$XDG_CACHE_HOME/o365-reseller/rate`, else
   * `~/.cache/o365-reseller/rate`). On by default, unless a clock is injected (`now`): a fake clock
   * cannot share time with other processes. `false` (or `dir: false`) keeps the budget within this
   * process. `windowMs` shortens the one-minute window for tests. The same directory keeps the facts
   * the processes of the machine share for a few minutes (machine-facts.ts: the clock offset, and
   * `facts` for callers): off with it.
   */
  rateBudget?: { dir?: string | false | undefined; windowMs?: number | undefined } | false | undefined;
}

export interface RequestOptions<S extends z.ZodType> {
  /** The zod model of the answer; use `NoContent` for routes that answer nothing. */
  schema: S;
  query?: Query | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

export interface ListOptions {
  query?: Query | undefined;
  signal?: AbortSignal | undefined;
  /** Path of one item when the route answers ids; defaults to `${path}/${encodeURIComponent(id)}`. */
  itemPath?: ((id: string | number) => string) | undefined;
}

/** Query, body, extra headers (e.g. paging; never signed) and signal of a raw call. */
export type RawRequestOptions = Omit<ApiRequest, "method" | "path">;

/** An answer as it came: status, headers (lower-case names), parsed JSON, query id. */
export type RawAnswer = Omit<ApiResponse, "attempts">;

export interface OvhClient {
  readonly endpoint: ResolvedEndpoint;
  /** Non-secret identity of the credential: the application key, or the OAuth2 client id. */
  readonly credentialId: string;
  readonly authMethod: "signature" | "oauth2";
  /** Every setting with its source; secrets shown only as "(set, hidden)". */
  readonly config: ConfigReport;
  get<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>>;
  /** PUT is repeated on transient failures (it sets a state; repeating it changes nothing more). */
  put<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>>;
  /**
   * POST is never repeated automatically after a 5xx or a lost answer (it may have been applied); the
   * caller decides. Only a 429, which the API answers before acting, is repeated after Retry-After.
   */
  post<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>>;
  delete<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>>;
  /**
   * Every object of a list route, using v1 expanded listing (X-Pagination-Mode: CachedObjectList-Pages,
   * pages of `pageSize` by X-Pagination-Number until X-Pagination-Elements objects are held; see
   * paging.ts). Pages that do not add up are read once more, then refused with OvhListingError: never
   * part of a list as if it were whole. When the route answers ids instead, fetches each id with
   * bounded concurrency (ids that vanished in between are skipped).
   */
  list<S extends z.ZodType>(path: string, itemSchema: S, options?: ListOptions): Promise<Array<z.output<S>>>;
  /**
   * The answer unchecked, with its headers: for tools that look at what the API answers (api-check)
   * rather than use it. Signed, limited and retried like the others; an error status still throws.
   */
  raw(method: HttpMethod, path: string, options?: RawRequestOptions): Promise<RawAnswer>;
  /** HTTP requests this client has sent so far: every attempt, /auth/time and OAuth2 token requests included. */
  readonly calls: number;
  /** Seconds to add to the local clock to get OVHcloud's (signature auth only; 0 for OAuth2). */
  serverTimeOffset(signal?: AbortSignal): Promise<number>;
  /**
   * The offset as last learnt, without a call (undefined before the first one): it changes when
   * OVHcloud refuses a timestamp and the client reads /auth/time again.
   */
  knownServerTimeOffset(): number | undefined;
  /**
   * Facts about this credential that the processes of the machine share for a few minutes
   * (machine-facts.ts), e.g. its account; never a secret.
   */
  readonly facts: MachineFacts;
  /**
   * Facts of this credential about one thing (`scope`, e.g. a resource), in a file of their own, so
   * that processes writing facts about different things at the same time do not overwrite each other.
   */
  factsAbout(scope: string): MachineFacts;
  close(): Promise<void>;
}

/** For routes that answer nothing (204, or an empty/null body). */
export const NoContent = z.unknown().transform((): undefined => undefined);

const TUNING_KEYS = Object.keys(CLIENT_DEFAULTS) as Array<keyof OvhClientTuning>;

export function createOvhClient(options: OvhClientOptions = {}): OvhClient {
  const config =
    options.config ??
    resolveConfig({
      explicit: options,
      env: options.env,
      configFiles: options.configFiles,
      cwd: options.cwd,
      homeDir: options.homeDir,
      tuning: Object.fromEntries(TUNING_KEYS.map((k) => [k, options[k]])) as Partial<OvhClientTuning>,
    });
  const { endpoint, auth, tuning } = config;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const random = options.random ?? Math.random;
  const userAgent = options.userAgent ?? "o365-reseller (OVHcloud CSP2 client)";

  let tokens: TokenSource | undefined;
  const staticSecrets =
    auth.kind === "signature" ? [auth.applicationSecret, auth.consumerKey] : [auth.clientSecret];
  const redact = (text: string) => makeRedactor([...staticSecrets, tokens?.current])(text);
  const sink = options.log === false ? undefined : (options.log ?? defaultLogSink(options.env));
  const log = makeLogger(sink, redact);

  const own = options.transport
    ? undefined
    : createUndiciTransport({
        dispatcher: options.dispatcher,
        connections: tuning.maxInFlight,
        connectTimeoutMs: tuning.connectTimeoutMs,
      });
  const base: Transport = options.transport ?? own!.send;
  let calls = 0;
  const send: Transport = (request) => {
    calls++;
    return base(request);
  };

  // OVHcloud counts per consumer key (or service account): the limiter is keyed by a hash of it.
  const credentialKey =
    auth.kind === "signature"
      ? `ck:${createHash("sha256").update(auth.consumerKey).digest("hex").slice(0, 24)}`
      : `oauth2:${auth.clientId}`;
  const limiterKey = `${endpoint.baseUrl}|${credentialKey}`;
  const budget = options.rateBudget === false ? { dir: false as const } : (options.rateBudget ?? {});
  const budgetDir =
    budget.dir === false || (options.rateBudget === undefined && options.now !== undefined)
      ? undefined
      : (budget.dir ?? rateBudgetDir(options.env ?? process.env));
  const shared = sharedLimiter(
    limiterKey,
    { requestsPerMinute: tuning.requestsPerMinute, maxInFlight: tuning.maxInFlight },
    { now, sleep },
    () =>
      budgetDir
        ? new SharedWindow({ dir: budgetDir, key: limiterKey, windowMs: budget.windowMs, log })
        : new SlidingWindow(budget.windowMs),
  );
  const limiter = shared.limiter;

  if (auth.kind === "oauth2") {
    tokens = new TokenSource({ auth, send, now, timeoutMs: tuning.timeoutMs, redact, log, userAgent });
  }

  const endpointFacts = budgetDir ? machineFacts(budgetDir, `endpoint|${endpoint.baseUrl}`) : noFacts;
  const clock = createClockSync(endpointFacts, async (signal) => {
    const facts = { method: "GET", path: "/auth/time", attempts: 1, redact };
    const release = await limiter.acquire(signal);
    let response: Awaited<ReturnType<Transport>>;
    const started = now();
    try {
      response = await send({
        method: "GET",
        url: apiUrl(endpoint, "/auth/time"),
        headers: { Accept: "application/json", "User-Agent": userAgent },
        body: undefined,
        timeoutMs: tuning.timeoutMs,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw networkError(facts, classifyNetworkFailure(error), error, tuning.timeoutMs);
    } finally {
      release();
    }
    const queryId = response.headers["x-ovh-queryid"];
    log(`GET /auth/time -> ${response.status} in ${now() - started} ms`);
    if (response.status < 200 || response.status >= 300) {
      throw apiError(facts, {
        status: response.status,
        text: response.text,
        queryId,
        retryAfterMs: undefined,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw shapeError(facts, [], queryId, "was not JSON");
    }
    const parsed = AuthTime.safeParse(json);
    if (!parsed.success) throw shapeError(facts, shapeIssues(parsed.error), queryId);
    const offset = clockOffset(parsed.data, now());
    log(`clock offset to OVHcloud: ${offset} s`);
    return offset;
  });

  const ctx: PipelineContext = {
    endpoint,
    auth,
    tuning,
    send,
    limiter,
    now,
    sleep,
    random,
    clock,
    tokens,
    log,
    redact,
    userAgent,
  };

  let closed = false;
  const run = async <S extends z.ZodType>(method: HttpMethod, path: string, opts: RequestOptions<S>) => {
    if (closed)
      throw new OvhInputError(`${method} ${path}: this OVHcloud client was closed; create a new one.`);
    const req: ApiRequest = { method, path, query: opts.query, body: opts.body, signal: opts.signal };
    const response = await execute(req, ctx);
    return validate(opts.schema, response.json, method, path, response.queryId);
  };
  const warn =
    options.warn === false
      ? undefined
      : (options.warn ?? ((message: string) => process.stderr.write(`o365r: warning: ${message}\n`)));
  const reportedEnumValues = new Set<string>();
  const validate = <S extends z.ZodType>(
    schema: S,
    json: unknown,
    method: string,
    path: string,
    queryId: string | undefined,
  ): z.output<S> => {
    const { result: parsed, unknown } = collectUnknownEnumValues(() => schema.safeParse(json));
    for (const u of unknown) {
      const key = `${u.enumId}\u0000${u.value}`;
      if (reportedEnumValues.has(key)) continue;
      reportedEnumValues.add(key);
      const message = redact(unknownEnumValueMessage(u, method, path));
      log(message);
      warn?.(message);
    }
    if (!parsed.success) throw shapeError({ method, path, redact }, shapeIssues(parsed.error), queryId);
    return parsed.data;
  };

  const list = async <S extends z.ZodType>(path: string, itemSchema: S, opts: ListOptions = {}) => {
    if (closed) throw new OvhInputError(`GET ${path}: this OVHcloud client was closed; create a new one.`);
    const pageSchema = z.array(itemSchema);
    const steps: PagingSteps<z.output<S>> = {
      size: tuning.pageSize,
      fetchPage: (number) =>
        execute(
          {
            method: "GET",
            path,
            query: opts.query,
            headers: pageHeaders(number, tuning.pageSize),
            signal: opts.signal,
          },
          ctx,
        ),
      parse: (json, answer) => validate(pageSchema, json, "GET", path, answer.queryId),
      malformed: (answer, what) => shapeError({ method: "GET", path, redact }, [], answer.queryId, what),
    };
    // Pages that do not add up are read once more (the list may have changed under us), then refused.
    for (let attempt = 1; ; attempt++) {
      const read = await readPages(steps);
      if (read.kind === "whole") return read.items;
      if (read.kind === "ids") return listThenGet(path, read.ids, itemSchema, opts);
      if (attempt === 2) throw listingError({ method: "GET", path, redact }, read.problem, read.queryId);
      log(`GET ${path}: the expanded listing did not add up (${read.problem}); reading it again`);
    }
  };

  const listThenGet = async <S extends z.ZodType>(
    path: string,
    ids: Array<string | number>,
    itemSchema: S,
    opts: ListOptions,
  ): Promise<Array<z.output<S>>> => {
    const itemPath = opts.itemPath ?? ((id: string | number) => `${path}/${encodeURIComponent(String(id))}`);
    const results = await mapLimit(ids, tuning.listConcurrency, async (id) => {
      try {
        return {
          found: true as const,
          value: await run("GET", itemPath(id), { schema: itemSchema, signal: opts.signal }),
        };
      } catch (error) {
        // Removed between the listing and the read: not part of the list any more.
        if (error instanceof OvhApiError && error.status === 404) return { found: false as const };
        throw error;
      }
    });
    return results.flatMap((r) => (r.found ? [r.value] : []));
  };

  return {
    endpoint,
    credentialId: auth.kind === "signature" ? auth.applicationKey : auth.clientId,
    authMethod: auth.kind,
    config: config.report,
    get: (path, opts) => run("GET", path, opts),
    put: (path, opts) => run("PUT", path, opts),
    post: (path, opts) => run("POST", path, opts),
    delete: (path, opts) => run("DELETE", path, opts),
    list,
    raw: async (method, path, opts = {}) => {
      if (closed)
        throw new OvhInputError(`${method} ${path}: this OVHcloud client was closed; create a new one.`);
      const { status, headers, json, queryId } = await execute({ method, path, ...opts }, ctx);
      return { status, headers, json, queryId };
    },
    get calls() {
      return calls;
    },
    serverTimeOffset: (signal) => (auth.kind === "signature" ? clock.offset(signal) : Promise.resolve(0)),
    knownServerTimeOffset: () => (auth.kind === "signature" ? clock.known() : 0),
    facts: budgetDir ? machineFacts(budgetDir, `credential|${limiterKey}`) : noFacts,
    factsAbout: (scope) =>
      budgetDir ? machineFacts(budgetDir, `credential|${limiterKey}|${scope}`) : noFacts,
    close: async () => {
      if (closed) return;
      closed = true;
      shared.release();
      await own?.close();
    },
  };
}

/**
 * The clock offset: learnt once per process, or taken from what another process of the machine learnt
 * minutes ago (machine-facts.ts); after OVHcloud refused a timestamp (`invalidate`), always read anew.
 */
function createClockSync(
  facts: MachineFacts,
  fetchOffset: (signal?: AbortSignal) => Promise<number>,
): ClockSync & { known(): number | undefined } {
  let offset: number | undefined;
  let pending: Promise<number> | undefined;
  let shared = true;
  return {
    offset: (signal) => {
      if (offset !== undefined) return Promise.resolve(offset);
      const cached = shared ? facts.get("clockOffset") : undefined;
      if (typeof cached === "number" && Number.isFinite(cached)) {
        offset = cached;
        return Promise.resolve(cached);
      }
      pending ??= fetchOffset(signal)
        .then((value) => {
          offset = value;
          facts.set("clockOffset", value);
          return value;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    invalidate: () => {
      offset = undefined;
      shared = false;
    },
    known: () => offset,
  };
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
