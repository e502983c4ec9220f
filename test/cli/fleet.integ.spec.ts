// inventory, drift, adopt, accounts check and plan-summary prices against a live emulator with two
// reseller accounts seeded through its admin API. Changes "behind our back" are signed API calls made
// with another credential of the same account, as a colleague in the control panel would make them.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAccountsCheck } from "../../provider/cli/handlers/accounts.js";
import { runAdopt } from "../../provider/cli/handlers/adopt.js";
import { type DriftOutput, runDrift } from "../../provider/cli/handlers/drift.js";
import { type Inventory, runInventory } from "../../provider/cli/handlers/inventory.js";
import { type PlanSummaryOutput, runPlanSummary } from "../../provider/cli/handlers/plan-summary.js";
import {
  captureIo,
  EXAMPLES,
  envFor,
  type Fleet,
  runCli,
  type SeededAccount,
  type SeededTenant,
  startFleet,
  tempDir,
  writeFile,
} from "./harness.js";
import { pulumiExport, subscriptionStateOf, tenantStateOf, terraformState } from "./state-fixtures.js";

let fleet: Fleet;
let a: SeededAccount;
let b: SeededAccount;
let contoso: SeededTenant;
let unmanaged: SeededTenant;
let fabrikam: SeededTenant;
let dir: ReturnType<typeof tempDir>;
let accountsFile: string;
let env: Record<string, string>;

beforeAll(async () => {
  fleet = await startFleet();
  a = await fleet.account({ nic: "aa11111-ovh" });
  b = await fleet.account({ nic: "bb22222-ovh" });
  contoso = await fleet.tenant({
    account: a.nic,
    displayName: "Contoso GmbH",
    subscriptions: [
      { license: "Microsoft 365 Business Standard", quantity: 10 },
      { license: "Exchange Online (Plan 1)", quantity: 5 },
    ],
  });
  unmanaged = await fleet.tenant({
    account: a.nic,
    displayName: "Unmanaged Ltd",
    subscriptions: [{ license: "Office 365 E3", quantity: 3 }],
  });
  fabrikam = await fleet.tenant({
    account: b.nic,
    displayName: "Fabrikam SARL",
    subscriptions: [
      { license: "Microsoft 365 Business Premium", quantity: 4 },
      { license: "Microsoft 365 Business Basic", quantity: 6 },
    ],
  });
  dir = tempDir();
  accountsFile = writeFile(
    dir.dir,
    "o365r.accounts.yaml",
    `accounts:
  reseller-a:
    nic: ${a.nic}
    credentials:
      envPrefix: A_
    requestsPerMinute: 100000
  reseller-b:
    credentials:
      env: { endpoint: B_ENDPOINT, applicationKey: B_AK, applicationSecret: B_AS, consumerKey: B_CK }
    requestsPerMinute: 100000
`,
  );
  env = {
    ...envFor("A_", a, fleet.emu.url),
    B_ENDPOINT: fleet.emu.url,
    B_AK: b.applicationKey,
    B_AS: b.applicationSecret,
    B_CK: b.consumerKey,
  };
});

afterAll(async () => {
  await fleet?.close();
  dir?.cleanup();
});

const io = () => captureIo({ env, cwd: dir.dir });

