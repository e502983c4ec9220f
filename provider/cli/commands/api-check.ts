// `o365r api-check`: argument parsing only; the work is in ../handlers/api-check.ts.
import type { Command } from "commander";
import { ACCOUNTS_HELP, collect, run } from "./run.js";

export function registerApiCheck(program: Command): void {
  program
    .command("api-check")
    .description(
      "First contact with an account: record what OVHcloud answers and check every answer against its published schema.",
    )
    .option("--accounts <file>", ACCOUNTS_HELP)
    .option("--account <name>", "the account of the accounts file to check (one)", collect)
    .option("--out <file>", "write the JSON report there (no secrets, no customer data)")
    .addHelpText(
      "after",
      `
Read-only, about 16 API calls: GET /me; the tenant list with and without expanded listing (paging
headers, the largest page size, page numbers); one tenant's subscriptions, tasks and orderable
licences; a throwaway cart (created, assigned, deleted, never checked out) for the CSP2 plan codes,
their licence options and the configuration labels a tenant order asks for. Every answer is checked
against OVHcloud's published v1 schema: values outside a published enum and properties the schema
does not know are warnings (OVHcloud may be newer than our copy); wrong types, nulls, missing
properties and malformed dates fail.

Examples:
  o365r api-check --account eu-main --out api-check.json
  OVH_ENDPOINT=ovh-eu OVH_APPLICATION_KEY=… o365r api-check

Exit codes: 0 every answer fits the published models, 1 an answer does not fit or a call failed
(the report says which), 64 usage error.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await run(async (io) => {
        const { runApiCheck } = await import("../handlers/api-check.js");
        return runApiCheck(
          {
            accounts: opts.accounts as string | undefined,
            account: opts.account as string[] | undefined,
            out: opts.out as string | undefined,
          },
          io,
        );
      });
    });
}
