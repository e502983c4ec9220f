// `o365r accounts` and `o365r accounts check`: argument parsing only; the work is in
// ../handlers/accounts.ts.
import type { Command } from "commander";
import { ACCOUNTS_HELP, collect, run } from "./run.js";

const FILE_EXAMPLE = `
An accounts file names each reseller account, its endpoint and where its credentials come from,
never the secrets themselves:

  accounts:
    eu-main:
      endpoint: ovh-eu
      nic: ab12345-ovh                 # optional: the account the credentials must belong to
      credentials:
        envPrefix: EU_MAIN_            # EU_MAIN_OVH_APPLICATION_KEY, EU_MAIN_OVH_CONSUMER_KEY, ...
    ca-shop:
      endpoint: ovh-ca
      credentials:
        env: { applicationKey: CA_AK, applicationSecret: CA_AS, consumerKey: CA_CK }
    eu-oauth:
      credentials:
        ovhConf: ~/.ovh.conf           # client_id/client_secret or application keys in that section
        section: reseller-eu`;

export function registerAccounts(program: Command): void {
  const accounts = program
    .command("accounts")
    .description("List the reseller accounts of the accounts file and where their credentials come from.")
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option("--account <name>", "only this account (repeatable, or comma-separated)", collect)
    .option("--json", "JSON on stdout")
    .addHelpText(
      "after",
      `${FILE_EXAMPLE}

Examples:
  o365r accounts --accounts o365r.accounts.yaml
  o365r accounts check --account eu-main

Exit codes: 0 every account's credentials are set, 1 some are missing or the file is unreadable, 64 usage error.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runAccountsList } = await import("../handlers/accounts.js");
        return runAccountsList(
          {
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            json: opts.json === true,
          },
          io,
        );
      });
    });

  accounts
    .command("check")
    .description(
      "Verify each account: credentials, who they belong to, read access, and access rules for o365r and the providers.",
    )
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option("--account <name>", "only this account (repeatable, or comma-separated)", collect)
    .option("--json", "JSON on stdout")
    .addHelpText(
      "after",
      `
Checks per account: the credentials resolve from where the file says; GET /me answers (and names the
nic the file expects); GET /saas/csp2 and GET /me/order answer; the consumer key's access rules
(GET /auth/currentCredential) cover reading tenants, subscriptions and prices and, for the providers,
changing tenants, seats and subscriptions, carts and order payment. Nothing is changed.

Example:
  o365r accounts check --accounts o365r.accounts.yaml

Exit codes: 0 every account passed, 1 an account failed a check, 64 usage error.`,
    )
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const parent = command.parent?.opts() ?? {};
      await run(async (io) => {
        const { runAccountsCheck } = await import("../handlers/accounts.js");
        return runAccountsCheck(
          {
            accounts: (opts.accounts ?? parent.accounts) as string | undefined,
            account: (opts.account ?? parent.account) as string[] | undefined,
            json: opts.json === true || parent.json === true,
          },
          io,
        );
      });
    });
}
