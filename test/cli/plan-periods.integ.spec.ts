// plan-summary reading this period's peaks and Microsoft's windows live, against the emulator: a raise
// above the period's peak, a raise within it, a reduction inside and one outside the window, a
// cancellation and a licence change (new subscription + cancellation), with the tenants' histories
// seeded through the admin API and explicit prices. Also what it costs in API calls per tenant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PlanSummaryOutput, runPlanSummary } from "../../provider/cli/handlers/plan-summary.js";
import type { OfficeSubscription } from "../../provider/ovh/models/index.js";
import type { TenantSummary } from "../../provider/resources/plan-summary.js";
import {
  captureIo,
  envFor,
  type Fleet,
  type SeededAccount,
  startFleet,
  tempDir,
  writeFile,
} from "./harness.js";

let fleet: Fleet;
let account: SeededAccount;
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let accountsFile: string;
let pricesFile: string;
let planFile: string;
let contoso: string;
let fabrikam: string;
const ids = { contosoStandard: 0, contosoE3: 0, contosoExchange: 0, fabrikamStandard: 0, fabrikamBasic: 0 };

const NAMES: Record<number, string> = {
  1: "Microsoft 365 Business Basic",
  2: "Microsoft 365 Business Standard",
  3: "Microsoft 365 Business Premium",
  5: "Office 365 E3",
  7: "Exchange Online (Plan 1)",
};

/** A subscription's state as the Terraform provider stores it (snake_case), from what the API answers. */
function tfState(serviceName: string, s: OfficeSubscription, nic: string) {
  return {
    id: `${serviceName}/${s.id}`,
    tenant: serviceName,
    license: NAMES[s.licenseId],
    quantity: s.quantity,
    parent: null,
    adopt_subscription_id: null,
    timeouts: null,
    subscription_id: s.id,
    license_id: s.licenseId,
    license_name: NAMES[s.licenseId],
    status: s.status,
    creation_date: s.creationDate,
    last_update: s.lastUpdate,
    ovh_account: nic,
  };
}

function change(address: string, actions: string[], before: unknown, after: unknown) {
  const [type, name] = address.split(".");
  return { address, mode: "managed", type, name, change: { actions, before, after, after_unknown: {} } };
}

