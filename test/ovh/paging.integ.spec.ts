// The client's list() against a small local HTTP server that pages as v1 does, or wrongly: the real
// client (undici, signing, retries) over real HTTP. What matters to a user: a list is either whole or
// refused with a clear error, never silently cut short (the issue: `o365r inventory` on an account of
// 250 tenants reported 100 through a server that pages by number).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createOvhClient, type OvhClient, OvhListingError } from "../../provider/ovh/index.js";

const Item = z.object({ id: z.number(), name: z.string() });
type Item = z.infer<typeof Item>;

interface PageRequest {
  mode: string | undefined;
  number: number;
  size: number;
  /** 1 for the first request to the list route, 2 for the second, … */
  call: number;
}
type Pager = (req: PageRequest) => { body: unknown; headers?: Record<string, string> };

let server: Server;
let url: string;
let pager: Pager;
let listCalls: PageRequest[] = [];
let itemCalls: string[] = [];
const clients: OvhClient[] = [];

const tenants = (n: number): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `t${i + 1}` }));

/** Pages as v1 does (PAGING.md): page `number` of `size`, total in X-Pagination-Elements. */
const v1 =
  (items: () => Item[]): Pager =>
  ({ mode, number, size }) => {
    const all = items();
    if (!mode) return { body: all.map((t) => t.id) };
    return {
      body: all.slice((number - 1) * size, number * size),
      headers: {
        "X-Pagination-Elements": String(all.length),
        "X-Pagination-Number": String(number),
        "X-Pagination-Size": String(size),
      },
    };
  };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/1\.0/, "");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (path === "/auth/time") return send(200, Math.floor(Date.now() / 1000));
    const item = /^\/things\/(\d+)$/.exec(path);
    if (item) {
      itemCalls.push(item[1]!);
      return send(200, { id: Number(item[1]), name: `t${item[1]}` });
    }
    if (path !== "/things") return send(404, { class: "Client::NotFound", message: "no route" });
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const request: PageRequest = {
      mode: header("x-pagination-mode"),
      number: Number(header("x-pagination-number") ?? 1),
      size: Number(header("x-pagination-size") ?? 5000),
      call: listCalls.length + 1,
    };
    listCalls.push(request);
    const answer = pager(request);
    send(200, answer.body, answer.headers);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1.0`;
});
afterEach(() => {
  listCalls = [];
  itemCalls = [];
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await new Promise((resolve) => server.close(resolve));
});

function client(pageSize?: number): OvhClient {
  const c = createOvhClient({
    endpoint: url,
    applicationKey: "ak-paging",
    applicationSecret: "as-paging",
    consumerKey: `ck-paging-${Math.random()}`,
    env: {},
    configFiles: [],
    requestsPerMinute: 100_000,
    log: false,
    ...(pageSize ? { pageSize } : {}),
  });
  clients.push(c);
  return c;
}

const listed = (c: OvhClient) => c.list("/things", Item);

describe("a server that pages as v1 does", () => {
  it("250 tenants in pages of 100: three calls, all 250 (the issue's account)", async () => {
    pager = v1(() => tenants(250));
    const items = await listed(client(100));
    expect(items).toEqual(tenants(250));
    expect(listCalls.map((c) => [c.mode, c.number, c.size])).toEqual([
      ["CachedObjectList-Pages", 1, 100],
      ["CachedObjectList-Pages", 2, 100],
      ["CachedObjectList-Pages", 3, 100],
    ]);
  });

  it("with the default page size, one call", async () => {
    pager = v1(() => tenants(250));
    expect(await listed(client())).toHaveLength(250);
    expect(listCalls.map((c) => c.size)).toEqual([5000]);
  });

  it("an empty list is one call", async () => {
    pager = v1(() => []);
    expect(await listed(client(100))).toEqual([]);
    expect(listCalls).toHaveLength(1);
  });

  it("a list that grew while paging is read again, and the second read is whole", async () => {
    let extra = 0;
    pager = (req) => {
      // One tenant is added between the first read's page 1 and page 2.
      if (req.call === 2) extra = 1;
      return v1(() => tenants(250 + extra))(req);
    };
    const items = await listed(client(100));
    expect(items).toEqual(tenants(251));
    expect(listCalls.map((c) => c.number)).toEqual([1, 2, 1, 2, 3]);
  });
});

describe("a server that pages wrongly: refused, never cut short", () => {
  it("pages that end before X-Pagination-Elements is reached", async () => {
    // It keeps at most 100 per page, says so nowhere, and has no page 2.
    pager = ({ number }) => ({
      body: number === 1 ? tenants(250).slice(0, 100) : [],
      headers: { "X-Pagination-Elements": "250" },
    });
    const error = await listed(client(5000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhListingError);
    expect((error as Error).message).toMatch(
      /GET \/things did not add up to a whole list, twice in a row: the pages ended after 100 of the 250 objects X-Pagination-Elements announced \(page 1 held 100 of a page size of 5000\)/,
    );
    expect(listCalls).toHaveLength(2); // read once more, then refused
  });

  it("a server that ignores X-Pagination-Number repeats page 1", async () => {
    pager = ({ size }) => ({
      body: tenants(250).slice(0, size),
      headers: { "X-Pagination-Elements": "250" },
    });
    const error = await listed(client(100)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhListingError);
    expect((error as Error).message).toContain("page 2 repeated an object of an earlier page");
    expect(listCalls.map((c) => c.number)).toEqual([1, 2, 1, 2]);
  });

  it("a total that changes on every read", async () => {
    pager = (req) => v1(() => tenants(240 + req.call))(req);
    const error = await listed(client(100)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhListingError);
    expect((error as OvhListingError).problem).toMatch(
      /X-Pagination-Elements changed from 243 on page 1 to 244 on page 2/,
    );
  });

  it("more objects than announced", async () => {
    pager = () => ({ body: tenants(3), headers: { "X-Pagination-Elements": "2" } });
    await expect(listed(client(100))).rejects.toThrow(
      /the pages held 3 objects, more than X-Pagination-Elements 2/,
    );
  });

  it("a page number it was not asked for", async () => {
    pager = (req) => ({
      ...v1(() => tenants(250))(req),
      headers: { "X-Pagination-Elements": "250", "X-Pagination-Number": "1" },
    });
    await expect(listed(client(100))).rejects.toThrow(/asked for page 2, it answered page 1/);
  });
});

describe("a server that ignores the paging headers", () => {
  it("answers everything at once, larger than a page: one call", async () => {
    pager = () => ({ body: tenants(250) });
    expect(await listed(client(100))).toEqual(tenants(250));
    expect(listCalls).toHaveLength(1);
  });

  it("answers everything at once, exactly a page: page 2 is the same, so page 1 was all", async () => {
    pager = () => ({ body: tenants(100) });
    expect(await listed(client(100))).toEqual(tenants(100));
    expect(listCalls).toHaveLength(2);
  });

  it("pages without a total: until a short page", async () => {
    pager = ({ number, size }) => ({ body: tenants(250).slice((number - 1) * size, number * size) });
    expect(await listed(client(100))).toEqual(tenants(250));
    expect(listCalls).toHaveLength(3);
  });

  it("answers ids: each one is read (list-then-get)", async () => {
    pager = () => ({ body: [1, 2, 3] });
    expect(await listed(client(100))).toEqual(tenants(3));
    expect(itemCalls.sort()).toEqual(["1", "2", "3"]);
  });
});
