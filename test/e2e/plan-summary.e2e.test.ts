/**
 * `o365r plan-summary` on real plans: a real `pulumi preview --json` and a real `tofu show -json` of a
 * saved plan, each over an estate adopted from the emulator whose subscriptions have a seeded past
 * (this period's peak, seat additions). The plan raises seats above the period's peak, reduces seats
 * outside Microsoft's window, cancels a subscription outside it, and changes a licence (a new
 * subscription first, the old one cancelled inside its window). plan-summary reads the peaks and
 * windows live through an accounts file and must show the same figures for both engines; it writes
 * nothing (no POST, PUT or DELETE in the emulator's call log).
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle, SeededTenant } from "../../emulator/index.js";
import type { PlanSummaryOutput } from "../../provider/cli/handlers/plan-summary.js";
import type { TenantSummary } from "../../provider/resources/plan-summary.js";
import { runCli } from "../cli/harness.js";
import { makeWorkdir, ovhEnv, PulumiProject, TofuProject, type Workdir } from "./harness/index.js";
import { buildPackage, MUTATING, startTestEmulator } from "./pulumi-support.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

const PRICES = `currency: EUR
licences:
  Microsoft 365 Business Basic: 5.60
  Microsoft 365 Business Standard: 11.70
  Microsoft 365 Business Premium: 20.60
  Office 365 E3: 22.70
  Exchange Online (Plan 1): 3.70
`;

let em: EmulatorHandle;
let work: Workdir;
let pricesFile: string;

// The classes as shipped: imported once dist/ is compiled.
let Office365ResellerSubscription: typeof import("o365-reseller/pulumi").Office365ResellerSubscription;

beforeAll(async () => {
  await buildPackage();
  ({ Office365ResellerSubscription } = await import("o365-reseller/pulumi"));
  em = await startTestEmulator();
  // Mid-month at noon (UTC): the seeded changes of the last days fall in the current billing period.
  const now = em.now();
  em.advanceClock((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15, 12) - now.getTime()) / 1000);
  work = await makeWorkdir("plan-summary");
  pricesFile = work.path("prices.yaml");
  await writeFile(pricesFile, PRICES);
});

afterAll(async () => {
  await work?.cleanup();
  await em?.stop();
});

interface Estate {
  account: AccountCredentials;
  tenant: SeededTenant;
  id: { standard: number; e3: number; exchange: number; basic: number };
}

/**
 * A reseller account with one tenant: Business Standard (14 seats two days ago, this period's peak;
 * 10 now), E3 and Exchange bought long ago (their windows closed), Business Basic bought 80 hours ago.
 */
function seedEstate(nic: string): Estate {
  const account = em.createAccount({ nic });
  const tenant = em.createTenant({
    account: nic,
    displayName: "Contoso GmbH",
    subscriptions: [
      { license: 2, quantity: 10 },
      { license: 5, quantity: 20 },
      { license: 7, quantity: 5 },
      { license: 1, quantity: 6 },
    ],
  });
  const id = (licence: number) => tenant.subscriptions.find((s) => s.licenseId === licence)!.id;
  const estate = { account, tenant, id: { standard: id(2), e3: id(5), exchange: id(7), basic: id(1) } };
  const s = tenant.serviceName;
  em.setSubscriptionHistory(s, estate.id.standard, {
    purchasedHoursAgo: 3000,
    quantity: 10,
    changes: [
      { hoursAgo: 50, quantity: 14 },
      { hoursAgo: 30, quantity: 10 },
    ],
  });
  em.setSubscriptionHistory(s, estate.id.e3, { purchasedHoursAgo: 3000, quantity: 20 });
  em.setSubscriptionHistory(s, estate.id.exchange, { purchasedHoursAgo: 3000, quantity: 5 });
  em.setSubscriptionHistory(s, estate.id.basic, { purchasedHoursAgo: 80, quantity: 6 });
  return estate;
}

