// OAuth2 client-credentials tokens for an OVHcloud service account: fetched on first use, cached,
// renewed shortly before expiry, and renewed at once if the API refuses one (see retry.ts).
import type { OAuth2Auth } from "./config.js";
import { apiError, networkError, shapeError, shapeIssues } from "./messages.js";
import { OAuth2Token } from "./models/me.js";
import { classifyNetworkFailure } from "./retry.js";
import type { Transport } from "./transport.js";

export interface TokenSourceOptions {
  auth: OAuth2Auth;
  send: Transport;
  now: () => number;
  timeoutMs: number;
  redact: (text: string) => string;
  log: (line: string) => void;
  userAgent: string;
}

/** The form body of a client-credentials grant (scope `all`, as OVHcloud's clients ask). */
export function tokenRequestBody(auth: Pick<OAuth2Auth, "clientId" | "clientSecret">): string {
  return new URLSearchParams({
    grant_type: "client_credentials",
    client_id: auth.clientId,
    client_secret: auth.clientSecret,
    scope: "all",
  }).toString();
}

/** When to stop using a token: a minute before expiry, or halfway through a very short lifetime. */
export function renewAt(obtainedAtMs: number, expiresInSeconds: number): number {
  const lifetime = expiresInSeconds * 1000;
  return obtainedAtMs + lifetime - Math.min(60_000, lifetime / 2);
}

export class TokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: TokenSourceOptions) {}

  /** A valid bearer token, fetching one when none is cached or the cached one is about to expire. */
  async token(signal?: AbortSignal): Promise<string> {
    const cached = this.cached;
    if (cached && this.options.now() < cached.renewAt) return cached.token;
    this.pending ??= this.fetch(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached token (after the API refused it). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** The current token, for the redactor; undefined when none is held. */
  get current(): string | undefined {
    return this.cached?.token;
  }

  private async fetch(signal?: AbortSignal): Promise<string> {
    const { auth, send, now, redact } = this.options;
    const path = new URL(auth.tokenUrl).pathname;
    const facts = { method: "POST", path, attempts: 1, redact };
    const started = now();
    let response: Awaited<ReturnType<Transport>>;
    try {
      response = await send({
        method: "POST",
        url: auth.tokenUrl,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
          "User-Agent": this.options.userAgent,
        },
        body: tokenRequestBody(auth),
        timeoutMs: this.options.timeoutMs,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw networkError(facts, classifyNetworkFailure(error), error, this.options.timeoutMs);
    }
    this.options.log(`POST ${path} (OAuth2 token) -> ${response.status} in ${now() - started} ms`);
    if (response.status < 200 || response.status >= 300) {
      const error = apiError(facts, {
        status: response.status,
        text: response.text,
        queryId: response.headers["x-ovh-queryid"],
        retryAfterMs: undefined,
      });
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw shapeError(facts, [], response.headers["x-ovh-queryid"], "was not JSON");
    }
    const parsed = OAuth2Token.safeParse(json);
    if (!parsed.success)
      throw shapeError(facts, shapeIssues(parsed.error), response.headers["x-ovh-queryid"]);
    this.cached = { token: parsed.data.access_token, renewAt: renewAt(now(), parsed.data.expires_in) };
    return parsed.data.access_token;
  }
}
