// o365r api-check against the emulator, and against a proxy in front of it that answers what the
// emulator never would (a value of the wrong type, an unknown property and enum value, an order form
// asking for a label o365r cannot fill): the report says what came, the JSON file holds no secret
// and no customer data, and the exit code says whether every answer fits the published models.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCheckReport } from "../../provider/cli/api-check/report.js";
import { FAILING } from "../../provider/cli/api-check/report.js";
import { runApiCheck } from "../../provider/cli/handlers/api-check.js";
import { CliError } from "../../provider/cli/lib/errors.js";
import { type RewritingProxy, startRewritingProxy } from "../rewriting-proxy.js";
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

let fleet: Fleet;
let account: SeededAccount;
let tenants: SeededTenant[];
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let accountsFile: string;

beforeAll(async () => {
  fleet = await startFleet();
  account = await fleet.account({ nic: "ac12345-ovh", email: "reseller@partner.example" });
  tenants = [];
  for (const [displayName, email] of [
    ["Contoso GmbH", "it@contoso.example"],
    ["Fabrikam SARL", "admin@fabrikam.example"],
    ["Northwind Ltd", "ops@northwind.example"],
  ] as const) {
    tenants.push(
      await fleet.tenant({
        account: account.nic,
        displayName,
        email,
        phone: "+49 30 1234567",
        subscriptions: [
          { license: "Microsoft 365 Business Standard", quantity: 10 },
          { license: "Exchange Online (Plan 1)", quantity: 5 },
        ],
      }),
    );
  }
  // One task on the first tenant by name, the one api-check reads.
  const first = [...tenants].sort((a, b) => a.serviceName.localeCompare(b.serviceName))[0]!;
  await fleet.api(account).changeQuantity(first.serviceName, first.subscriptions[0]!.id, 12);
  dir = tempDir();
  env = envFor("AC_", account, fleet.emu.url);
  accountsFile = writeFile(
    dir.dir,
    "o365r.accounts.yaml",
    `accounts:
  reseller:
    nic: ${account.nic}
    credentials: { envPrefix: AC_ }
    requestsPerMinute: 100000
  other:
    credentials: { envPrefix: OTHER_ }
`,
  );
});

afterAll(async () => {
  await fleet?.close();
  dir?.cleanup();
});

function failingAnswers(report: ApiCheckReport): string[] {
  return report.answers.flatMap((a) => {
    const route = `${a.method} ${a.route}`;
    const problems = a.violations
      .filter((v) => FAILING.has(v.kind))
      .map((v) => `${route} ${v.at} ${v.kind}: ${v.message}`);
    if ((a.status === null || a.status >= 400) && !a.expected)
      problems.push(`${route}: ${a.status} ${a.error}`);
    return problems;
  });
}

/** Every identifier and personal value seeded: none may reach the JSON report. */
function customerData(): string[] {
  return [
    account.nic,
    account.applicationKey,
    account.applicationSecret,
    account.consumerKey,
    "reseller@partner.example",
    ...tenants.map((t) => t.serviceName),
    "Contoso",
    "Fabrikam",
    "Northwind",
    "contoso.example",
    "1234567",
    "+49 30",
    "Roubaix",
  ];
}

