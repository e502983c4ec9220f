// OVHcloud's expanded listing: with `X-Pagination-Mode: CachedObjectList-Pages` a list route answers
// full objects, a page at a time (`X-Pagination-Size`, default 100), and says where the next page
// starts in `X-Pagination-Cursor-Next`, which the client sends back as `X-Pagination-Cursor`.
// Without that header a list route answers ids, as always.
import type { IncomingHttpHeaders } from "node:http";
import { errors } from "./errors.js";
import type { Reply } from "./router.js";

export const EXPANDED_MODE = "CachedObjectList-Pages";
const DEFAULT_SIZE = 100;
const MAX_SIZE = 5000;

export function listReply<K, T>(headers: IncomingHttpHeaders, keys: K[], expand: (key: K) => T): Reply {
  if (header(headers, "x-pagination-mode") !== EXPANDED_MODE) return { body: keys };
  const size = pageSize(header(headers, "x-pagination-size"));
  const offset = decodeCursor(header(headers, "x-pagination-cursor"), keys.length);
  const page = keys.slice(offset, offset + size).map(expand);
  const next = offset + size;
  const replyHeaders: Record<string, string> = { "X-Pagination-Mode": EXPANDED_MODE };
  if (next < keys.length) replyHeaders["X-Pagination-Cursor-Next"] = encodeCursor(next);
  return { body: page, headers: replyHeaders };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function pageSize(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    throw errors.badRequest(`Invalid X-Pagination-Size "${raw}": a whole number from 1 to ${MAX_SIZE}`);
  }
  return size;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64url");
}

function decodeCursor(raw: string | undefined, total: number): number {
  if (raw === undefined || raw === "") return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { offset: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return Math.min(offset, total);
  } catch {
    // fall through to the refusal
  }
  throw errors.badRequest(`Invalid X-Pagination-Cursor "${raw}"`);
}
