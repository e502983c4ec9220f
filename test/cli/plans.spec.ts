// plan-summary on recorded `pulumi preview --json` and `tofu show -json <plan>` output, and the
// one-line errors for plans it cannot read.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type PlanSummaryOutput, runPlanSummary } from "../../provider/cli/handlers/plan-summary.js";
import { CliError } from "../../provider/cli/lib/errors.js";
import { readPlanFile } from "../../provider/cli/plans/read.js";
import { captureIo, EXAMPLES, FIXTURES, tempDir } from "./harness.js";

const PREVIEW = join(EXAMPLES, "fixtures/pulumi-preview.json");
const PLAN = join(FIXTURES, "tofu-plan.json");
const PRICES = join(EXAMPLES, "prices.yaml");
const NOW = new Date("2026-11-27T12:00:00Z");

async function summary(file: string, prices?: string): Promise<PlanSummaryOutput> {
  const c = captureIo({ now: NOW });
  expect(await runPlanSummary({ file, prices, format: "json" }, c.io)).toBe(0);
  expect(c.err()).toBe("");
  return JSON.parse(c.out()) as PlanSummaryOutput;
}

const lines = (s: PlanSummaryOutput) =>
  s.tenants.flatMap((t) =>
    t.licences.map((l) => [t.tenant, l.licence, l.seatsAdded, l.seatsRemoved, l.monthlyChange]),
  );

describe("pulumi preview --json", () => {
  it("seats per licence and tenant, and the monthly cost change", async () => {
    const s = await summary(PREVIEW, PRICES);
    const fabrikam =
      "(new) urn:pulumi:prod::reseller-estate::pulumi-nodejs:dynamic/o365reseller:Tenant::fabrikam";
    expect(lines(s)).toEqual([
      [fabrikam, "Microsoft 365 Business Premium", 5, 0, 103],
      ["csp2-0000beef", "Microsoft 365 Business Standard", 0, 3, -35.1],
      ["csp2-1a2b3c4d", "Microsoft 365 Business Standard", 5, 0, 58.5],
      ["csp2-1a2b3c4d", "Office 365 E3", 20, 0, 454],
      ["csp2-1a2b3c4d", "Office 365 E1", 0, 20, -188],
      ["csp2-1a2b3c4d", "Exchange Online (Plan 1)", 0, 10, -37],
    ]);
    expect(s.totals).toEqual({
      seatsAdded: 30,
      seatsRemoved: 33,
      monthlyChange: { EUR: 355.4 },
      // Only the new tenant's first period is known without reading the accounts: its 5 seats.
      thisPeriodChange: { EUR: 103 },
      // OldCo's and E1's cancellations, outside Microsoft's window: they will be refused.
      savingsOutsideWindow: { EUR: -223.1 },
      unpriced: [],
      refused: 2,
      unknownSeats: false,
      periodKnown: false,
    });
    const contoso = s.tenants.find((t) => t.tenant === "csp2-1a2b3c4d")!;
    expect(contoso.created.map((r) => [r.licence, r.seats])).toEqual([["Office 365 E3", 20]]);
    expect(contoso.cancelled.map((r) => r.id)).toEqual(["csp2-1a2b3c4d/100002", "csp2-1a2b3c4d/100003"]);
    expect(contoso.adopted.map((r) => r.id)).toEqual(["csp2-1a2b3c4d/100009"]);
    const oldco = s.tenants.find((t) => t.tenant === "csp2-0000beef")!;
    expect(oldco).toMatchObject({ displayName: "OldCo AG", change: "delete" });
    expect(oldco.refused.map((r) => r.code)).toEqual(["TENANT_DELETION_REFUSED"]);
    expect(oldco.warnings.map((w) => w.code)).toEqual(["CANCELLATION_OUTSIDE_WINDOW"]);
    expect(s.refused).toEqual([
      expect.objectContaining({
        code: "ENGINE_ERROR",
        message: expect.stringMatching(/^The custom sub-domain of tenant csp2-0000c0de cannot change/),
      }),
    ]);
  });

  it("Markdown for a pull request comment", async () => {
    const c = captureIo({ now: NOW });
    expect(await runPlanSummary({ file: PREVIEW, prices: PRICES, format: "markdown" }, c.io)).toBe(0);
    const md = c.out();
    expect(md.startsWith("<!-- o365r:plan-summary -->\n### Licence changes in this `pulumi preview`")).toBe(
      true,
    );
    // Each price is marked with its source; the legend says which.
    expect(md).toContain(
      "| csp2-1a2b3c4d | Office 365 E3 | +20 |  | +20 | not read | 22.70 EUR [f] |  | +454.00 EUR |",
    );
    // A new tenant's first period needs no reading: all its seats are above a peak of none.
    expect(md).toContain(
      "| new tenant fabrikam (Fabrikam SARL) | Microsoft 365 Business Premium | +5 |  | +5 | 0 / 5 (+5 above) | 20.60 EUR [f] | +103.00 EUR | +103.00 EUR |",
    );
    expect(md).toContain(
      `**Seats:** +30 / −33 · **this period: +103.00 EUR (where read)** · **per month from the next period: +355.40 EUR** · (prices: [f] prices file ${PRICES}; excl. tax)`,
    );
    expect(md).toContain(
      "- Cancelled: `csp2-1a2b3c4d/100003` Exchange Online (Plan 1) × 10 — window open until 2026-12-01 09:00 UTC (purchase; dates from the plan's state)",
    );
    expect(md).toContain(
      "- Cancelled: `csp2-1a2b3c4d/100002` Office 365 E1 × 20 — ⛔ window closed: next one 2027-11-20 09:00 UTC to 2027-11-27 09:00 UTC (renewal; dates from the plan's state)",
    );
    // The assumptions are said once.
    expect(md.match(/\*\*Assumed\*\*/g)).toHaveLength(1);
    expect(md).toContain("This period's peaks were not read");
    expect(md).toContain("**⛔ 2 changes will be refused**");
    expect(md).toContain("#### csp2-0000beef (OldCo AG) — ended at expiry");
    expect(md).toContain(
      "- Adopted (nothing bought): `csp2-1a2b3c4d/100009` Microsoft 365 Business Basic × 3",
    );
    expect(md).not.toContain("preview failed");
  });

  it("without prices: seats only, and it says so", async () => {
    const s = await summary(PREVIEW);
    expect(s.priced).toBe(false);
    expect(s.totals.monthlyChange).toEqual({});
    const c = captureIo({ now: NOW });
    await runPlanSummary({ file: PREVIEW, format: "markdown" }, c.io);
    expect(c.out()).toContain(
      "(no prices given: seats only; pass `--prices FILE` or `--accounts FILE` for the cost of this period and per month)",
    );
    expect(c.out()).not.toContain("EUR");
  });
});

