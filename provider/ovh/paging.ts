// Reading a whole list through v1 expanded listing (shared/ovh-api-schema/PAGING.md): ask with
// `X-Pagination-Mode: CachedObjectList-Pages` for page 1, 2, … of `X-Pagination-Size` objects until
// the pages hold the `X-Pagination-Elements` the API announced. A short or empty page ends the list.
// Pure over `fetchPage`, so that every way a server can page wrongly is decided here, in one place:
//
// - the pages end before the total, hold more than it, repeat an object, or the total changes while
//   paging (objects added or removed in between may have shifted the pages): "broken", and the
//   caller reads the list once more before refusing it;
// - the route answers ids (it ignores the mode): "ids", for list-then-get;
// - the server ignores the paging headers and answers everything at once (no total): page 1 is the
//   whole list when it is short, larger than asked, or when page 2 answers exactly the same.
// There is no cursor in v1: cursors (`X-Pagination-Cursor-Next`) are API v2 only.

export const PAGES_MODE = "CachedObjectList-Pages";

export interface PageAnswer {
  json: unknown;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  queryId: string | undefined;
}

export type PagedRead<T> =
  | { kind: "whole"; items: T[] }
  | { kind: "ids"; ids: Array<string | number> }
  | { kind: "broken"; problem: string; queryId: string | undefined };

export interface PagingSteps<T> {
  /** The page size asked for. */
  size: number;
  fetchPage(number: number): Promise<PageAnswer>;
  /** Checks one page's objects against their model (throws the client's shape error). */
  parse(json: unknown[], answer: PageAnswer): T[];
  /** The error for a body that is not a JSON array, or a paging header that is not a count. */
  malformed(answer: PageAnswer, what: string): Error;
}

/** The request headers for page `number` of `size` objects. */
export function pageHeaders(number: number, size: number): Record<string, string> {
  return {
    "X-Pagination-Mode": PAGES_MODE,
    "X-Pagination-Number": String(number),
    "X-Pagination-Size": String(size),
  };
}

export async function readPages<T>(steps: PagingSteps<T>): Promise<PagedRead<T>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let total: number | undefined;
  let firstPage = "";
  for (let number = 1; ; number++) {
    const answer = await steps.fetchPage(number);
    const { json } = answer;
    if (!Array.isArray(json)) throw steps.malformed(answer, "was not a JSON array");
    const elements = count(answer, "x-pagination-elements", steps);
    const broken = (problem: string): PagedRead<T> => ({ kind: "broken", problem, queryId: answer.queryId });

    if (
      number === 1 &&
      json.length > 0 &&
      json.every((x) => typeof x === "number" || typeof x === "string")
    ) {
      if (elements !== undefined && elements !== json.length) {
        return broken(`it answered ${json.length} ids where X-Pagination-Elements said ${elements}`);
      }
      return { kind: "ids", ids: json };
    }
    const echoed = count(answer, "x-pagination-number", steps);
    if (echoed !== undefined && echoed !== number) {
      return broken(`asked for page ${number}, it answered page ${echoed}`);
    }
    if (number === 1) {
      total = elements;
      // Kept only to recognise a server that ignores the paging headers (it sends no total).
      if (total === undefined) firstPage = JSON.stringify(json);
    } else if (elements !== total) {
      return broken(
        `X-Pagination-Elements changed from ${total ?? "(none)"} on page 1 to ${elements ?? "(none)"} on page ${number}: ` +
          "objects were added or removed while paging",
      );
    } else if (total === undefined && number === 2 && JSON.stringify(json) === firstPage) {
      // No total and page 2 = page 1: the server ignores the paging headers; page 1 was everything.
      return { kind: "whole", items };
    }
    const page = steps.parse(json, answer);
    for (const raw of json) {
      const key = JSON.stringify(raw);
      if (seen.has(key)) return broken(`page ${number} repeated an object of an earlier page`);
      seen.add(key);
    }
    items.push(...page);
    const size = count(answer, "x-pagination-size", steps) ?? steps.size;
    if (total === undefined) {
      // No total to reach: a page that is not exactly full is the last one (larger = everything at once).
      if (json.length !== size) return { kind: "whole", items };
      continue;
    }
    if (items.length === total) return { kind: "whole", items };
    if (items.length > total) {
      return broken(`the pages held ${items.length} objects, more than X-Pagination-Elements ${total}`);
    }
    if (json.length < size) {
      return broken(
        `the pages ended after ${items.length} of the ${total} objects X-Pagination-Elements announced ` +
          `(page ${number} held ${json.length} of a page size of ${size})`,
      );
    }
  }
}

/** A paging header as a count: undefined when absent, the client's shape error when not a whole number. */
function count(answer: PageAnswer, name: string, steps: Pick<PagingSteps<unknown>, "malformed">) {
  const raw = answer.headers[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  if (!/^\s*\d+\s*$/.test(raw)) throw steps.malformed(answer, `had ${name}: "${raw}", not a count`);
  return Number(raw);
}
