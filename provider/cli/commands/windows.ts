// `o365r windows`: argument parsing only; the work is in ../handlers/windows.ts.
import { type Command, InvalidArgumentError, Option } from "commander";
import { ACCOUNTS_HELP, collect, formatOf, parseTermMonths, run, TERM_MONTHS_HELP } from "./run.js";

const UNITS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `--within 7d`: a whole number of hours (h), days (d) or weeks (w), from 1 hour to 2 years. */
export function parseWithin(value: string): { text: string; ms: number } {
  const m = /^\s*(\d+)\s*([hdw])\s*$/.exec(value);
  const ms = m ? Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] : Number.NaN;
  if (!m || !(ms >= UNITS.h && ms <= 730 * UNITS.d)) {
    throw new InvalidArgumentError(
      `must be a whole number of hours, days or weeks, from 1h to 730d (e.g. 48h, 7d, 2w), got "${value}".`,
    );
  }
  return { text: `${m[1]}${m[2]}`, ms };
}

export function registerWindows(program: Command): void {
  program
    .command("windows")
    .description(
      "List every subscription's next window for seat reductions and cancellations (Microsoft's 168 hours), with seats and this billing period's peak, sorted by date.",
    )
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option(
      "--account <name>",
      "only this account of the accounts file (repeatable, or comma-separated)",
      collect,
    )
    .addOption(new Option("--json", "JSON on stdout").conflicts(["markdown", "csv"]))
    .addOption(new Option("--markdown", "a Markdown table on stdout").conflicts(["csv"]))
    .option("--csv", "CSV on stdout (one row per subscription)")
    .option(
      "--ics <file>",
      "also write the windows as an iCalendar file (- for stdout, instead of the table)",
    )
    .option(
      "--within <time>",
      "only windows that open or close within this time from now (e.g. 48h, 7d, 2w)",
      parseWithin,
    )
    .option("--term-months <n>", TERM_MONTHS_HELP, parseTermMonths)
    .option("-q, --quiet", "no progress and no notes on stderr (errors still go there)")
    .addHelpText(
      "after",
      `
A window is open for 168 hours after a subscription's purchase, each renewal of its term and each seat
addition; outside it Microsoft refuses reductions and cancellations and the customer pays until the term
renews. Open windows are listed with when they close, closed ones with when the next opens (a renewal).

Examples:
  o365r windows                                     # table on a terminal
  o365r windows --within 7d --markdown              # what opens or closes this week, for a CI job
  o365r windows --ics windows.ics                   # import into a calendar (an alarm 24 h before each close)
  o365r windows --account eu-main --json | jq '.windows[] | select(.window.state == "open")'

API calls per tenant: 2 (subscriptions, billingPeriodPeaks), 3 when a subscription changed within the
last 168 hours (usageStatistics); per account GET /me and the tenant listing.

Exit codes: 0 every account scanned, 1 an account could not be scanned (the others are still listed) or
the iCalendar file could not be written, 64 usage error.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runWindows } = await import("../handlers/windows.js");
        return runWindows(
          {
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            format: formatOf(opts, ["json", "markdown", "csv"] as const, "table"),
            ics: opts.ics as string | undefined,
            within: opts.within as { text: string; ms: number } | undefined,
            termMonths: opts.termMonths as number | undefined,
            quiet: opts.quiet === true,
          },
          io,
        );
      });
    });
}