describe("against the emulator", () => {
  let report: ApiCheckReport;
  let stdout: string;
  let code: number;
  let calls: number;
  let clockReads: number;

  beforeAll(async () => {
    fleet.emu.clearCalls();
    const c = captureIo({ env, cwd: dir.dir });
    code = await runApiCheck({ accounts: accountsFile, account: ["reseller"], out: "report.json" }, c.io);
    calls = fleet.emu.calls().length;
    clockReads = fleet.emu.calls().filter((c) => c.path === "/auth/time").length;
    stdout = c.out();
    report = JSON.parse(readFileSync(join(dir.dir, "report.json"), "utf8")) as ApiCheckReport;
    expect(c.err()).toBe(
      "o365r: wrote report.json (no secrets, no customer data: identifiers are placeholders)\n",
    );
  });

  it("every answer fits the published schema: the check passes and exits 0", () => {
    expect(failingAnswers(report)).toEqual([]);
    expect(report.failures).toBe(0);
    expect(report.result).toBe("pass");
    expect(code).toBe(0);
  });

  it("makes 15 API calls (16 with the clock), as the emulator's call log counts them, and leaves no cart behind", () => {
    // GET /auth/time is skipped when a process of the machine learnt the clock minutes ago (machine-facts.ts).
    const total = 15 + clockReads;
    expect(report.calls).toBe(total);
    expect(calls).toBe(total);
    expect(stdout).toMatch(
      new RegExp(
        `^api-check of account reseller \\(http://127\\.0\\.0\\.1:\\d+/1\\.0, application key\\): ${total} API calls$`,
        "m",
      ),
    );
    expect(Object.values(fleet.emu.state().carts)).toEqual([]);
    expect(report.ordering?.cartDeleted).toBe(true);
  });

  it("records how the tenant list pages", () => {
    expect(report.paging).toEqual({
      route: "/saas/csp2",
      ids: 3,
      expandedAnswersObjects: true,
      elements: "3",
      largestSizeTried: 50000,
      largestSizeAccepted: true,
      numberAndSize:
        "honoured on tenants (page 2 of size 1 is the second object; X-Pagination-Number 2, X-Pagination-Size 1)",
      elementEqualsItem: true,
    });
    const firstPage = report.answers.find((a) => a.step === "tenants, expanded, page 1 of 50000")!;
    expect(firstPage.pagingHeaders).toEqual({
      "x-pagination-elements": "3",
      "x-pagination-number": "1",
      "x-pagination-size": "50000",
    });
    expect(firstPage.checkedAs).toBe("saas.csp2.OfficeTenantWithIAM[]");
  });

  it("records the plan code, its licence options with their prices, and the labels with what fills them", () => {
    const ordering = report.ordering!;
    expect(ordering.plans.map((p) => p.planCode)).toEqual(["csp2-tenant"]);
    expect(ordering.options).toHaveLength(1);
    const offered = ordering.options[0]!;
    expect(offered).toMatchObject({ planCode: "csp2-tenant", offered: true });
    expect(offered.options).toHaveLength(13);
    expect(offered.options.find((o) => o.productName === "Office 365 E3")).toEqual({
      planCode: "csp2-option-office-365-e3",
      productName: "Office 365 E3",
      productType: "saas_license",
      family: "licence",
      mandatory: false,
      prices: [{ duration: "P1M", pricingMode: "default", pricingType: "rental", price: "22.70 €" }],
    });
    const labels = ordering.requiredConfiguration[0]!.labels;
    expect(labels.map((l) => [l.label, l.required, l.filledFrom])).toContainEqual([
      "zipCode",
      true,
      "contact.zipCode",
    ]);
    expect(labels.find((l) => l.label === "subDomain")).toMatchObject({
      required: false,
      filledFrom: "subdomain",
    });
    expect(ordering.unfillable).toEqual([]);
    expect(stdout).toContain("licence options of csp2-tenant (GET …/csp2/options): 13");
    expect(stdout).toContain("    Office 365 E3: csp2-option-office-365-e3 (P1M default 22.70 €) [licence]");
    expect(stdout).toContain("o365r fills every required label");
  });

  it("records one tenant's subscriptions, tasks and licences as counts, under a placeholder", () => {
    expect(report.tenant).toMatchObject({
      tenant: "<tenant-1>",
      status: "ok",
      hasAcceptedNewMCA: true,
      subscriptions: { count: 2, statuses: { active: 2 }, licenceIds: { "2": 1, "7": 1 } },
      tasks: { count: 1, functions: { changeQuantity: 1 } },
    });
    expect(report.tenant!.licences).toHaveLength(13);
  });

  it("writes no secret and no customer data into the JSON report", () => {
    const text = readFileSync(join(dir.dir, "report.json"), "utf8");
    for (const value of customerData()) expect(text, value).not.toContain(value);
    expect(report.nic).toBe("<nic>");
    expect(JSON.stringify(report.answers.map((a) => a.route))).not.toMatch(/csp2-[0-9a-f]{8}/);
  });

  it("notes a plan sold only with a licence option (its option family is mandatory)", async () => {
    fleet.emu.setTenantPlan({ requireLicenceOption: true });
    try {
      const c = captureIo({ env, cwd: dir.dir });
      expect(await runApiCheck({ accounts: accountsFile, account: ["reseller"] }, c.io)).toBe(0);
      expect(c.out()).toContain(
        "⚠ plan csp2-tenant is sold only with an option of the mandatory option family licence: a tenant declared without licences would be refused before checkout",
      );
      expect(c.out()).toContain(
        "    Office 365 E3: csp2-option-office-365-e3 (P1M default 22.70 €) [licence, mandatory]",
      );
    } finally {
      fleet.emu.setTenantPlan({ requireLicenceOption: false });
    }
  });

  it("checks one account: several without --account is a usage error", async () => {
    const error = await runApiCheck({ accounts: accountsFile }, captureIo({ env, cwd: dir.dir }).io).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 64 });
    expect((error as Error).message).toMatch(
      /one account at a time; name one with --account.*reseller, other/,
    );
  });
});