/** `o365r plan-summary FILE --prices … --json|--markdown` with an accounts file naming the estate's account. */
async function planSummary(estate: Estate, file: string, format: "json" | "markdown") {
  const accounts = work.path(`${estate.account.nic}.accounts.yaml`);
  await writeFile(
    accounts,
    `accounts:\n  estate:\n    credentials: { envPrefix: E_ }\n    requestsPerMinute: 6000\n`,
  );
  const env = Object.fromEntries(Object.entries(ovhEnv(em, estate.account)).map(([k, v]) => [`E_${k}`, v]));
  em.clearCalls();
  const r = await runCli(
    [
      "plan-summary",
      file,
      "--prices",
      pricesFile,
      "--accounts",
      accounts,
      ...(format === "json" ? ["--json"] : []),
    ],
    { env, cwd: work.dir, timeoutMs: 60_000 },
  );
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  // Nothing written but the throwaway cart the prices are read from (created, deleted, never checked out).
  expect(
    em
      .calls()
      .filter((c) => MUTATING.has(c.method))
      .map((c) => `${c.method} ${c.path.replace(/cart\/[^/]+/, "cart/{c}")}`),
  ).toEqual(["POST /order/cart", "DELETE /order/cart/{c}"]);
  return r.stdout;
}

/** The figures both engines' plans must give. */
function expectFigures(s: PlanSummaryOutput, estate: Estate): void {
  expect(s.tenants).toHaveLength(1);
  const t: TenantSummary = s.tenants[0]!;
  expect(t.serviceName).toBe(estate.tenant.serviceName);
  const line = (licence: string) => t.licences.find((l) => l.licence === licence);
  // A raise above the period's peak: 16 seats where the peak was 14 → 2 seats for this period.
  expect(line("Microsoft 365 Business Standard")).toMatchObject({
    seatsAdded: 6,
    monthlyChange: 70.2,
    period: { peak: 14, seatsNow: 10, highest: 16, seatsAbovePeak: 2, cost: 23.4 },
  });
  // The licence change: 6 new Premium seats, all above a peak of none; Basic's 6 leave from next period.
  expect(line("Microsoft 365 Business Premium")).toMatchObject({
    seatsAdded: 6,
    period: { seatsAbovePeak: 6, cost: 123.6 },
  });
  expect(line("Microsoft 365 Business Basic")).toMatchObject({ seatsRemoved: 6, monthlyChange: -33.6 });
  // A reduction outside the window, and a cancellation outside it; the old Basic one is inside its own.
  expect(t.reductions.map((r) => [r.id, r.from, r.to, r.window?.state, r.window?.source])).toEqual([
    [`${estate.tenant.serviceName}/${estate.id.e3}`, 20, 15, "closed", "live"],
  ]);
  const cancelled = Object.fromEntries(t.cancelled.map((r) => [r.id, r.window?.state]));
  expect(cancelled).toEqual({
    [`${estate.tenant.serviceName}/${estate.id.exchange}`]: "closed",
    [`${estate.tenant.serviceName}/${estate.id.basic}`]: "open",
  });
  expect(t.created.map((r) => [r.licence, r.seats])).toEqual([["Microsoft 365 Business Premium", 6]]);
  expect(s.totals).toMatchObject({
    thisPeriodChange: { EUR: 147 },
    monthlyChange: { EUR: 28.2 },
    savingsOutsideWindow: { EUR: -132 },
    periodKnown: true,
  });
  expect(s.observedThrough).toEqual(["estate"]);
}

