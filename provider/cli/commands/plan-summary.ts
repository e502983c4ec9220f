// `o365r plan-summary`: argument parsing only; the work is in ../handlers/plan-summary.ts.
import type { Command } from "commander";
import { collect, parseTermMonths, run, TERM_MONTHS_HELP } from "./run.js";

export function registerPlanSummary(program: Command): void {
  program
    .command("plan-summary")
    .description(
      "Summarise a plan per tenant: seats per licence, what it costs this billing period and per month from the next, subscriptions bought and cancelled, Microsoft's window for reductions, refused changes.",
    )
    .argument(
      "<file>",
      "`pulumi preview --json` output, or `tofu show -json <planfile>` / `terraform show -json <planfile>`",
    )
    .option(
      "--prices <file>",
      "monthly prices per seat for the licences the cart does not price (YAML or JSON: {currency: EUR, licences: {<name or id>: <price>}})",
    )
    .option(
      "--accounts <file>",
      "read this billing period's peaks and the windows through this accounts file, and prices from its first account's cart offer (default: $O365R_ACCOUNTS; not ./o365r.accounts.yaml)",
    )
    .option(
      "--account <name>",
      "only these accounts of the accounts file (the first gives the cart's prices)",
      collect,
    )
    .option("--term-months <n>", TERM_MONTHS_HELP, parseTermMonths)
    .option("--json", "JSON on stdout instead of Markdown (every figure)")
    .addHelpText(
      "after",
      `
Prices come from the first account's cart offer (one throwaway cart, never checked out), else from
--prices; each price is marked [c] or [f]. Without either the summary shows seats only and says so.
Without an accounts file
this period's peaks are not read (a new tenant's first period needs none) and windows come from the
plan's own states. API calls per tenant the plan changes: 2 (subscriptions, billingPeriodPeaks), 3
when a subscription changed within the last 168 hours (usageStatistics), plus 4 for the prices (the cart).

Examples:
  pulumi preview --json > preview.json && o365r plan-summary preview.json --prices prices.yaml
  tofu plan -out=plan.bin && tofu show -json plan.bin > plan.json
  O365R_ACCOUNTS=o365r.accounts.yaml o365r plan-summary plan.json > comment.md

Exit codes: 0 summary printed (also when it lists refused changes), 1 unreadable or unknown plan file,
price file or accounts (one line on stderr naming the file and what is wrong), 64 usage error.`,
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runPlanSummary } = await import("../handlers/plan-summary.js");
        return runPlanSummary(
          {
            file,
            prices: opts.prices as string | undefined,
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            format: opts.json === true ? "json" : "markdown",
            termMonths: opts.termMonths as number | undefined,
          },
          io,
        );
      });
    });
}
