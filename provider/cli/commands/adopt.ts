// `o365r adopt`: argument parsing only; the work is in ../handlers/adopt.ts.
import { type Command, Option } from "commander";
import { ACCOUNTS_HELP, collect, collectFiles, run } from "./run.js";

export function registerAdopt(program: Command): void {
  program
    .command("adopt")
    .description(
      "Write code declaring the tenants and subscriptions that no state declares, so they come under management without ordering anything.",
    )
    .addOption(
      new Option(
        "--format <format>",
        "pulumi: resources with adoptServiceName/adoptSubscriptionId; hcl and cdktf: resources with import blocks",
      )
        .choices(["pulumi", "hcl", "cdktf"])
        .default("pulumi"),
    )
    .option(
      "--state <file>",
      "states that already declare resources (repeatable; any mix, as for drift)",
      collectFiles,
    )
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option("--account <name>", "only this account (repeatable, or comma-separated)", collect)
    .option("--out <file>", "write the code to this file instead of stdout")
    .option("-q, --quiet", "no progress and no notes on stderr (errors still go there)")
    .addHelpText(
      "after",
      `
Examples:
  o365r adopt --format hcl --state terraform.tfstate --out adopted.tf && tofu plan
  pulumi stack export > stack.json && o365r adopt --state stack.json --out adopted.ts
  o365r adopt --format cdktf --account eu-main > src/adopted.ts

Import ids: a tenant is its service name (csp2-1a2b3c4d), a subscription <serviceName>/<subscriptionId>.
Exit codes: 0 code written, 1 an unreadable state or an account that could not be scanned, 64 usage error.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runAdopt } = await import("../handlers/adopt.js");
        return runAdopt(
          {
            format: opts.format as "pulumi" | "hcl" | "cdktf",
            state: (opts.state as string[] | undefined) ?? [],
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            out: opts.out as string | undefined,
            quiet: opts.quiet === true,
          },
          io,
        );
      });
    });
}