beforeAll(async () => {
  fleet = await startFleet();
  // Mid-month at noon (UTC): the seeded changes of the last days fall in the current billing period.
  const now = fleet.emu.now();
  fleet.emu.advanceClock(
    (Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15, 12) - now.getTime()) / 1000,
  );
  account = await fleet.account({ nic: "pp11111-ovh" });
  const c = await fleet.tenant({
    account: account.nic,
    displayName: "Contoso GmbH",
    subscriptions: [
      { license: 2, quantity: 10 },
      { license: 5, quantity: 20 },
      { license: 7, quantity: 5 },
    ],
  });
  const f = await fleet.tenant({
    account: account.nic,
    displayName: "Fabrikam SARL",
    subscriptions: [
      { license: 2, quantity: 10 },
      { license: 1, quantity: 6 },
    ],
  });
  contoso = c.serviceName;
  fabrikam = f.serviceName;
  const id = (t: typeof c, licence: number) => t.subscriptions.find((s) => s.licenseId === licence)!.id;
  ids.contosoStandard = id(c, 2);
  ids.contosoE3 = id(c, 5);
  ids.contosoExchange = id(c, 7);
  ids.fabrikamStandard = id(f, 2);
  ids.fabrikamBasic = id(f, 1);
  const history = (s: string, sub: number, body: unknown) =>
    fleet.admin("PUT", `/tenants/${s}/subscriptions/${sub}/history`, body);
  // Contoso Standard: 14 seats two days ago (this period's peak; seats added: the window is open), 10 now.
  await history(contoso, ids.contosoStandard, {
    purchasedHoursAgo: 3000,
    quantity: 10,
    changes: [
      { hoursAgo: 50, quantity: 14 },
      { hoursAgo: 30, quantity: 10 },
    ],
  });
  // Bought long ago, never raised since: their windows are closed.
  await history(contoso, ids.contosoE3, { purchasedHoursAgo: 3000, quantity: 20 });
  await history(contoso, ids.contosoExchange, { purchasedHoursAgo: 3000, quantity: 5 });
  await history(fabrikam, ids.fabrikamStandard, {
    purchasedHoursAgo: 4000,
    quantity: 10,
    changes: [
      { hoursAgo: 300, quantity: 15 },
      { hoursAgo: 250, quantity: 10 },
    ],
  });
  await history(fabrikam, ids.fabrikamBasic, { purchasedHoursAgo: 4000, quantity: 6 });

  const read = async (s: string, sub: number) =>
    tfState(s, await fleet.api(account).getSubscription(s, sub), account.nic);
  const plan = {
    format_version: "1.2",
    terraform_version: "1.12.6",
    resource_changes: [
      // A raise above the period's peak (14): 10 → 16.
      change(
        "o365reseller_subscription.contoso_standard",
        ["update"],
        await read(contoso, ids.contosoStandard),
        { ...(await read(contoso, ids.contosoStandard)), quantity: 16 },
      ),
      // A reduction outside the window: 20 → 15.
      change("o365reseller_subscription.contoso_e3", ["update"], await read(contoso, ids.contosoE3), {
        ...(await read(contoso, ids.contosoE3)),
        quantity: 15,
      }),
      // A cancellation outside the window.
      change(
        "o365reseller_subscription.contoso_exchange",
        ["delete"],
        await read(contoso, ids.contosoExchange),
        null,
      ),
      // A raise within the period's peak (15): 10 → 12.
      change(
        "o365reseller_subscription.fabrikam_standard",
        ["update"],
        await read(fabrikam, ids.fabrikamStandard),
        { ...(await read(fabrikam, ids.fabrikamStandard)), quantity: 12 },
      ),
      // A licence change: Business Basic → Business Premium, new subscription first.
      change(
        "o365reseller_subscription.fabrikam_basic",
        ["create", "delete"],
        await read(fabrikam, ids.fabrikamBasic),
        {
          license: "Microsoft 365 Business Premium",
          quantity: 6,
          parent: null,
          adopt_subscription_id: null,
          timeouts: null,
        },
      ),
    ],
  };
  dir = tempDir();
  planFile = writeFile(dir.dir, "plan.json", JSON.stringify(plan));
  pricesFile = writeFile(
    dir.dir,
    "prices.yaml",
    `currency: EUR
licences:
  Microsoft 365 Business Basic: 5.60
  Microsoft 365 Business Standard: 11.70
  Microsoft 365 Business Premium: 20.60
  Office 365 E3: 22.70
  Exchange Online (Plan 1): 3.70
`,
  );
  accountsFile = writeFile(
    dir.dir,
    "o365r.accounts.yaml",
    `accounts:\n  eu-main:\n    credentials:\n      envPrefix: A_\n    requestsPerMinute: 100000\n`,
  );
  env = envFor("A_", account, fleet.emu.url);
});

afterAll(async () => {
  await fleet?.close();
  dir?.cleanup();
});

async function summary(format: "json" | "markdown") {
  const c = captureIo({ env, cwd: dir.dir, now: fleet.emu.now() });
  fleet.emu.clearCalls();
  const code = await runPlanSummary(
    { file: planFile, prices: pricesFile, accounts: accountsFile, format },
    c.io,
  );
  expect(c.err()).toBe("");
  expect(code).toBe(0);
  return { out: c.out(), calls: fleet.emu.calls() };
}

