// v1 expanded listing as shared/ovh-api-schema/PAGING.md describes it: pages by number and size, the
// total in X-Pagination-Elements, the sort and filter headers, and never a cursor (that is API v2).
// Where PAGING.md says OVHcloud's behaviour is unknown, these pin the emulator's documented choice
// (docs/wire-contract.md "Expanded listing").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { client } from "./helpers.js";

const PAGES = { "X-Pagination-Mode": "CachedObjectList-Pages" };
let emu: EmulatorHandle;
let call: ReturnType<typeof client>;
let names: string[];
let big: string;
/** "Alpha GmbH": subscriptions of 10 and 20 seats. */
let alpha: string;

interface Tenant {
  serviceName: string;
  displayName: string;
  status: string;
}
interface Subscription {
  id: number;
  licenseId: number;
  quantity: number;
}

beforeAll(async () => {
  emu = await startEmulator();
  const account = emu.createAccount();
  call = client(emu.url, account);
  const seeded = emu.createTenants(
    ["Alpha GmbH", "Bravo SARL", "Charlie Ltd", "Delta BV", "Echo SpA", "Foxtrot AG", "Golf Oy"].map(
      (displayName, i) => ({
        account: account.nic,
        displayName,
        ...(i === 3 ? { status: "suspended" as const } : {}),
        subscriptions: [
          { license: 1, quantity: 10 + i },
          { license: 5, quantity: 20 - i },
        ],
      }),
    ),
  );
  names = seeded.map((t) => t.serviceName).sort();
  alpha = seeded[0]!.serviceName;
  // One tenant with more subscriptions than the default page holds.
  big = emu.createTenant({
    account: account.nic,
    displayName: "Zulu Big",
    subscriptions: Array.from({ length: 5001 }, (_, i) => ({ license: 7, quantity: 1 + (i % 9) })),
  }).serviceName;
  names = [...names, big].sort();
});
afterAll(() => emu.stop());

const page = <T>(path: string, headers: Record<string, string>) =>
  call<T[]>("GET", path, undefined, { headers: { ...PAGES, ...headers } });

