// A small, independent OVH signing client for the emulator's tests (deliberately not the provider's
// client: the emulator is the reference the client is tested against, not the other way round).
import { createHash } from "node:crypto";

export interface Credentials {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export function signature(
  secret: string,
  consumerKey: string,
  method: string,
  url: string,
  body: string,
  ts: number,
): string {
  return `$1$${createHash("sha1").update([secret, consumerKey, method, url, body, ts].join("+")).digest("hex")}`;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** What goes into the signature, when a test wants it to differ from what is sent. */
  sign?: Partial<{ method: string; url: string; body: string; timestamp: number; secret: string }>;
  timestamp?: number;
  rawBody?: string;
}

async function answer<T>(res: Response): Promise<Answer<T>> {
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/** Calls the API signed with `creds` (path relative to the /1.0 base, query included). */
export async function api<T = unknown>(
  base: string,
  creds: Credentials | null,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const url = `${base}${path}`;
  const text = options.rawBody ?? (body === undefined ? "" : JSON.stringify(body));
  const headers: Record<string, string> = {};
  if (text) headers["Content-Type"] = "application/json";
  if (creds) {
    const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
    const s = options.sign ?? {};
    headers["X-Ovh-Application"] = creds.applicationKey;
    headers["X-Ovh-Consumer"] = creds.consumerKey;
    headers["X-Ovh-Timestamp"] = String(ts);
    headers["X-Ovh-Signature"] = signature(
      s.secret ?? creds.applicationSecret,
      creds.consumerKey,
      s.method ?? method,
      s.url ?? url,
      s.body ?? text,
      s.timestamp ?? ts,
    );
  }
  Object.assign(headers, options.headers);
  const res = await fetch(url, { method, headers, ...(text ? { body: text } : {}) });
  return answer<T>(res);
}

/** Binds `api` to one base URL and credential. */
export function client(base: string, creds: Credentials | null) {
  return <T = unknown>(method: string, path: string, body?: unknown, options?: CallOptions) =>
    api<T>(base, creds, method, path, body, options);
}

/** Calls the admin API (no signature). */
export async function admin<T = unknown>(adminUrl: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return answer<T>(res);
}
