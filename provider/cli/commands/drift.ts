// `o365r drift`: argument parsing only; the work is in ../handlers/drift.ts.
import { type Command, Option } from "commander";
import { ACCOUNTS_HELP, collect, collectFiles, formatOf, run } from "./run.js";

export function registerDrift(program: Command): void {
  program
    .command("drift")
    .description(
      "Compare live accounts with Pulumi stack exports and Terraform/OpenTofu states: changed outside, gone, unmanaged.",
    )
    .requiredOption(
      "--state <file>",
      "a `pulumi stack export` file, a terraform.tfstate, or `tofu show -json` of a state (repeatable; any mix)",
      collectFiles,
    )
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option("--account <name>", "only this account (repeatable, or comma-separated)", collect)
    .addOption(new Option("--json", "JSON on stdout").conflicts(["markdown"]))
    .option("--markdown", "Markdown on stdout (for an issue or a CI summary)")
    .option("-q, --quiet", "no progress and no notes on stderr (errors still go there)")
    .addHelpText(
      "after",
      `
Examples:
  pulumi stack export --stack prod > prod.json
  tofu -chdir=infra show -json > infra.json
  o365r drift --state prod.json --state infra.json --accounts o365r.accounts.yaml
  o365r drift --state terraform.tfstate --markdown >> "$GITHUB_STEP_SUMMARY"

Exit codes (like \`terraform plan -detailed-exitcode\`):
  0  no drift
  2  drift found: a managed resource changed outside or is gone, a live one is unmanaged,
     or one object is declared twice.
  1  error: an unreadable state file, an account that could not be scanned (drift unknown).
  64 usage error (bad options): "error:" and the usage on stderr, nothing on stdout.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runDrift } = await import("../handlers/drift.js");
        return runDrift(
          {
            state: (opts.state as string[] | undefined) ?? [],
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            format: formatOf(opts, ["json", "markdown"] as const, "text"),
            quiet: opts.quiet === true,
          },
          io,
        );
      });
    });
}