describe("pages by number and size", () => {
  it("answers page N of size S with the total, the page and the size in effect", async () => {
    const seen: string[] = [];
    for (const number of [1, 2, 3]) {
      const answer = await page<Tenant>("/saas/csp2", {
        "X-Pagination-Number": String(number),
        "X-Pagination-Size": "3",
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-pagination-elements")).toBe("8");
      expect(answer.headers.get("x-pagination-number")).toBe(String(number));
      expect(answer.headers.get("x-pagination-size")).toBe("3");
      expect(answer.body.length).toBe(number < 3 ? 3 : 2);
      seen.push(...answer.body.map((t) => t.serviceName));
    }
    expect(seen).toEqual(names);
  });

  it("starts at page 1 and sends no cursor header, whatever is asked", async () => {
    const answer = await page<Tenant>("/saas/csp2", {
      "X-Pagination-Size": "2",
      "X-Pagination-Cursor": "eyJvZmZzZXQiOjJ9",
    });
    expect(answer.body.map((t) => t.serviceName)).toEqual(names.slice(0, 2));
    expect(answer.headers.get("x-pagination-number")).toBe("1");
    expect([...answer.headers.keys()].filter((h) => h.includes("cursor"))).toEqual([]);
  });

  it("answers an empty page past the end, still with the total", async () => {
    const answer = await page<Tenant>("/saas/csp2", { "X-Pagination-Number": "9", "X-Pagination-Size": "3" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
    expect(answer.headers.get("x-pagination-elements")).toBe("8");
  });

  it("pages 5000 objects when no size is asked for, and accepts the control panel's 50000", async () => {
    const path = `/saas/csp2/${big}/subscription`;
    const first = await page<Subscription>(path, {});
    expect(first.body).toHaveLength(5000);
    expect(first.headers.get("x-pagination-size")).toBe("5000");
    expect(first.headers.get("x-pagination-elements")).toBe("5001");
    const second = await page<Subscription>(path, { "X-Pagination-Number": "2" });
    expect(second.body).toHaveLength(1);
    const all = await page<Subscription>(path, { "X-Pagination-Size": "50000" });
    expect(all.body).toHaveLength(5001);
    expect(new Set(all.body.map((s) => s.id)).size).toBe(5001);
    expect([...first.body, ...second.body].map((s) => s.id)).toEqual(all.body.map((s) => s.id));
  });

  it("refuses a size or number that is not a whole number in range, naming the header", async () => {
    for (const [name, value] of [
      ["X-Pagination-Size", "0"],
      ["X-Pagination-Size", "50001"],
      ["X-Pagination-Size", "ten"],
      ["X-Pagination-Number", "0"],
      ["X-Pagination-Number", "-1"],
    ] as const) {
      const answer = await page<never>("/saas/csp2", { [name]: value });
      expect(answer.status, `${name}: ${value}`).toBe(400);
      expect((answer.body as unknown as { message: string }).message).toContain(`Invalid ${name} "${value}"`);
    }
  });

  it("answers ids without the mode header, and refuses a mode it does not page with", async () => {
    const ids = await call<string[]>("GET", "/saas/csp2", undefined, {
      headers: { "X-Pagination-Size": "2", "X-Pagination-Number": "2" },
    });
    expect(ids.body).toEqual(names);
    const lower = await page<Tenant>("/saas/csp2", { "X-Pagination-Mode": "cachedobjectlist-pages" });
    expect(lower.body).toHaveLength(8);
    const cursor = await page<never>("/saas/csp2", { "X-Pagination-Mode": "CachedObjectList-Cursor" });
    expect(cursor.status).toBe(400);
  });
});

describe("sort and filter", () => {
  it("sorts by a field, either way, before paging, and says so", async () => {
    const desc = await page<Tenant>("/saas/csp2", {
      "X-Pagination-Sort": "displayName",
      "X-Pagination-Sort-Order": "DESC",
      "X-Pagination-Size": "2",
    });
    expect(desc.body.map((t) => t.displayName)).toEqual(["Zulu Big", "Golf Oy"]);
    expect(desc.headers.get("x-pagination-sort")).toBe("displayName");
    const byQuantity = await page<Subscription>(`/saas/csp2/${alpha}/subscription`, {
      "X-Pagination-Sort": "quantity",
    });
    const quantities = byQuantity.body.map((s) => s.quantity);
    expect(quantities).toEqual([...quantities].sort((a, b) => a - b));
    const unsorted = await page<Tenant>("/saas/csp2", {});
    expect(unsorted.headers.get("x-pagination-sort")).toBeNull();
  });

  it("filters with eq, ne, lt, gt, like and in, joined by &, and counts the filtered total", async () => {
    const filtered = async (filter: string) => {
      const answer = await page<Tenant>("/saas/csp2", { "X-Pagination-Filter": filter });
      expect(answer.status, filter).toBe(200);
      expect(answer.headers.get("x-pagination-elements")).toBe(String(answer.body.length));
      return answer.body.map((t) => t.displayName).sort();
    };
    expect(await filtered("status:eq=suspended")).toEqual(["Delta BV"]);
    expect(await filtered("status:ne=ok")).toEqual(["Delta BV"]);
    expect(await filtered("displayName:like=%25l%25")).toEqual([
      "Alpha GmbH",
      "Charlie Ltd",
      "Delta BV",
      "Golf Oy",
      "Zulu Big",
    ]);
    expect(await filtered("displayName:like=%25L%25")).toEqual(["Bravo SARL", "Charlie Ltd"]);
    expect(await filtered("displayName:like=Echo%25")).toEqual(["Echo SpA"]);
    expect(await filtered("displayName:in=Bravo%20SARL,Golf%20Oy,Nobody")).toEqual(["Bravo SARL", "Golf Oy"]);
    expect(await filtered("displayName:lt=C&status:eq=ok")).toEqual(["Alpha GmbH", "Bravo SARL"]);
    expect(await filtered("iam.state:eq=SUSPENDED")).toEqual(["Delta BV"]);

    const subs = await page<Subscription>(`/saas/csp2/${alpha}/subscription`, {
      "X-Pagination-Filter": "quantity:gt=10&licenseId:in=1,5",
    });
    expect(subs.body.map((s) => [s.licenseId, s.quantity])).toEqual([[5, 20]]);
  });

  it("pages the filtered and sorted list", async () => {
    const second = await page<Tenant>("/saas/csp2", {
      "X-Pagination-Filter": "status:eq=ok",
      "X-Pagination-Sort": "displayName",
      "X-Pagination-Size": "2",
      "X-Pagination-Number": "2",
    });
    expect(second.body.map((t) => t.displayName)).toEqual(["Charlie Ltd", "Echo SpA"]);
    expect(second.headers.get("x-pagination-elements")).toBe("7");
  });

  it("refuses an unknown field or operator with a 400 naming it", async () => {
    for (const [name, value, words] of [
      ["X-Pagination-Filter", "colour:eq=red", "has no property colour"],
      ["X-Pagination-Filter", "status:nq=ok", "operator nq is not one of eq, ne, lt, gt, like, in"],
      ["X-Pagination-Filter", "status", "expected <field>:<operator>=<value>"],
      ["X-Pagination-Filter", "iam:eq=x", "cannot be compared"],
      ["X-Pagination-Sort", "colour", "has no property colour"],
    ] as const) {
      const answer = await page<never>("/saas/csp2", { [name]: value });
      expect(answer.status, value).toBe(400);
      expect((answer.body as unknown as { message: string }).message).toContain(words);
    }
    const order = await page<never>("/saas/csp2", {
      "X-Pagination-Sort": "displayName",
      "X-Pagination-Sort-Order": "UP",
    });
    expect(order.status).toBe(400);
  });
});