describe("against answers that do not fit", () => {
  let proxy: RewritingProxy;

  beforeAll(async () => {
    proxy = await startRewritingProxy(fleet.emu.origin, ({ method, path, body }) => {
      if (method !== "GET" || !Array.isArray(body)) {
        // The tenant's status outside its published enum: a warning (OVHcloud may be newer).
        if (
          method === "GET" &&
          /^\/saas\/csp2\/[^/]+$/.test(path) &&
          body !== null &&
          typeof body === "object"
        ) {
          return { ...body, status: "migrating" };
        }
        return undefined;
      }
      if (path.endsWith("/subscription")) {
        // A count as a string fails; a property the schema does not know warns.
        return body.map((s: Record<string, unknown>) => ({
          ...s,
          quantity: String(s.quantity),
          seatsInUse: 3,
        }));
      }
      if (path.endsWith("/requiredConfiguration")) {
        return [...body, { fields: null, label: "vatNumber", required: true, type: "string" }];
      }
      return undefined;
    });
  });
  afterAll(() => proxy?.close());

  it("fails, naming the answer, the path and what the schema expects, without the value", async () => {
    const out = join(dir.dir, "bad.json");
    const cli = await runCli(
      ["api-check", "--accounts", accountsFile, "--account", "reseller", "--out", out],
      {
        env: { ...env, AC_OVH_ENDPOINT: proxy.url },
        cwd: dir.dir,
      },
    );
    expect(cli.code).toBe(1);
    expect(proxy.rewritten()).toBeGreaterThanOrEqual(3);
    const report = JSON.parse(readFileSync(out, "utf8")) as ApiCheckReport;
    expect(report.result).toBe("fail");
    const subs = report.answers.find((a) => a.route === "/saas/csp2/{serviceName}/subscription")!;
    expect(subs.violations).toContainEqual({
      at: "$[*].quantity",
      kind: "type",
      message: "expected long; got a string",
      count: 2,
    });
    expect(subs.violations).toContainEqual(
      expect.objectContaining({ at: "$[*].seatsInUse", kind: "extra", count: 2 }),
    );
    const tenant = report.answers.find((a) => a.route === "/saas/csp2/{serviceName}")!;
    expect(tenant.violations).toContainEqual(
      expect.objectContaining({
        at: "$.status",
        kind: "enum",
        message: expect.stringContaining('"migrating"'),
      }),
    );
    expect(report.ordering!.unfillable).toEqual(["vatNumber"]);
    expect(report.notes).toContain(
      "a tenant order would stop before checkout: o365r cannot fill the required label(s) vatNumber",
    );
    expect(cli.stdout).toContain(
      "✗ GET /saas/csp2/{serviceName}/subscription $[*].quantity (type ×2): expected long; got a string",
    );
    expect(cli.stdout).toContain("⚠ GET /saas/csp2/{serviceName}/subscription $[*].seatsInUse (extra ×2)");
    expect(cli.stdout).toContain("vatNumber (string, required) ← o365r cannot fill it");
    expect(cli.stdout).toMatch(/^Result: FAIL /m);
    const text = readFileSync(out, "utf8");
    for (const value of customerData()) expect(text, value).not.toContain(value);
  });
});