describe("tofu show -json of a plan", () => {
  it("seats, new tenant by configuration reference, import, forget, reduction warning", async () => {
    const s = await summary(PLAN, PRICES);
    expect(lines(s)).toEqual([
      ["(new) o365reseller_tenant.initech", "Office 365 E3", 10, 0, 227],
      ["csp2-1a2b3c4d", "Microsoft 365 Business Standard", 0, 5, -58.5],
      ["csp2-1a2b3c4d", "Exchange Online Archiving", 0, 5, -14],
    ]);
    expect(s.totals.monthlyChange).toEqual({ EUR: 154.5 });
    const byTenant = Object.fromEntries(s.tenants.map((t) => [t.tenant, t]));
    expect(byTenant["(new) o365reseller_tenant.initech"]).toMatchObject({
      displayName: "Initech SAS",
      change: "create",
    });
    expect(byTenant["csp2-0000cafe"]).toMatchObject({ displayName: "Hooli GmbH", change: "adopt" });
    const contoso = byTenant["csp2-1a2b3c4d"]!;
    expect(contoso.displayName).toBe("Contoso GmbH");
    expect(contoso.forgotten.map((r) => r.id)).toEqual(["csp2-1a2b3c4d/100005"]);
    expect(contoso.warnings.map((w) => w.code)).toEqual(["SEAT_REDUCTION_OUTSIDE_WINDOW"]);
    expect(s.totals.refused).toBe(0);
  });
});

describe("plans it cannot read: one line naming the file, exit 1", () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  let n = 0;
  const write = (doc: unknown) => {
    const path = join(t.dir, `plan-${++n}.json`);
    writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc));
    return path;
  };
  const fails = (file: string): string => {
    try {
      readPlanFile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(1);
      expect((error as Error).message).not.toContain("\n");
      expect((error as Error).message).toContain(file);
      return (error as Error).message;
    }
    throw new Error("expected an error");
  };

  it.each([
    ["truncated JSON", '{"steps": [', /: not valid JSON \(/],
    ["an unknown document", { hello: 1 }, /: not `pulumi preview --json` output nor `tofu show -json`/],
    ["a state", { format_version: "1.0", values: {} }, /this is `show -json` of a state, not of a plan/],
    ["a stack export", { version: 3, deployment: { resources: [] } }, /this is a state, not a plan/],
    [
      "a newer plan format",
      { format_version: "2.0", resource_changes: [] },
      /plan format 2\.0 is newer than this o365r reads/,
    ],
    ["steps that are not a list", { steps: {} }, /steps is not a list/],
    [
      "an unreadable prior state",
      {
        format_version: "1.2",
        resource_changes: [
          {
            address: "o365reseller_tenant.x",
            mode: "managed",
            type: "o365reseller_tenant",
            name: "x",
            change: { actions: ["update"], before: { display_name: "x" }, after: {} },
          },
        ],
      },
      /o365reseller_tenant\.x: The stored tenant state cannot be read: these fields are missing or malformed: /,
    ],
  ])("%s", (_name, doc, pattern) => {
    expect(fails(write(doc))).toMatch(pattern);
  });

  it("a missing file and a bad price file", async () => {
    expect(fails(join(t.dir, "absent.json"))).toBe(`plan file ${join(t.dir, "absent.json")} not found.`);
    const prices = join(t.dir, "prices.yaml");
    writeFileSync(prices, "currency: euro\nlicences: {}\n");
    const c = captureIo();
    await expect(runPlanSummary({ file: PREVIEW, prices, format: "json" }, c.io)).rejects.toThrow(
      `price file ${prices}: currency must be a three-letter code such as EUR.`,
    );
  });
});
