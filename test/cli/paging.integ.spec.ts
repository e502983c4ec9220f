// inventory, drift and adopt on an account large enough to need several pages, through the real client
// against the real emulator: 250 tenants (the issue's account: `o365r inventory` reported 100 of 250),
// one of them with 12,000 subscriptions. Once with small pages forced (pageSize 97 in the accounts
// file: 3 pages of tenants, 124 of that tenant's subscriptions) and once with the default page size.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdopt } from "../../provider/cli/handlers/adopt.js";
import { type DriftOutput, runDrift } from "../../provider/cli/handlers/drift.js";
import { type Inventory, runInventory } from "../../provider/cli/handlers/inventory.js";
import type { OfficeSubscription, OfficeTenant } from "../../provider/ovh/index.js";
import { startRewritingProxy } from "../rewriting-proxy.js";
import {
  captureIo,
  envFor,
  type Fleet,
  runCli,
  type SeededAccount,
  type SeededTenant,
  startFleet,
  tempDir,
  writeFile,
} from "./harness.js";
import { subscriptionStateOf, tenantStateOf, terraformState } from "./state-fixtures.js";

const TENANTS = 250;
const DEEP = 12_000;
const SMALL_PAGE = 97;
const DEFAULT_PAGE = 5000;
const LICENCE_NAMES: Record<number, string> = {
  1: "Microsoft 365 Business Basic",
  2: "Microsoft 365 Business Standard",
  5: "Office 365 E3",
  7: "Exchange Online (Plan 1)",
};

let fleet: Fleet;
let account: SeededAccount;
let seeded: SeededTenant[];
let deep: SeededTenant;
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
const files: Record<number, string> = {};

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const byName = <T extends { serviceName: string }>(list: T[]) =>
  [...list].sort((a, b) => a.serviceName.localeCompare(b.serviceName));

beforeAll(async () => {
  fleet = await startFleet();
  account = await fleet.account({ nic: "pg25000-ovh" });
  const tenants = [
    {
      account: account.nic,
      displayName: "Deep Customer",
      subscriptions: Array.from({ length: DEEP }, (_, i) => ({ license: i % 2 === 0 ? 5 : 7, quantity: 1 })),
    },
    ...Array.from({ length: TENANTS - 1 }, (_, i) => ({
      account: account.nic,
      displayName: `Customer ${String(i + 1).padStart(3, "0")}`,
      subscriptions: [{ license: 1 + (i % 2), quantity: 1 + (i % 20) }],
    })),
  ];
  seeded = (await fleet.admin<{ tenants: SeededTenant[] }>("POST", "/tenants/bulk", { tenants })).tenants;
  deep = seeded[0]!;
  dir = tempDir();
  env = envFor("PG_", account, fleet.emu.url);
  for (const size of [SMALL_PAGE, DEFAULT_PAGE]) {
    files[size] = writeFile(
      dir.dir,
      `pages-${size}.accounts.yaml`,
      `accounts:
  reseller:
    nic: ${account.nic}
    credentials:
      envPrefix: PG_
    requestsPerMinute: 100000
${size === DEFAULT_PAGE ? "" : `    pageSize: ${size}\n`}`,
    );
  }
}, 60_000);

afterAll(async () => {
  await fleet?.close();
  dir?.cleanup();
});

const io = () => captureIo({ env, cwd: dir.dir });

/** The emulator's call log of this account, as "METHOD path" → count. */
function listCalls(): { tenants: number; deepSubscriptions: number } {
  const calls = fleet.emu.calls().filter((c) => c.account === account.nic && c.method === "GET");
  return {
    tenants: calls.filter((c) => c.path === "/saas/csp2").length,
    deepSubscriptions: calls.filter((c) => c.path === `/saas/csp2/${deep.serviceName}/subscription`).length,
  };
}

describe.each([SMALL_PAGE, DEFAULT_PAGE])("with pages of %i", (size) => {
  it("inventory lists all 250 tenants and every one of their 12,249 subscriptions", async () => {
    fleet.emu.clearCalls();
    const c = io();
    const code = await runInventory({ accounts: files[size], format: "json", quiet: true }, c.io);
    expect(c.err()).toBe("");
    expect(code).toBe(0);
    const inv = JSON.parse(c.out()) as Inventory;
    const tenants = inv.accounts[0]!.tenants;
    expect(tenants.map((t) => t.serviceName)).toEqual(byName(seeded).map((t) => t.serviceName));
    const ids = (list: { subscriptions: Array<{ id?: number; subscriptionId?: number }> }[]) =>
      list.flatMap((t) => t.subscriptions.map((s) => s.subscriptionId ?? s.id)).sort((a, b) => a! - b!);
    expect(ids(tenants)).toEqual(ids(seeded));
    const seats = seeded.flatMap((t) => t.subscriptions).reduce((sum, s) => sum + s.quantity, 0);
    expect(inv.totals).toMatchObject({ tenants: TENANTS, subscriptions: DEEP + TENANTS - 1, seats });
    expect(listCalls()).toEqual({ tenants: pages(TENANTS, size), deepSubscriptions: pages(DEEP, size) });
  });
});

