// `o365r windows` against the emulator, two accounts with histories seeded through the admin API: the
// windows sorted by date, `--within`, every format, the iCalendar file checked by a parser library
// (ical.js, Mozilla's RFC 5545 parser), and what it costs in API calls.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWindows, type WindowsReport } from "../../provider/cli/handlers/windows.js";
import {
  captureIo,
  envFor,
  type Fleet,
  runCli,
  type SeededAccount,
  startFleet,
  tempDir,
  writeFile,
} from "./harness.js";

const HOUR = 3_600_000;
let fleet: Fleet;
let a: SeededAccount;
let b: SeededAccount;
let dir: ReturnType<typeof tempDir>;
let accountsFile: string;
let env: Record<string, string>;
let now: Date;
const none = { serviceName: "", id: 0 };
const subs = { standard: none, e3: none, basic: none };

beforeAll(async () => {
  fleet = await startFleet();
  const start = fleet.emu.now();
  fleet.emu.advanceClock(
    (Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 15, 12) - start.getTime()) / 1000,
  );
  a = await fleet.account({ nic: "wa11111-ovh" });
  b = await fleet.account({ nic: "wb22222-ovh" });
  const contoso = await fleet.tenant({
    account: a.nic,
    displayName: "Contoso GmbH",
    subscriptions: [
      { license: 2, quantity: 10 },
      { license: 5, quantity: 20 },
    ],
  });
  const fabrikam = await fleet.tenant({
    account: b.nic,
    displayName: "Fabrikam SARL",
    subscriptions: [{ license: 1, quantity: 6 }],
  });
  const history = (s: string, id: number, body: unknown) =>
    fleet.admin("PUT", `/tenants/${s}/subscriptions/${id}/history`, body);
  subs.standard = { serviceName: contoso.serviceName, id: contoso.subscriptions[0]!.id };
  subs.e3 = { serviceName: contoso.serviceName, id: contoso.subscriptions[1]!.id };
  subs.basic = { serviceName: fabrikam.serviceName, id: fabrikam.subscriptions[0]!.id };
  // Seats added 150 hours ago: open, closing in 18 hours.
  await history(subs.standard.serviceName, subs.standard.id, {
    purchasedHoursAgo: 5000,
    quantity: 8,
    changes: [{ hoursAgo: 150, quantity: 10 }],
  });
  // Bought 100 hours ago: open, closing in 68 hours.
  await history(subs.e3.serviceName, subs.e3.id, { purchasedHoursAgo: 100, quantity: 20 });
  // Bought 360 days ago (a 12-month term): closed, the renewal opens it in 5 or 6 days.
  await history(subs.basic.serviceName, subs.basic.id, { purchasedHoursAgo: 360 * 24, quantity: 6 });
  now = fleet.emu.now();
  dir = tempDir();
  accountsFile = writeFile(
    dir.dir,
    "o365r.accounts.yaml",
    `accounts:
  reseller-a:
    credentials: { envPrefix: A_ }
    requestsPerMinute: 100000
  reseller-b:
    credentials: { envPrefix: B_ }
    requestsPerMinute: 100000
`,
  );
  env = { ...envFor("A_", a, fleet.emu.url), ...envFor("B_", b, fleet.emu.url) };
});

afterAll(async () => {
  await fleet?.close();
  dir?.cleanup();
});

async function windows(options: Partial<Parameters<typeof runWindows>[0]> = {}) {
  const c = captureIo({ env, cwd: dir.dir, now });
  const code = await runWindows({ accounts: accountsFile, format: "json", quiet: true, ...options }, c.io);
  return { code, out: c.out(), err: c.err() };
}

const at = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * HOUR);
const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