describe("plan-summary with this period's peaks and Microsoft's windows, read live", () => {
  it("every figure in JSON", async () => {
    const { out } = await summary("json");
    const s = JSON.parse(out) as PlanSummaryOutput;
    expect(s.observedThrough).toEqual(["eu-main"]);
    const t: Record<string, TenantSummary> = Object.fromEntries(s.tenants.map((x) => [x.serviceName, x]));
    const line = (tenant: string, licence: string) => t[tenant]!.licences.find((l) => l.licence === licence)!;
    const month = fleet.emu.now().toISOString().slice(0, 7);
    expect(t[contoso]!.period).toEqual({
      startDate: `${month}-01`,
      endDate: expect.stringMatching(new RegExp(`^${month}-`)),
    });

    // Raise above the peak: 16 seats where the period's peak was 14 → 2 seats × 11.70 this period.
    expect(line(contoso, "Microsoft 365 Business Standard").period).toMatchObject({
      peak: 14,
      seatsNow: 10,
      highest: 16,
      seatsAbovePeak: 2,
      cost: 23.4,
    });
    expect(line(contoso, "Microsoft 365 Business Standard").monthlyChange).toBe(70.2);
    // Raise within the peak: 12 seats where the peak was 15 → nothing more this period.
    expect(line(fabrikam, "Microsoft 365 Business Standard").period).toMatchObject({
      peak: 15,
      highest: 12,
      seatsAbovePeak: 0,
      cost: 0,
    });
    // Reduction outside the window: closed, reopening at the renewal.
    expect(t[contoso]!.reductions).toEqual([
      expect.objectContaining({
        id: `${contoso}/${ids.contosoE3}`,
        from: 20,
        to: 15,
        window: expect.objectContaining({ state: "closed", reason: "renewal", source: "live" }),
      }),
    ]);
    // Cancellation outside the window.
    expect(t[contoso]!.cancelled).toEqual([
      expect.objectContaining({
        id: `${contoso}/${ids.contosoExchange}`,
        window: expect.objectContaining({ state: "closed", source: "live" }),
      }),
    ]);
    expect(t[contoso]!.warnings.map((w) => w.code).sort()).toEqual([
      "CANCELLATION_OUTSIDE_WINDOW",
      "SEAT_REDUCTION_OUTSIDE_WINDOW",
    ]);
    // Licence change: 6 new Premium seats, all above a peak of none; Basic still billed this period.
    expect(line(fabrikam, "Microsoft 365 Business Premium").period).toMatchObject({
      peak: 0,
      seatsAbovePeak: 6,
      cost: 123.6,
    });
    expect(t[fabrikam]!.cancelled.map((r) => [r.id, r.window?.state])).toEqual([
      [`${fabrikam}/${ids.fabrikamBasic}`, "closed"],
    ]);
    expect(s.totals).toMatchObject({
      thisPeriodChange: { EUR: 147 },
      // +70.20 +23.40 (Fabrikam Standard) +123.60 −113.50 (E3) −18.50 (Exchange) −33.60 (Basic)
      monthlyChange: { EUR: 51.6 },
      savingsOutsideWindow: { EUR: -165.6 },
      periodKnown: true,
    });
    expect(s.assumptions).toHaveLength(2);
  });

  it("a reduction inside the window: open until the addition's 168 hours end", async () => {
    // Contoso Standard had seats added two days ago: a plan lowering it is inside the window.
    const sub = await fleet.api(account).getSubscription(contoso, ids.contosoStandard);
    const plan = {
      format_version: "1.2",
      resource_changes: [
        change("o365reseller_subscription.contoso_standard", ["update"], tfState(contoso, sub, account.nic), {
          ...tfState(contoso, sub, account.nic),
          quantity: 8,
        }),
      ],
    };
    const file = writeFile(dir.dir, "reduce.json", JSON.stringify(plan));
    const c = captureIo({ env, cwd: dir.dir, now: fleet.emu.now() });
    expect(
      await runPlanSummary({ file, prices: pricesFile, accounts: accountsFile, format: "json" }, c.io),
    ).toBe(0);
    const s = JSON.parse(c.out()) as PlanSummaryOutput;
    const reduction = s.tenants[0]!.reductions[0]!;
    // The last update (30 hours ago) was a reduction; the usage statistics show the addition on the
    // day 50 hours ago, taken from the start of that day.
    const addedDay = new Date(fleet.emu.now().getTime() - 50 * 3_600_000).toISOString().slice(0, 10);
    expect(reduction.window).toMatchObject({
      state: "open",
      reason: "seat addition",
      opensAt: `${addedDay}T00:00:00Z`,
      source: "live",
    });
    expect(reduction.window?.assumedAddition).toBeUndefined();
    expect(s.tenants[0]!.warnings).toEqual([]);
  });

  it("Markdown: one comment, the period and window figures, the assumptions said once", async () => {
    const { out } = await summary("markdown");
    expect(out.startsWith("<!-- o365r:plan-summary -->\n")).toBe(true);
    expect(out).toContain(
      `| ${contoso} | Microsoft 365 Business Standard | +6 |  | +6 | 14 / 16 (+2 above) | 11.70 EUR [c] | +23.40 EUR | +70.20 EUR |`,
    );
    expect(out).toContain("**this period: +147.00 EUR** · **per month from the next period: +51.60 EUR**");
    expect(out).toContain(
      `- Reduced: \`${contoso}/${ids.contosoE3}\` Office 365 E3 20 → 15 — ⛔ window closed: next one `,
    );
    expect(out.match(/\*\*Assumed\*\*/g)).toHaveLength(1);
    expect(out).not.toContain("were not read");
  });

  it("with several accounts: each tenant through the account its state records; one that cannot be read only loses its figures", async () => {
    const other = await fleet.account({ nic: "pq22222-ovh" });
    const file = writeFile(
      dir.dir,
      "several.accounts.yaml",
      `accounts:
  other:
    credentials: { envPrefix: O_ }
    requestsPerMinute: 100000
  broken:
    credentials: { envPrefix: MISSING_ }
  eu-main:
    credentials: { envPrefix: A_ }
    requestsPerMinute: 100000
`,
    );
    const c = captureIo({
      env: { ...env, ...envFor("O_", other, fleet.emu.url) },
      cwd: dir.dir,
      now: fleet.emu.now(),
    });
    fleet.emu.clearCalls();
    expect(
      await runPlanSummary({ file: planFile, prices: pricesFile, accounts: file, format: "json" }, c.io),
    ).toBe(0);
    expect(c.err()).toBe("");
    const s = JSON.parse(c.out()) as PlanSummaryOutput;
    expect(s.observedThrough).toEqual(["eu-main"]);
    expect(s.totals).toMatchObject({ thisPeriodChange: { EUR: 147 }, periodKnown: true });
    // Tenants go to the account whose NIC their state records: the other account reads none of them.
    const paths = fleet.emu
      .calls()
      .filter((x) => x.path !== "/auth/time")
      .map((x) => `${x.account} ${x.path}`);
    // The first account of the file gives the prices (its cart's offer: GET /me once, the cart's 4 calls).
    expect(
      paths.filter((x) => x.startsWith(other.nic)).map((x) => x.replace(/cart\/[^/]+/, "cart/{c}")),
    ).toEqual([
      `${other.nic} /me`,
      `${other.nic} /order/cart`,
      `${other.nic} /order/cart/{c}/csp2`,
      `${other.nic} /order/cart/{c}/csp2/options`,
      `${other.nic} /order/cart/{c}`,
    ]);
    expect(paths.filter((x) => x.startsWith(account.nic) && x.endsWith("/me"))).toHaveLength(1);
  });

  it("costs 2 API calls per tenant, 3 where a window depends on the usage statistics", async () => {
    const { calls } = await summary("json");
    const api = calls.filter((c) => c.path !== "/auth/time");
    const per = (s: string) =>
      api.filter((c) => c.path.startsWith(`/saas/csp2/${s}`)).map((c) => c.path.replace(s, "{s}"));
    expect(per(contoso).sort()).toEqual([
      "/saas/csp2/{s}/billingPeriodPeaks",
      "/saas/csp2/{s}/subscription",
      "/saas/csp2/{s}/usageStatistics",
    ]);
    expect(per(fabrikam).sort()).toEqual([
      "/saas/csp2/{s}/billingPeriodPeaks",
      "/saas/csp2/{s}/subscription",
    ]);
    // Besides: the prices, from the account's cart offer (GET /me for its subsidiary, and the cart's 4).
    expect(
      api
        .filter((c) => !c.path.startsWith("/saas/csp2/"))
        .map((c) => `${c.method} ${c.path.replace(/cart\/[^/]+/, "cart/{c}")}`),
    ).toEqual([
      "GET /me",
      "POST /order/cart",
      "GET /order/cart/{c}/csp2",
      "GET /order/cart/{c}/csp2/options",
      "DELETE /order/cart/{c}",
    ]);
    expect(api).toHaveLength(5 + 5);
  });
});
