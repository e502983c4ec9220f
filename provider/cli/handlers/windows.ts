// `o365r windows`: every subscription of every selected account with its seats, this billing period's
// peak and Microsoft's next window for reductions and cancellations (open now until …, or opens on …),
// sorted by the date that matters (when an open window closes, when a closed one opens); as a table,
// Markdown, JSON or CSV, and as an iCalendar file. `--within` keeps the windows that open or close
// within that time. The window and the assumptions are the core's (provider/resources/windows.ts,
// usage.ts); the scan is inventory's (lib/scan.ts) with each tenant's usage read once.
import { writeFileSync } from "node:fs";
import { assumptions, peakOf } from "../../resources/usage.js";
import {
  ASSUMED_TERM_MONTHS,
  reductionWindow,
  type WindowState,
  windowDate,
} from "../../resources/windows.js";
import { selectAccounts } from "../lib/accounts.js";
import { EXIT, externalError } from "../lib/errors.js";
import { type CliIo, colorEnabled, say } from "../lib/io.js";
import { accountError, allFailed, scanProgress } from "../lib/progress.js";
import { type AccountScan, scanAccounts } from "../lib/scan.js";
import {
  type Cell,
  type Column,
  renderCsv,
  renderJson,
  renderMarkdownTable,
  renderTable,
  shortDate,
} from "../render/formats.js";
import { type CalendarEvent, renderCalendar } from "../render/ics.js";
import type { HandlerDeps } from "./inventory.js";

export type WindowsFormat = "table" | "json" | "markdown" | "csv";

export interface WindowsOptions {
  accounts?: string | undefined;
  account?: string[] | undefined;
  format: WindowsFormat;
  /** Write an iCalendar file too (`-`: to stdout, instead of the format). */
  ics?: string | undefined;
  /** Only windows that open or close within this time from now. */
  within?: { text: string; ms: number } | undefined;
  termMonths?: number | undefined;
  quiet?: boolean | undefined;
}

export interface WindowRow {
  account: string;
  nic: string | null;
  serviceName: string;
  displayName: string;
  subscriptionId: number;
  licenseId: number;
  licenseName: string | null;
  status: string;
  seats: number;
  /** The tenant's current billing period (`YYYY-MM-DD`), when read. */
  period: { startDate: string; endDate: string } | null;
  /** This period's peak of the licence in the tenant, when read. */
  periodPeak: number | null;
  window: WindowState;
}

export interface WindowsReport {
  generatedAt: string;
  termMonths: number;
  /** `--within`: the time given and the end of the range. */
  within: { text: string; until: string } | null;
  assumptions: string[];
  accounts: Array<{ name: string; nic: string | null; endpoint: string | null; error?: string | undefined }>;
  /** Sorted by `windowDate` (closing of open windows, opening of closed ones), then tenant and id. */
  windows: WindowRow[];
}

export async function runWindows(
  options: WindowsOptions,
  io: CliIo,
  deps: HandlerDeps = {},
): Promise<number> {
  const selection = selectAccounts(options, io);
  if (selection.file === undefined && !options.quiet) {
    say(io, 'no accounts file: using the OVH_* environment and ovh.conf as account "default".');
  }
  const now = io.now();
  const progress = scanProgress(io, selection.accounts.length, options.quiet === true);
  let scans: AccountScan[];
  try {
    scans = await scanAccounts(selection.accounts, io, {
      ...progress.hooks,
      usage: { now },
      makeApi: deps.makeApi,
    });
  } finally {
    progress.stop();
  }
  const report = buildWindows(scans, now, options);
  const failed = scans.filter((s) => s.error !== undefined);
  if (!allFailed(scans)) {
    if (options.ics !== undefined) {
      const text = renderCalendar(calendarOf(report, now));
      if (options.ics === "-") io.stdout.write(text);
      else writeIcs(options.ics, text);
    }
    if (options.ics !== "-")
      io.stdout.write(renderWindows(report, options.format, colorEnabled(io, io.stdout)));
  }
  for (const scan of failed) say(io, accountError(scan));
  const unread = scans.flatMap((s) => s.tenants.filter((t) => t.usage?.error !== undefined));
  if (unread.length > 0 && !options.quiet) {
    say(
      io,
      `period peaks of ${unread.length} tenant(s) not read (${unread[0]!.tenant.serviceName}: ${unread[0]!.usage!.error}).`,
    );
  }
  if ((options.format === "csv" || options.ics === "-") && !options.quiet && !allFailed(scans)) {
    say(io, `assumed: ${report.assumptions.join(" ")}`);
  }
  return failed.length > 0 ? EXIT.failure : EXIT.ok;
}

function writeIcs(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw externalError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
}

