// OVHcloud's v1 expanded listing (shared/ovh-api-schema/PAGING.md): with
// `X-Pagination-Mode: CachedObjectList-Pages` a list route answers full objects, one page of them:
// page `X-Pagination-Number` (1-based) of `X-Pagination-Size` objects, after the optional filter and
// sort headers (list-query.ts). The answer says `X-Pagination-Elements` (the filtered total),
// `X-Pagination-Number`, `X-Pagination-Size`, and `X-Pagination-Sort` when sorted. There is no
// cursor: cursors are API v2. Without the mode header a list route answers ids, as always.
//
// What no public source shows, the emulator decides (docs/wire-contract.md lists it): 5000 objects
// per page when the size is absent (the control panel's own default), at most 50000 (the largest it
// sends), an empty page past the end, and a 400 for any other mode (CachedObjectList-Cursor included).
import type { IncomingHttpHeaders } from "node:http";
import { errors } from "./errors.js";
import { itemModelOf, matchesAll, parseFilter, parseSort, sortItems } from "./list-query.js";
import type { Reply } from "./router.js";

export const PAGES_MODE = "CachedObjectList-Pages";
export const DEFAULT_PAGE_SIZE = 5000;
export const MAX_PAGE_SIZE = 50_000;

export interface ListRequest {
  /** The API path of the list route (without `/1.0` and the query). */
  path: string;
  headers: IncomingHttpHeaders;
}

export function listReply<K, T>(req: ListRequest, keys: K[], expand: (key: K) => T): Reply {
  const mode = header(req.headers, "x-pagination-mode");
  if (mode === undefined) return { body: keys };
  if (mode.toLowerCase() !== PAGES_MODE.toLowerCase()) {
    throw errors.badRequest(
      `Invalid X-Pagination-Mode "${mode}": this API pages expanded lists with ${PAGES_MODE}`,
    );
  }
  const number = whole(header(req.headers, "x-pagination-number"), "X-Pagination-Number", 1);
  const size = whole(
    header(req.headers, "x-pagination-size"),
    "X-Pagination-Size",
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
  );
  const filter = header(req.headers, "x-pagination-filter");
  const sortField = header(req.headers, "x-pagination-sort");
  const start = (number - 1) * size;
  const replyHeaders: Record<string, string> = {
    "X-Pagination-Number": String(number),
    "X-Pagination-Size": String(size),
  };

  if (!filter && !sortField) {
    // Nothing to compare: expand only the page.
    replyHeaders["X-Pagination-Elements"] = String(keys.length);
    return { body: keys.slice(start, start + size).map(expand), headers: replyHeaders };
  }
  const model = itemModelOf(req.path);
  if (!model) throw errors.badRequest(`${req.path} cannot be filtered or sorted`);
  let items = keys.map(expand);
  if (filter) {
    const terms = parseFilter(filter, model);
    items = items.filter((item) => matchesAll(item, terms));
  }
  if (sortField) {
    items = sortItems(items, parseSort(sortField, header(req.headers, "x-pagination-sort-order"), model));
    replyHeaders["X-Pagination-Sort"] = sortField;
  }
  replyHeaders["X-Pagination-Elements"] = String(items.length);
  return { body: items.slice(start, start + size), headers: replyHeaders };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

/** A whole number from 1 (to `max`), or `fallback` when the header is absent. */
function whole(raw: string | undefined, name: string, fallback: number, max?: number): number {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || (max !== undefined && n > max)) {
    const range = max === undefined ? "of at least 1" : `from 1 to ${max}`;
    throw errors.badRequest(`Invalid ${name} "${raw}": a whole number ${range}`);
  }
  return n;
}
