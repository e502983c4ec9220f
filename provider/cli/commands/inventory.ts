// `o365r inventory`: argument parsing only; the work is in ../handlers/inventory.ts.
import { type Command, Option } from "commander";
import { ACCOUNTS_HELP, collect, formatOf, parseTermMonths, run, TERM_MONTHS_HELP } from "./run.js";

export function registerInventory(program: Command): void {
  program
    .command("inventory")
    .description(
      "List every tenant and subscription of every account, with seats, monthly prices, this billing period's peak and Microsoft's reduction window.",
    )
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option(
      "--account <name>",
      "only this account of the accounts file (repeatable, or comma-separated)",
      collect,
    )
    .addOption(new Option("--json", "JSON on stdout").conflicts(["markdown", "csv"]))
    .addOption(new Option("--markdown", "a Markdown table on stdout").conflicts(["csv"]))
    .option("--csv", "CSV on stdout (one row per tenant and per subscription)")
    .option(
      "--prices <file>",
      "monthly prices per seat for the licences no account's cart prices (YAML or JSON: {currency: EUR, licences: {<name or id>: <price>}})",
    )
    .option("--no-prices", "no prices at all (no cart offer read, no file)")
    .option(
      "--no-peaks",
      "do not read this billing period's peaks and usage statistics (one or two calls less per tenant; windows then rest on the subscriptions' dates alone)",
    )
    .option("--term-months <n>", TERM_MONTHS_HELP, parseTermMonths)
    .option("-q, --quiet", "no progress and no notes on stderr (errors still go there)")
    .addHelpText(
      "after",
      `
Examples:
  o365r inventory                                  # table on a terminal
  o365r inventory --accounts o365r.accounts.yaml --account eu-main --csv > fleet.csv
  o365r inventory --json | jq '.totals'
  o365r inventory --prices prices.yaml             # cart prices, and the file's where a cart has none

Prices come from each account's cart offer (the licence options of a new tenant: one throwaway cart
per account, never checked out), else from --prices; each figure is marked [c] or [f].

Exit codes: 0 every account scanned, 1 an account could not be scanned (the others are still listed),
64 usage error.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runInventory } = await import("../handlers/inventory.js");
        return runInventory(
          {
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            format: formatOf(opts, ["json", "markdown", "csv"] as const, "table"),
            prices: opts.prices !== false,
            pricesFile: typeof opts.prices === "string" ? opts.prices : undefined,
            peaks: opts.peaks as boolean,
            termMonths: opts.termMonths as number | undefined,
            quiet: opts.quiet === true,
          },
          io,
        );
      });
    });
}