describe("o365r windows", () => {
  it("lists every subscription's window across the accounts, sorted by the date that matters (JSON)", async () => {
    const { code, out, err } = await windows();
    expect(err).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(out) as WindowsReport;
    expect(
      report.windows.map((w) => [
        w.account,
        `${w.serviceName}/${w.subscriptionId}`,
        w.window.state,
        w.window.reason,
      ]),
    ).toEqual([
      ["reseller-a", `${subs.standard.serviceName}/${subs.standard.id}`, "open", "seat addition"],
      ["reseller-a", `${subs.e3.serviceName}/${subs.e3.id}`, "open", "purchase"],
      ["reseller-b", `${subs.basic.serviceName}/${subs.basic.id}`, "closed", "renewal"],
    ]);
    const [standard, e3, basic] = report.windows;
    // The addition 150 hours ago is seen in the usage statistics on its day; the last update is that
    // addition itself, so its time is exact.
    expect(standard!.window).toEqual({
      state: "open",
      opensAt: iso(at(-150)),
      closesAt: iso(at(18)),
      reason: "seat addition",
      nextRenewal: expect.any(String),
    });
    expect(standard).toMatchObject({
      seats: 10,
      periodPeak: 10,
      licenseName: "Microsoft 365 Business Standard",
    });
    expect(e3!.window.closesAt).toBe(iso(at(68)));
    expect(basic!.window).toMatchObject({ state: "closed", reason: "renewal" });
    expect(Date.parse(basic!.window.opensAt)).toBeGreaterThanOrEqual(at(5 * 24 - 1).getTime());
    expect(Date.parse(basic!.window.opensAt)).toBeLessThanOrEqual(at(6 * 24).getTime());
    expect(report.assumptions).toHaveLength(2);
    expect(report.within).toBeNull();
  });

  it("--within keeps what opens or closes in that time", async () => {
    const day = JSON.parse((await windows({ within: { text: "1d", ms: 24 * HOUR } })).out) as WindowsReport;
    expect(day.windows.map((w) => w.subscriptionId)).toEqual([subs.standard.id]);
    expect(day.within).toEqual({ text: "1d", until: at(24).toISOString() });
    const week = JSON.parse(
      (await windows({ within: { text: "7d", ms: 7 * 24 * HOUR } })).out,
    ) as WindowsReport;
    expect(week.windows.map((w) => w.subscriptionId)).toEqual([subs.standard.id, subs.e3.id, subs.basic.id]);
    const hour = await windows({ format: "table", within: { text: "1h", ms: HOUR } });
    expect(hour.out).toContain("No window opening or closing within 1h.");
  });

  it("table, Markdown and CSV carry the same rows; the assumptions are said once", async () => {
    const table = await windows({ format: "table" });
    expect(table.out).toContain(`${subs.standard.serviceName}/${subs.standard.id}`);
    expect(table.out).toContain("3 windows (2 open now)");
    expect(table.out.match(/Assumed/g)).toHaveLength(1);
    const md = await windows({ format: "markdown" });
    const rows = md.out.split("\n").filter((l) => l.startsWith("| "));
    expect(rows).toHaveLength(2 + 3);
    expect(rows[2]).toMatch(
      new RegExp(`^\\| open now \\| .* \\| seat addition \\| reseller-a \\| ${subs.standard.serviceName}/`),
    );
    const csv = await windows({ format: "csv" });
    const lines = csv.out.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "account,nic,service_name,display_name,subscription_id,license_id,license,status,seats,period_start,period_end,period_peak,window,opens_at,closes_at,reason,next_renewal,assumed_addition",
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(
      new RegExp(`^reseller-b,${b.nic},${subs.basic.serviceName},Fabrikam SARL,${subs.basic.id},1,`),
    );
  });

  it("--ics writes a calendar that an RFC 5545 parser reads: one event per window, with an alarm", async () => {
    const file = join(dir.dir, "windows.ics");
    const { code } = await windows({ format: "table", ics: file });
    expect(code).toBe(0);
    const text = readFileSync(file, "utf8");
    // Content lines end in CRLF and are folded at 75 octets.
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//o365-reseller//o365r windows//EN");
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(3);
    const standard = events[0]!;
    expect(standard.summary).toBe(
      `Reduce or cancel: ${subs.standard.serviceName}/${subs.standard.id} Microsoft 365 Business Standard (10 seats, Contoso GmbH)`,
    );
    expect(standard.startDate.toJSDate().getTime()).toBe(Date.parse(iso(at(-150))));
    expect(standard.endDate.toJSDate().getTime()).toBe(Date.parse(iso(at(18))));
    expect(standard.uid).toMatch(
      new RegExp(`^${subs.standard.serviceName}-${subs.standard.id}-\\d{8}T\\d{6}Z@o365r$`),
    );
    // Escaped commas come back as commas.
    expect(standard.description).toContain(`(Contoso GmbH, account reseller-a)`);
    const alarm = standard.component.getFirstSubcomponent("valarm")!;
    expect(alarm.getFirstPropertyValue("action")).toBe("DISPLAY");
    expect(String(alarm.getFirstPropertyValue("trigger"))).toBe("-PT24H");
    expect(alarm.getFirstProperty("trigger")!.getParameter("related")).toBe("END");
    expect(calendar.getFirstPropertyValue("x-wr-caldesc")).toMatch(
      /^Assumed \(OVHcloud does not publish these rules\)/,
    );
  });

  it("costs per account GET /me and the tenant listing; per tenant 2 calls, 3 when a window depends on the statistics", async () => {
    fleet.emu.clearCalls();
    await windows();
    const calls = fleet.emu.calls().filter((c) => c.path !== "/auth/time");
    const of = (nic: string) =>
      calls.filter((c) => c.account === nic).map((c) => c.path.replace(/csp2-[0-9a-f]{8}/, "{s}"));
    expect(of(a.nic).sort()).toEqual([
      "/me",
      "/saas/csp2",
      "/saas/csp2/{s}/billingPeriodPeaks",
      "/saas/csp2/{s}/orderableLicenses",
      "/saas/csp2/{s}/subscription",
      "/saas/csp2/{s}/usageStatistics",
    ]);
    expect(of(b.nic).sort()).toEqual([
      "/me",
      "/saas/csp2",
      "/saas/csp2/{s}/billingPeriodPeaks",
      "/saas/csp2/{s}/orderableLicenses",
      "/saas/csp2/{s}/subscription",
    ]);
  });

  it("as a user runs it: a bad --within is a usage error before any call; --ics - writes the calendar on stdout", async () => {
    fleet.emu.clearCalls();
    const bad = await runCli(["windows", "--accounts", accountsFile, "--within", "soon"], {
      env,
      cwd: dir.dir,
    });
    expect(bad.code).toBe(64);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain(
      `option '--within <time>' argument 'soon' is invalid. must be a whole number of hours, days or weeks`,
    );
    expect(fleet.emu.calls()).toEqual([]);
    const ics = await runCli(["windows", "--accounts", accountsFile, "--ics", "-", "-q"], {
      env,
      cwd: dir.dir,
    });
    expect(ics.stderr).toBe("");
    expect(ics.code).toBe(0);
    expect(new ICAL.Component(ICAL.parse(ics.stdout)).getAllSubcomponents("vevent")).toHaveLength(3);
  }, 60_000);
});