export function buildWindows(
  scans: readonly AccountScan[],
  now: Date,
  options: Pick<WindowsOptions, "within" | "termMonths">,
): WindowsReport {
  const termMonths = options.termMonths ?? ASSUMED_TERM_MONTHS;
  const until = options.within ? new Date(now.getTime() + options.within.ms) : undefined;
  const rows: WindowRow[] = [];
  for (const scan of scans) {
    for (const t of scan.tenants) {
      const period = t.usage?.period;
      for (const s of t.subscriptions) {
        const sub = s.subscription;
        const window = reductionWindow(sub, {
          now,
          termMonths,
          seatAddition: t.usage?.seatAdditions?.get(sub.id),
        });
        if (!window) continue;
        if (until && Date.parse(windowDate(window)) > until.getTime()) continue;
        rows.push({
          account: scan.name,
          nic: scan.nic ?? null,
          serviceName: t.tenant.serviceName,
          displayName: t.tenant.displayName,
          subscriptionId: sub.id,
          licenseId: sub.licenseId,
          licenseName: s.licence?.name ?? null,
          status: sub.status,
          seats: sub.quantity,
          period: period ? { startDate: period.startDate, endDate: period.endDate } : null,
          periodPeak: period ? peakOf(period, { id: sub.licenseId, name: s.licence?.name }) : null,
          window,
        });
      }
    }
  }
  rows.sort(
    (a, b) =>
      windowDate(a.window).localeCompare(windowDate(b.window)) ||
      a.serviceName.localeCompare(b.serviceName) ||
      a.subscriptionId - b.subscriptionId,
  );
  return {
    generatedAt: now.toISOString(),
    termMonths,
    within: options.within && until ? { text: options.within.text, until: until.toISOString() } : null,
    assumptions: assumptions(termMonths),
    accounts: scans.map((s) => ({
      name: s.name,
      nic: s.nic ?? null,
      endpoint: s.endpoint ?? null,
      ...(s.error !== undefined ? { error: s.error } : {}),
    })),
    windows: rows,
  };
}

const COLUMNS: Column[] = [
  { title: "window" },
  { title: "opens (UTC)" },
  { title: "closes (UTC)" },
  { title: "opened by" },
  { title: "account" },
  { title: "subscription" },
  { title: "display name" },
  { title: "licence" },
  { title: "seats", align: "right" },
  { title: "period peak", align: "right" },
];

const CSV_HEADER = [
  "account",
  "nic",
  "service_name",
  "display_name",
  "subscription_id",
  "license_id",
  "license",
  "status",
  "seats",
  "period_start",
  "period_end",
  "period_peak",
  "window",
  "opens_at",
  "closes_at",
  "reason",
  "next_renewal",
  "assumed_addition",
];

const licenceOf = (r: WindowRow) => r.licenseName ?? `licence #${r.licenseId}`;

export function renderWindows(report: WindowsReport, format: WindowsFormat, color: boolean): string {
  if (format === "json") return renderJson(report);
  if (format === "csv") {
    return renderCsv(
      CSV_HEADER,
      report.windows.map((r) => [
        r.account,
        r.nic,
        r.serviceName,
        r.displayName,
        r.subscriptionId,
        r.licenseId,
        r.licenseName,
        r.status,
        r.seats,
        r.period?.startDate,
        r.period?.endDate,
        r.periodPeak,
        r.window.state,
        r.window.opensAt,
        r.window.closesAt,
        r.window.reason,
        r.window.nextRenewal,
        r.window.assumedAddition ? "true" : "false",
      ]),
    );
  }
  const rows: Cell[][] = report.windows.map((r) => [
    r.window.state === "open" ? "open now" : "next",
    shortDate(r.window.opensAt),
    shortDate(r.window.closesAt),
    `${r.window.reason}${r.window.assumedAddition ? " (assumed)" : ""}`,
    r.account,
    `${r.serviceName}/${r.subscriptionId}`,
    r.displayName,
    licenceOf(r),
    r.seats,
    r.periodPeak,
  ]);
  const open = report.windows.filter((r) => r.window.state === "open").length;
  const range = report.within ? ` opening or closing within ${report.within.text}` : "";
  const count = `${report.windows.length} window${report.windows.length === 1 ? "" : "s"}${range} (${open} open now)`;
  const assumed = `Assumed (OVHcloud does not publish these rules): ${report.assumptions.join(" ")}`;
  if (format === "markdown") {
    const body = rows.length > 0 ? renderMarkdownTable(COLUMNS, rows) : `No window${range}.\n`;
    return `${body}\n${count}\n\n> ${assumed}\n`;
  }
  const body = rows.length > 0 ? renderTable(COLUMNS, rows, color) : `No window${range}.\n`;
  return `${body}${count}\n${assumed}\n`;
}

/** One event per window: the window itself, with an alarm a day before it closes. */
export function calendarOf(
  report: WindowsReport,
  now: Date,
): { name: string; description: string; stamp: Date; events: CalendarEvent[] } {
  return {
    name: "Microsoft 365 reduction and cancellation windows (o365r)",
    description: `Assumed (OVHcloud does not publish these rules): ${report.assumptions.join(" ")}`,
    stamp: now,
    events: report.windows.map((r) => {
      const what = `${r.serviceName}/${r.subscriptionId} ${licenceOf(r)}`;
      const peak =
        r.periodPeak === null
          ? ""
          : ` This billing period's peak: ${r.periodPeak} (${r.period?.startDate} to ${r.period?.endDate}).`;
      return {
        uid: `${r.serviceName}-${r.subscriptionId}-${r.window.opensAt.replace(/[-:]/g, "")}@o365r`,
        start: new Date(r.window.opensAt),
        end: new Date(r.window.closesAt),
        summary: `Reduce or cancel: ${what} (${r.seats} seats, ${r.displayName})`,
        description:
          `Microsoft accepts seat reductions and the cancellation of subscription ${r.subscriptionId} of tenant ` +
          `${r.serviceName} (${r.displayName}, account ${r.account}) in this window, opened by its ${r.window.reason}` +
          `${r.window.assumedAddition ? " (assumed: the last update may have been a reduction)" : ""}. ` +
          `${licenceOf(r)}: ${r.seats} seats.${peak} Outside the window the customer pays until the term renews ` +
          `(next renewal, assumed: ${r.window.nextRenewal.slice(0, 10)}).`,
        alarmBeforeEnd: {
          hours: 24,
          description: `Microsoft's window for ${what} closes in 24 hours`,
        },
      };
    }),
  };
}