describe("inventory", () => {
  it("lists exactly what was seeded, with each account's cart prices, marked as such (JSON)", async () => {
    const c = io();
    fleet.emu.clearCalls();
    const code = await runInventory({ accounts: accountsFile, format: "json", quiet: true }, c.io);
    expect(c.err()).toBe("");
    expect(code).toBe(0);
    // The prices: one throwaway cart per account, read and deleted, never checked out: 4 calls each.
    const cartCalls = fleet.emu
      .calls()
      .filter((x) => x.path.startsWith("/order/cart"))
      .map((x) => `${x.account} ${x.method} ${x.path.replace(/cart\/[^/]+/, "cart/{c}")}`)
      .sort();
    expect(cartCalls).toEqual(
      [a.nic, b.nic]
        .flatMap((nic) => [
          `${nic} POST /order/cart`,
          `${nic} GET /order/cart/{c}/csp2`,
          `${nic} GET /order/cart/{c}/csp2/options`,
          `${nic} DELETE /order/cart/{c}`,
        ])
        .sort(),
    );
    expect(fleet.emu.calls().filter((x) => x.path.startsWith("/price/"))).toEqual([]);
    expect(Object.values(fleet.emu.state().carts)).toEqual([]);
    const inv = JSON.parse(c.out()) as Inventory;
    const shape = inv.accounts.map((acc) => ({
      name: acc.name,
      nic: acc.nic,
      tenants: acc.tenants.map((t) => ({
        serviceName: t.serviceName,
        displayName: t.displayName,
        subs: t.subscriptions.map((s) => [
          s.subscriptionId,
          s.licenseName,
          s.quantity,
          s.monthlyPrice,
          s.priceSource,
        ]),
      })),
    }));
    const byName = (x: { serviceName: string }, y: { serviceName: string }) =>
      x.serviceName.localeCompare(y.serviceName);
    expect(shape).toEqual([
      {
        name: "reseller-a",
        nic: a.nic,
        tenants: [
          {
            serviceName: contoso.serviceName,
            displayName: "Contoso GmbH",
            subs: [
              [contoso.subscriptions[0]!.id, "Microsoft 365 Business Standard", 10, 117, "cart"],
              [contoso.subscriptions[1]!.id, "Exchange Online (Plan 1)", 5, 18.5, "cart"],
            ],
          },
          {
            serviceName: unmanaged.serviceName,
            displayName: "Unmanaged Ltd",
            subs: [[unmanaged.subscriptions[0]!.id, "Office 365 E3", 3, 68.1, "cart"]],
          },
        ].sort(byName),
      },
      {
        name: "reseller-b",
        nic: b.nic,
        tenants: [
          {
            serviceName: fabrikam.serviceName,
            displayName: "Fabrikam SARL",
            subs: [
              [fabrikam.subscriptions[0]!.id, "Microsoft 365 Business Premium", 4, 82.4, "cart"],
              [fabrikam.subscriptions[1]!.id, "Microsoft 365 Business Basic", 6, 33.6, "cart"],
            ],
          },
        ],
      },
    ]);
    expect(inv.totals).toEqual({
      accounts: 2,
      tenants: 3,
      subscriptions: 5,
      seats: 28,
      monthlyPrice: { EUR: 319.6 },
    });
    expect(inv.unpriced).toEqual([]);
    // Just seeded: this period's peak is each licence's seats, and the purchase's window is open.
    const subs = inv.accounts.flatMap((acc) => acc.tenants.flatMap((t) => t.subscriptions));
    expect(subs.map((s) => s.periodPeak)).toEqual(subs.map((s) => s.quantity));
    expect(new Set(subs.map((s) => `${s.window?.state} ${s.window?.reason}`))).toEqual(
      new Set(["open purchase"]),
    );
    expect(inv.accounts[0]!.tenants[0]!.period?.startDate).toMatch(/^\d{4}-\d{2}-01$/);
    expect(inv.assumptions).toHaveLength(2);
    expect(inv.priceSources).toEqual({
      cart: {
        mark: "c",
        from: "OVHcloud's cart offer (licence options of a new tenant) of accounts reseller-a, reseller-b",
      },
    });
  });

  it("prices what no cart offers from the prices file, marked [f], with the legend", async () => {
    // A cart that offers no options (404 on GET …/csp2/options): the file prices what it can.
    const file = writeFile(
      dir.dir,
      "prices.yaml",
      "currency: EUR\nlicences:\n  Microsoft 365 Business Premium: 18.00\n  Office 365 E3: 1.00\n",
    );
    fleet.emu.addFault({ method: "GET", path: "/order/cart/*/csp2/options", status: 404, count: 1 });
    try {
      const c = captureIo({ env: { ...env, NO_COLOR: "1" }, cwd: dir.dir });
      expect(
        await runInventory(
          { accounts: accountsFile, account: ["reseller-b"], format: "table", pricesFile: file },
          c.io,
        ),
      ).toBe(0);
      const out = c.out();
      expect(out).toMatch(/Microsoft 365 Business Premium .* 72\.00 EUR \[f\]/);
      expect(out).toContain("prices: [f] prices file ");
      expect(c.err()).toContain("no price for Microsoft 365 Business Basic");
    } finally {
      fleet.emu.clearFaults();
    }
    const both = captureIo({ env: { ...env, NO_COLOR: "1" }, cwd: dir.dir });
    expect(
      await runInventory(
        { accounts: accountsFile, account: ["reseller-a"], format: "json", pricesFile: file, quiet: true },
        both.io,
      ),
    ).toBe(0);
    const inv = JSON.parse(both.out()) as Inventory;
    // The cart wins where it prices a licence: E3 at 22.70, not the file's 1.00.
    const e3 = inv.accounts[0]!.tenants.flatMap((t) => t.subscriptions).find(
      (x) => x.licenseName === "Office 365 E3",
    )!;
    expect(e3).toMatchObject({ unitPrice: 22.7, priceSource: "cart" });
  });

  it("prints the same rows as CSV, Markdown and a plain table (no colour off a terminal)", async () => {
    const csv = io();
    expect(await runInventory({ accounts: accountsFile, format: "csv", quiet: true }, csv.io)).toBe(0);
    const lines = csv.out().trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "account,nic,kind,service_name,subscription_id,display_name,status,license_id,license,seats,created,last_update,unit_price,monthly_price,currency,price_source,period_start,period_end,period_peak,window,window_opens,window_closes",
    );
    expect(lines).toHaveLength(1 + 3 + 5);
    expect(lines.filter((l) => l.includes(",subscription,"))).toHaveLength(5);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^reseller-b,${b.nic},subscription,${fabrikam.serviceName},\\d+,Fabrikam SARL,active,\\d+,Microsoft 365 Business Premium,4,.*,20\\.60,82\\.40,EUR,cart,`,
        ),
      ),
    );

    const md = io();
    expect(await runInventory({ accounts: accountsFile, format: "markdown", quiet: true }, md.io)).toBe(0);
    const rows = md
      .out()
      .split("\n")
      .filter((l) => l.startsWith("| "));
    expect(rows).toHaveLength(2 + 3 + 5);
    expect(md.out()).toContain("3 tenants, 5 subscriptions, 28 seats, 319.60 EUR per month");
    expect(md.out()).toContain(
      "prices: [c] OVHcloud's cart offer (licence options of a new tenant) of accounts reseller-a, reseller-b; monthly, excl. tax",
    );
    expect(md.out()).toMatch(/\| 117\.00 EUR \[c\] \|/);

    const table = captureIo({ env: { ...env, NO_COLOR: "1" }, cwd: dir.dir });
    expect(
      await runInventory(
        { accounts: accountsFile, account: ["reseller-b"], format: "table", quiet: true },
        table.io,
      ),
    ).toBe(0);
    expect(table.out()).toContain(`${fabrikam.serviceName}/${fabrikam.subscriptions[1]!.id}`);
    expect(table.out()).not.toContain(contoso.serviceName);
    expect(table.out()).not.toContain("\u001b[");
  });

  it("reports an account with missing credentials in one line and still lists the others (exit 1)", async () => {
    const file = writeFile(
      dir.dir,
      "broken.accounts.yaml",
      `accounts:
  reseller-b:
    credentials: { env: { endpoint: B_ENDPOINT, applicationKey: B_AK, applicationSecret: B_AS, consumerKey: B_CK } }
    requestsPerMinute: 100000
  broken:
    endpoint: ${fleet.emu.url}
    credentials: { env: { applicationKey: B_AK, applicationSecret: B_AS, consumerKey: NOT_SET_CK } }
`,
    );
    const c = io();
    expect(await runInventory({ accounts: file, format: "json", quiet: true }, c.io)).toBe(1);
    const inv = JSON.parse(c.out()) as Inventory;
    expect(inv.accounts.find((x) => x.name === "reseller-b")?.tenants).toHaveLength(1);
    const brokenLine =
      `o365r: account broken (${file}): In the environment, B_AK and B_AS are set but not NOT_SET_CK. ` +
      "A credential set comes whole from one place: set NOT_SET_CK too.";
    expect(c.err().trim().split("\n")).toEqual([brokenLine]);

    // Without --quiet (off a terminal: one progress line per account), the error still comes once.
    const loud = io();
    expect(await runInventory({ accounts: file, format: "table" }, loud.io)).toBe(1);
    expect(loud.out()).toContain(fabrikam.serviceName);
    const lines = loud.err().trim().split("\n");
    expect(lines.filter((l) => l === brokenLine)).toHaveLength(1);
    expect(lines).toContain(`o365r: scanned reseller-b (${b.nic}): 1 tenants, 2 subscriptions`);
  });
});

describe("drift", () => {
  let pulumiFile: string;
  let tfFile: string;

  beforeAll(async () => {
    // The states as the providers would have written them right after creating what was seeded.
    const apiA = fleet.api(a);
    const apiB = fleet.api(b);
    const states = async (api: typeof apiA, nic: string, serviceName: string) => {
      const tenant = await api.getTenant(serviceName);
      const licences = await api.listOrderableLicences(serviceName);
      const subs = await api.listSubscriptions(serviceName);
      return {
        tenant: tenantStateOf(tenant, nic),
        subs: subs.map((s) =>
          subscriptionStateOf(serviceName, s, licences.find((l) => l.id === s.licenseId)!.name, nic),
        ),
      };
    };
    const c = await states(apiA, a.nic, contoso.serviceName);
    const f = await states(apiB, b.nic, fabrikam.serviceName);
    pulumiFile = join(dir.dir, "prod.stack.json");
    writeFileSync(
      pulumiFile,
      JSON.stringify(
        pulumiExport([
          { name: "contoso", state: c.tenant },
          ...c.subs.map((state, i) => ({ name: `contoso-sub-${i}`, state })),
        ]),
      ),
    );
    tfFile = join(dir.dir, "terraform.tfstate");
    writeFileSync(
      tfFile,
      JSON.stringify(
        terraformState([
          { name: "fabrikam", state: f.tenant },
          ...f.subs.map((state, i) => ({ name: `fabrikam_${i}`, state })),
        ]),
      ),
    );
  });

  it("finds nothing when the state matches its account (exit 0)", async () => {
    const c = io();
    const code = await runDrift(
      { state: [tfFile], accounts: accountsFile, account: ["reseller-b"], format: "text", quiet: true },
      c.io,
    );
    expect(c.err()).toBe("");
    expect(c.out()).toContain("No drift");
    expect(code).toBe(0);
  });

  it("finds a seat change and a cancellation made behind its back, and an unmanaged tenant (exit 2)", async () => {
    // A colleague with another consumer key of the same accounts.
    const colleagueA = fleet.api(await fleet.credential(a.nic));
    const colleagueB = fleet.api(await fleet.credential(b.nic));
    const seatsId = contoso.subscriptions[0]!.id;
    const cancelledId = fabrikam.subscriptions[1]!.id;
    await colleagueA.changeQuantity(contoso.serviceName, seatsId, 12);
    await colleagueB.cancelSubscription(fabrikam.serviceName, cancelledId);
    await fleet.admin("POST", "/clock", { advanceSeconds: 60 });
    expect((await colleagueA.getSubscription(contoso.serviceName, seatsId)).quantity).toBe(12);

    const c = io();
    const code = await runDrift(
      { state: [pulumiFile, tfFile], accounts: accountsFile, format: "json", quiet: true },
      c.io,
    );
    expect(c.err()).toBe("");
    expect(code).toBe(2);
    const report = JSON.parse(c.out()) as DriftOutput;
    expect(report.drift).toBe(true);
    expect(report.changed).toEqual([
      expect.objectContaining({
        kind: "subscription",
        id: `${contoso.serviceName}/${seatsId}`,
        account: "reseller-a",
        source: pulumiFile,
        attributes: [{ attribute: "quantity", declared: 10, live: 12 }],
      }),
    ]);
    expect(report.gone).toEqual([
      expect.objectContaining({
        kind: "subscription",
        id: `${fabrikam.serviceName}/${cancelledId}`,
        source: tfFile,
        address: "o365reseller_subscription.fabrikam_1",
      }),
    ]);
    expect(report.unmanaged.map((u) => [u.kind, u.id, u.account])).toEqual([
      ["tenant", unmanaged.serviceName, "reseller-a"],
      ["subscription", `${unmanaged.serviceName}/${unmanaged.subscriptions[0]!.id}`, "reseller-a"],
    ]);
    expect(report.conflicts).toEqual([]);
    expect(report.notChecked).toEqual([]);

    const md = io();
    expect(
      await runDrift(
        { state: [pulumiFile, tfFile], accounts: accountsFile, format: "markdown", quiet: true },
        md.io,
      ),
    ).toBe(2);
    expect(md.out()).toContain("#### Changed outside (1)");
    expect(md.out()).toContain(
      `| subscription ${contoso.serviceName}/${seatsId} | reseller-a | quantity | 10 | 12 |`,
    );
    expect(md.out()).toContain("#### Gone (1)");
    expect(md.out()).toContain("#### Unmanaged (2)");

    // As a user runs it: the exit code a nightly job fails on.
    const cli = await runCli(
      ["drift", "--state", pulumiFile, "--state", tfFile, "--accounts", accountsFile, "--json"],
      {
        env,
        cwd: dir.dir,
      },
    );
    expect(cli.code).toBe(2);
    expect((JSON.parse(cli.stdout) as DriftOutput).unmanaged).toHaveLength(2);
  });

  it("says 'not checked', never 'gone', for an account it did not scan", async () => {
    const c = io();
    const code = await runDrift(
      { state: [pulumiFile], accounts: accountsFile, account: ["reseller-b"], format: "json", quiet: false },
      c.io,
    );
    const report = JSON.parse(c.out()) as DriftOutput;
    expect(report.gone).toEqual([]);
    expect(report.notChecked.map((n) => n.id)).toContain(contoso.serviceName);
    expect(c.err()).toContain(`not checked: tenant ${contoso.serviceName}`);
    expect(code).toBe(2); // account b's tenant is live and undeclared here
  });

  it("adopt writes import blocks for exactly the unmanaged objects", async () => {
    const c = io();
    expect(
      await runAdopt(
        { format: "hcl", state: [pulumiFile, tfFile], accounts: accountsFile, quiet: true },
        c.io,
      ),
    ).toBe(0);
    const hcl = c.out();
    const ids = [...hcl.matchAll(/^ {2}id\s+= "([^"]+)"$/gm)].map((m) => m[1]);
    expect(ids).toEqual([
      unmanaged.serviceName,
      `${unmanaged.serviceName}/${unmanaged.subscriptions[0]!.id}`,
    ]);
    expect(hcl).toContain('resource "o365reseller_tenant" "unmanaged_ltd"');
    expect(hcl).toContain("tenant   = o365reseller_tenant.unmanaged_ltd.service_name");
    expect(hcl).toContain('license  = "Office 365 E3"');
    expect(hcl).toContain("quantity = 3");

    const p = io();
    expect(
      await runAdopt(
        { format: "pulumi", state: [pulumiFile, tfFile], accounts: accountsFile, quiet: true },
        p.io,
      ),
    ).toBe(0);
    expect(p.out()).toContain(`adoptServiceName: "${unmanaged.serviceName}",`);
    expect(p.out()).toContain(`adoptSubscriptionId: ${unmanaged.subscriptions[0]!.id},`);
  });
});

describe("accounts check", () => {
  it("passes a full credential and names what a restricted or missing one lacks (exit 1)", async () => {
    const readOnly = await fleet.credential(a.nic, {
      accessRules: [
        { method: "GET", path: "/me" },
        { method: "GET", path: "/me/order" },
        { method: "GET", path: "/saas/csp2" },
        { method: "GET", path: "/saas/csp2/*" },
      ],
    });
    const file = writeFile(
      dir.dir,
      "check.accounts.yaml",
      `accounts:
  reseller-a:
    nic: ${a.nic}
    credentials: { envPrefix: A_ }
    requestsPerMinute: 100000
  read-only:
    endpoint: ${fleet.emu.url}
    credentials: { env: { applicationKey: RO_AK, applicationSecret: RO_AS, consumerKey: RO_CK } }
  wrong-nic:
    nic: zz99999-ovh
    credentials: { envPrefix: A_ }
    requestsPerMinute: 100000
  no-secrets:
    credentials: { envPrefix: NOTHING_ }
`,
    );
    const c = captureIo({
      env: {
        ...env,
        RO_AK: readOnly.applicationKey,
        RO_AS: readOnly.applicationSecret,
        RO_CK: readOnly.consumerKey,
      },
      cwd: dir.dir,
    });
    expect(await runAccountsCheck({ accounts: file, json: true }, c.io)).toBe(1);
    const out = JSON.parse(c.out()) as {
      accounts: Array<{
        name: string;
        ok: boolean;
        checks: Array<{ check: string; ok: boolean; detail?: string }>;
      }>;
    };
    const result = Object.fromEntries(out.accounts.map((x) => [x.name, x]));
    expect(result["reseller-a"]!.ok).toBe(true);
    // Where each value came from (the config report), never a value.
    expect(result["read-only"]!.checks[0]).toEqual({
      check: "credentials resolve",
      ok: true,
      detail: `the environment (RO_AK, RO_AS, RO_CK); endpoint ${fleet.emu.url} from account read-only of ${file}`,
    });
    expect(result["reseller-a"]!.checks.map((x) => x.check)).toEqual([
      "credentials resolve",
      "who am I",
      "list tenants (GET /saas/csp2)",
      "list orders (GET /me/order)",
      "access rules cover inventory, drift and the providers",
    ]);
    const rules = result["read-only"]!.checks.find((x) => x.check.startsWith("access rules"))!;
    expect(rules.ok).toBe(false);
    expect(rules.detail).toContain(
      "read licence prices from a cart (read; rules POST /order/cart, GET /order/cart/*, DELETE /order/cart/*)",
    );
    expect(rules.detail).toContain("buy, change and cancel subscriptions (write;");
    expect(result["wrong-nic"]!.checks.find((x) => x.check === "who am I")).toMatchObject({
      ok: false,
      detail: `the credentials belong to ${a.nic}, not to zz99999-ovh as the accounts file says`,
    });
    expect(result["no-secrets"]!.checks).toEqual([
      {
        check: "credentials resolve",
        ok: false,
        detail: expect.stringMatching(
          /^account no-secrets \(.*\): No OVHcloud credentials found\. Set NOTHING_OVH_APPLICATION_KEY,/,
        ),
      },
    ]);
  });
});

describe("plan-summary with cart prices", () => {
  it("prices a recorded preview through an account's cart offer", async () => {
    const c = io();
    const code = await runPlanSummary(
      {
        file: join(EXAMPLES, "fixtures/pulumi-preview.json"),
        accounts: accountsFile,
        account: ["reseller-b"],
        format: "json",
      },
      c.io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(c.out()) as PlanSummaryOutput;
    expect(summary.pricesFrom).toBe("cart offer of account reseller-b");
    expect(summary.priceSources).toEqual({
      cart: {
        mark: "c",
        from: "OVHcloud's cart offer (licence options of a new tenant) of account reseller-b",
      },
    });
    expect(summary.totals.monthlyChange).toEqual({ EUR: 355.4 });
    expect(summary.totals.unpriced).toEqual([]);
    const lines = summary.tenants.flatMap((t) => t.licences);
    expect(lines.every((l) => l.unitPrice?.source === "cart")).toBe(true);
  });
});