describe("plan-summary of a real `pulumi preview --json`", () => {
  let estate: Estate;
  let project: PulumiProject;

  beforeAll(async () => {
    estate = seedEstate("pulumi-peaks-ovh");
    project = await PulumiProject.create({
      fixture: "pulumi-example",
      config: {
        "o365-reseller:endpoint": em.url,
        "o365-reseller:applicationKey": estate.account.applicationKey,
        "o365-reseller:requestsPerMinute": "6000",
      },
      secrets: {
        "o365-reseller:applicationSecret": estate.account.applicationSecret,
        "o365-reseller:consumerKey": estate.account.consumerKey,
        partnerAccount: "{}",
      },
    });
  });
  afterAll(async () => {
    await project?.cleanup();
  });

  /** The estate as code: adopted as it is, or changed as the pull request would change it. */
  const program = (changed: boolean) => async () => {
    const tenant = estate.tenant.serviceName;
    const sub = (name: string, license: string, quantity: number, adopt?: number) =>
      new Office365ResellerSubscription(name, {
        tenant,
        license,
        quantity,
        ...(adopt !== undefined ? { adoptSubscriptionId: adopt } : {}),
      });
    sub("standard", "Microsoft 365 Business Standard", changed ? 16 : 10, estate.id.standard);
    sub("e3", "Office 365 E3", changed ? 15 : 20, estate.id.e3);
    if (!changed) sub("exchange", "Exchange Online (Plan 1)", 5, estate.id.exchange);
    if (changed) sub("basic", "Microsoft 365 Business Premium", 6);
    else sub("basic", "Microsoft 365 Business Basic", 6, estate.id.basic);
    return {};
  };

  it("shows this period's cost, the monthly change and each window, from the preview and a live reading", async () => {
    await project.up(program(false));
    const preview = await project.pulumi(["preview", "--json"], { program: program(true) });
    const file = work.path("preview.json");
    await writeFile(file, preview.stdout);
    const s = JSON.parse(await planSummary(estate, file, "json")) as PlanSummaryOutput;
    expect(s.engine).toBe("pulumi");
    expectFigures(s, estate);
    const md = await planSummary(estate, file, "markdown");
    expect(md.startsWith("<!-- o365r:plan-summary -->\n### Licence changes in this `pulumi preview`")).toBe(
      true,
    );
    expect(md.match(/<!-- o365r:plan-summary -->/g)).toHaveLength(1);
    expect(md).toContain("**this period: +147.00 EUR** · **per month from the next period: +28.20 EUR**");
    expect(md).toContain(
      `- Reduced: \`${estate.tenant.serviceName}/${estate.id.e3}\` Office 365 E3 20 → 15 — ⛔ window closed`,
    );
    expect(md.match(/\*\*Assumed\*\*/g)).toHaveLength(1);
  });
});

describe("plan-summary of a real `tofu show -json` of a saved plan", () => {
  let estate: Estate;
  let plugin: Workdir;
  let tofu: TofuProject;

  beforeAll(async () => {
    estate = seedEstate("tofu-peaks-ovh");
    plugin = await providerDir();
    tofu = await TofuProject.create({
      files: {
        "main.tf": `terraform {
  required_providers {
    o365reseller = { source = "${PROVIDER_SOURCE}" }
  }
}
provider "o365reseller" {}
`,
      },
      devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
      env: ovhEnv(em, estate.account),
    });
  });
  afterAll(async () => {
    await tofu?.cleanup();
    await plugin?.cleanup();
  });

  /** The estate in HCL: imported as it is, or changed as the pull request would change it. */
  const hcl = (changed: boolean) => {
    const s = estate.tenant.serviceName;
    const sub = (name: string, license: string, quantity: number, id?: number, replaceFirst = false) =>
      `resource "o365reseller_subscription" "${name}" {
  tenant   = "${s}"
  license  = "${license}"
  quantity = ${quantity}${replaceFirst ? "\n  lifecycle {\n    create_before_destroy = true\n  }" : ""}
}
${id !== undefined && !changed ? `import {\n  to = o365reseller_subscription.${name}\n  id = "${s}/${id}"\n}\n` : ""}`;
    return [
      sub("standard", "Microsoft 365 Business Standard", changed ? 16 : 10, estate.id.standard),
      sub("e3", "Office 365 E3", changed ? 15 : 20, estate.id.e3),
      changed ? "" : sub("exchange", "Exchange Online (Plan 1)", 5, estate.id.exchange),
      changed
        ? sub("basic", "Microsoft 365 Business Premium", 6, undefined, true)
        : sub("basic", "Microsoft 365 Business Basic", 6, estate.id.basic, true),
    ].join("\n");
  };

  it("shows the same figures as for Pulumi", async () => {
    await tofu.writeFile("estate.tf", hcl(false));
    await tofu.plan();
    await tofu.apply("tfplan");
    await tofu.writeFile("estate.tf", hcl(true));
    const { plan, changes } = await tofu.plan();
    expect(changes).toBe(true);
    const file = work.path("plan.json");
    await writeFile(file, JSON.stringify(plan));
    const s = JSON.parse(await planSummary(estate, file, "json")) as PlanSummaryOutput;
    expect(s.engine).toBe("terraform");
    expectFigures(s, estate);
    const md = await planSummary(estate, file, "markdown");
    expect(md).toContain("### Licence changes in this Terraform/OpenTofu plan");
    expect(md).toContain(
      `| ${estate.tenant.serviceName} | Microsoft 365 Business Standard | +6 |  | +6 | 14 / 16 (+2 above) | 11.70 EUR [c] | +23.40 EUR | +70.20 EUR |`,
    );
  });
});