describe("drift and adopt across pages", () => {
  let stateFile: string;
  let undeclared: SeededTenant;
  let changedId: number;
  let cancelledId: number;
  let tenantAt240: SeededTenant;

  beforeAll(async () => {
    // The state as the providers would have written it, for every tenant but the last by name of
    // those with one subscription (names are random: the deep tenant may sort anywhere).
    const api = fleet.api(account);
    const live = byName(await api.listTenants());
    expect(live.map((t) => t.serviceName)).toEqual(byName(seeded).map((t) => t.serviceName));
    const small = byName(seeded.filter((t) => t !== deep));
    undeclared = small.at(-1)!;
    tenantAt240 = small[240]!;
    const resources: Parameters<typeof terraformState>[0] = [];
    for (const [i, tenant] of live.entries()) {
      if (tenant.serviceName === undeclared.serviceName) continue;
      const subs: OfficeSubscription[] = await api.listSubscriptions(tenant.serviceName);
      resources.push({ name: `t${i}`, state: tenantStateOf(tenant as OfficeTenant, account.nic) });
      for (const s of subs) {
        resources.push({
          name: `t${i}_s${s.id}`,
          state: subscriptionStateOf(tenant.serviceName, s, LICENCE_NAMES[s.licenseId]!, account.nic),
        });
      }
    }
    stateFile = writeFile(dir.dir, "terraform.tfstate", JSON.stringify(terraformState(resources)));

    // Behind our back, on the last pages: seats of the tenant at position 240 change, and the deep
    // tenant's last subscription is cancelled.
    const colleague = fleet.api(await fleet.credential(account.nic));
    changedId = tenantAt240.subscriptions[0]!.id;
    cancelledId = deep.subscriptions[DEEP - 1]!.id;
    await colleague.changeQuantity(
      tenantAt240.serviceName,
      changedId,
      tenantAt240.subscriptions[0]!.quantity + 5,
    );
    await colleague.cancelSubscription(deep.serviceName, cancelledId);
    await fleet.admin("POST", "/clock", { advanceSeconds: 60 });
  }, 120_000);

  it.each([SMALL_PAGE, DEFAULT_PAGE])(
    "drift (pages of %i) finds the change, the cancellation and the one unmanaged tenant, nothing else",
    async (size) => {
      const c = io();
      const code = await runDrift(
        { state: [stateFile], accounts: files[size], format: "json", quiet: true },
        c.io,
      );
      expect(c.err()).toBe("");
      expect(code).toBe(2);
      const report = JSON.parse(c.out()) as DriftOutput;
      expect(report.changed.map((x) => [x.id, x.attributes])).toEqual([
        [
          `${tenantAt240.serviceName}/${changedId}`,
          [
            {
              attribute: "quantity",
              declared: tenantAt240.subscriptions[0]!.quantity,
              live: tenantAt240.subscriptions[0]!.quantity + 5,
            },
          ],
        ],
      ]);
      expect(report.gone.map((x) => x.id)).toEqual([`${deep.serviceName}/${cancelledId}`]);
      expect(report.unmanaged.map((u) => u.id)).toEqual([
        undeclared.serviceName,
        `${undeclared.serviceName}/${undeclared.subscriptions[0]!.id}`,
      ]);
    },
    60_000,
  );

  it.each([SMALL_PAGE, DEFAULT_PAGE])(
    "adopt (pages of %i) writes code for exactly the unmanaged tenant",
    async (size) => {
      const c = io();
      expect(
        await runAdopt({ format: "hcl", state: [stateFile], accounts: files[size], quiet: true }, c.io),
      ).toBe(0);
      const ids = [...c.out().matchAll(/^ {2}id\s+= "([^"]+)"$/gm)].map((m) => m[1]);
      expect(ids).toEqual([
        undeclared.serviceName,
        `${undeclared.serviceName}/${undeclared.subscriptions[0]!.id}`,
      ]);
    },
    60_000,
  );

  it("adopt without a state (small pages) writes every live tenant and subscription", async () => {
    const c = io();
    expect(
      await runAdopt({ format: "pulumi", state: [], accounts: files[SMALL_PAGE], quiet: true }, c.io),
    ).toBe(0);
    const code = c.out();
    expect(code.match(/adoptServiceName: "/g)).toHaveLength(TENANTS);
    expect(code.match(/adoptSubscriptionId: \d+,/g)).toHaveLength(DEEP + TENANTS - 1 - 1);
    expect(code).not.toContain(`adoptSubscriptionId: ${cancelledId},`);
  }, 60_000);
});

describe("a server that pages wrongly", () => {
  it("inventory refuses the account, naming the route, instead of listing 100 of 250 tenants (exit 1)", async () => {
    // As the issue saw it: pages of at most 100 tenants whatever the size asked, the total still 250.
    const proxy = await startRewritingProxy(fleet.emu.origin, ({ path, body }) =>
      path === "/saas/csp2" && Array.isArray(body) && typeof body[0] === "object"
        ? body.slice(0, 100)
        : undefined,
    );
    try {
      const c = captureIo({ env: { ...env, PG_OVH_ENDPOINT: proxy.url }, cwd: dir.dir });
      const code = await runInventory({ accounts: files[DEFAULT_PAGE], format: "json", quiet: true }, c.io);
      expect(code).toBe(1);
      // No account could be scanned: nothing on stdout (no empty inventory), the reason on stderr.
      expect(c.out()).toBe("");
      expect(c.err()).toMatch(
        /The expanded listing of GET \/saas\/csp2 did not add up to a whole list, twice in a row: the pages ended after 100 of the 250 objects X-Pagination-Elements announced/,
      );
      expect(proxy.rewritten()).toBe(2); // read once more before refusing
    } finally {
      await proxy.close();
    }
  });
});

describe("as a user runs it", () => {
  it("o365r inventory --json counts 250 tenants", async () => {
    const cli = await runCli(["inventory", "--accounts", files[DEFAULT_PAGE]!, "--json", "--no-prices"], {
      env,
      cwd: dir.dir,
      timeoutMs: 60_000,
    });
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as Inventory).totals.tenants).toBe(TENANTS);
    // The drift tests above cancelled one of the 12,249 subscriptions.
    expect(cli.stderr).toBe(`o365r: scanned reseller (${account.nic}): 250 tenants, 12248 subscriptions\n`);
  }, 90_000);
});
