// The HTTP server and its fixed request pipeline:
//   admin (/_emulator) → loopback check → settle → admin route
//   API (/1.0, /auth/oauth2/token) → fault → latency → [conformance of our client's body] → settle →
//   route → authenticate → fair use → access rules → handler → persist → [conformance of the answer] →
//   answer → call log
// Every answer carries X-Ovh-Queryid; state changes are on disk before the answer leaves.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AdminCtx, adminRouter } from "./admin/routes.js";
import { isGranted } from "./auth/access-rules.js";
import { authenticate, type Caller, claimedAccount, hasCredentials } from "./auth/authenticate.js";
import { issueToken } from "./auth/oauth2.js";
import type { FaultEffect } from "./control/faults.js";
import type { Control } from "./control/index.js";
import { hex } from "./core/ids.js";
import { settle } from "./core/settle.js";
import type { Ctx, Env } from "./http/context.js";
import { ApiError, errors, faultError } from "./http/errors.js";
import { isLoopback } from "./http/loopback.js";
import type { Reply } from "./http/router.js";
import { apiRouter } from "./routes/index.js";

const API_PREFIX = "/1.0";
const ADMIN_PREFIX = "/_emulator";
const TOKEN_PATH = "/auth/oauth2/token";
const MAX_BODY = 1_048_576;

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export class EmulatorServer {
  private readonly http: Server;
  private readonly api = apiRouter();
  private readonly admin = adminRouter();
  private readonly queryIdPrefix = `EU.ext-3.${Math.floor(Date.now() / 1000).toString(16)}`;
  private requestCount = 0;

  constructor(
    private readonly env: Env,
    private readonly control: Control,
  ) {
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.env.options.log(
          `emulator: internal error: ${error instanceof Error ? error.stack : String(error)}`,
        );
        if (!res.headersSent) this.send(res, this.toAnswer(errors.internal()), this.nextQueryId());
        else res.destroy();
      });
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, "127.0.0.1", () => {
        this.http.off("error", reject);
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private nextQueryId(): string {
    this.requestCount += 1;
    return `${this.queryIdPrefix}.${this.requestCount}.${hex(16)}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const queryId = this.nextQueryId();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const rawBody = await readBody(req);
    if (rawBody === null) {
      this.send(res, this.toAnswer(errors.badRequest(`Request body larger than ${MAX_BODY} bytes`)), queryId);
      return;
    }

    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      this.send(res, this.handleAdmin(req, method, url, rawBody), queryId);
      return;
    }

    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    if (!isApi && url.pathname !== TOKEN_PATH) {
      this.send(res, this.toAnswer(errors.noRoute(method, url.pathname)), queryId);
      return;
    }
    const path = isApi ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
    const record = {
      at: new Date().toISOString(),
      method,
      path,
      account: claimedAccount(req.headers, this.env.store.state),
      queryId,
      ...(url.search ? { query: url.search.slice(1) } : {}),
    };

    const fault = this.control.faults.decide(method, path);
    const delay = this.control.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    if (fault?.drop === "before") {
      this.control.calls.add({ ...record, status: 0, fault: fault.id, dropped: "before" });
      req.socket.destroy();
      return;
    }

    const refused = this.control.conformance.reviewRequest(method, path, rawBody, req.headers["user-agent"]);
    let answer = refused
      ? this.toAnswer(errors.badRequest(refused.message, { violations: refused.violations }))
      : fault?.status !== undefined
        ? this.toAnswer(faultError(fault.status, fault.retryAfter, fault.message))
        : isApi
          ? this.handleApi(req, method, url, path, rawBody, fault)
          : this.handleToken(req, rawBody);
    answer = this.conformant(method, path, req, answer);

    if (fault?.drop === "after") {
      this.control.calls.add({ ...record, status: answer.status, fault: fault.id, dropped: "after" });
      req.socket.destroy();
      return;
    }
    this.control.calls.add({ ...record, status: answer.status, ...(fault ? { fault: fault.id } : {}) });
    this.send(res, answer, queryId);
  }

  /** The answer, or under strict conformance a 500 that names how it breaks OVHcloud's schema. */
  private conformant(method: string, path: string, req: IncomingMessage, answer: Answer): Answer {
    const mode = req.headers["x-pagination-mode"];
    const violation = this.control.conformance.reviewAnswer({
      method,
      path,
      status: answer.status,
      body: answer.body === undefined ? null : answer.body,
      expandedMode: typeof mode === "string" && mode.toLowerCase().startsWith("cachedobjectlist"),
    });
    if (!violation) return answer;
    this.env.options.log(`emulator: ${violation.message}`);
    return this.toAnswer(
      new ApiError(500, {
        class: "Server::InternalServerError",
        message: violation.message,
        details: { violations: violation.violations },
      }),
    );
  }

  /** Runs the time-driven changes due at the virtual now. */
  private settleNow(): void {
    if (settle(this.env.store.state, this.env.clock.now(), this.env.options)) this.env.store.changed();
  }

  private handleApi(
    req: IncomingMessage,
    method: string,
    url: URL,
    path: string,
    rawBody: string,
    fault: FaultEffect | null,
  ): Answer {
    const store = this.env.store;
    try {
      this.settleNow();
      const match = this.api.match(method, path);
      if (!match) throw errors.noRoute(method, path);
      const { route, params } = match;
      let caller: Caller | null = null;
      if (route.auth === "required" || (route.auth === "optional" && hasCredentials(req.headers))) {
        caller = authenticate(
          {
            method,
            fullUrl: `http://${req.headers.host ?? ""}${req.url ?? ""}`,
            body: rawBody,
            headers: req.headers,
          },
          store.state,
          {
            serverSeconds: this.env.clock.serverSeconds(),
            realNowMs: this.env.clock.real(),
            toleranceSeconds: this.env.options.timeToleranceSeconds,
          },
        );
        const fair = this.control.fairUse.take(caller.rateKey, this.env.clock.real());
        if (!fair.ok) throw errors.tooManyRequests(fair.retryAfter, this.control.fairUse.limit);
        if (caller.rules !== "all" && !route.alwaysGranted && !isGranted(caller.rules, method, path)) {
          throw errors.notGranted();
        }
      }
      const ctx: Ctx = {
        env: this.env,
        state: store.state,
        method,
        path,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        caller,
        now: this.env.clock.now(),
        fault,
      };
      const reply = route.handler(ctx, params);
      if (method !== "GET") store.changed();
      store.flush();
      return this.toAnswer(reply);
    } catch (error) {
      store.flush();
      if (error instanceof ApiError) return this.toAnswer(error);
      throw error;
    }
  }

  private handleToken(req: IncomingMessage, rawBody: string): Answer {
    try {
      const state = this.env.store.state;
      const body = issueToken(
        rawBody,
        req.headers,
        state,
        this.env.clock.real(),
        this.env.options.tokenTtlSeconds,
      );
      this.env.store.changed();
      this.env.store.flush();
      return this.toAnswer({ body });
    } catch (error) {
      if (error instanceof ApiError) return this.toAnswer(error);
      throw error;
    }
  }

  private handleAdmin(req: IncomingMessage, method: string, url: URL, rawBody: string): Answer {
    if (!isLoopback(req.socket.remoteAddress)) {
      return this.toAnswer(errors.forbidden("The emulator's admin API answers loopback peers only"));
    }
    const store = this.env.store;
    try {
      this.settleNow();
      const match = this.admin.match(method, url.pathname);
      if (!match) throw errors.noRoute(method, url.pathname);
      const ctx: AdminCtx = {
        env: this.env,
        state: store.state,
        control: this.control,
        query: url.searchParams,
        rawBody,
      };
      const reply = match.route.handler(ctx, match.params);
      if (method !== "GET") store.changed();
      // The clock may have moved: apply what became due before answering.
      this.settleNow();
      store.flush();
      return this.toAnswer(reply);
    } catch (error) {
      store.flush();
      if (error instanceof ApiError) return this.toAnswer(error);
      throw error;
    }
  }

  private toAnswer(from: Reply | ApiError): Answer {
    if (from instanceof ApiError) return { status: from.status, body: from.body, headers: from.headers };
    return { status: from.status ?? 200, body: from.body, headers: from.headers ?? {} };
  }

  private send(res: ServerResponse, answer: Answer, queryId: string): void {
    const text = JSON.stringify(answer.body === undefined ? null : answer.body);
    res.writeHead(answer.status, {
      ...answer.headers,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      "X-Ovh-Queryid": queryId,
    });
    res.end(text);
  }
}

/** The whole body as text, or null when it exceeds MAX_BODY. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
