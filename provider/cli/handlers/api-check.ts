// `o365r api-check`: first contact with a real account. Reads what OVHcloud answers (paging headers,
// CSP2 plan codes, licence options, the order form's labels, one tenant's objects), checks every
// answer against OVHcloud's published schema, prints a readable report and writes a JSON one that holds
// no secret and no customer data. Read-only: a throwaway cart is created and deleted, never checked out.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { packageVersion } from "../../package-info.js";
import { probeAccount } from "../api-check/probe.js";
import { renderApiCheck } from "../api-check/render.js";
import { selectAccounts } from "../lib/accounts.js";
import { withConnection } from "../lib/connect.js";
import { EXIT, externalError, usageError } from "../lib/errors.js";
import type { CliIo } from "../lib/io.js";
import { renderJson } from "../render/formats.js";
import type { HandlerDeps } from "./inventory.js";

export interface ApiCheckOptions {
  accounts?: string | undefined;
  account?: string[] | undefined;
  /** Where to write the JSON report. */
  out?: string | undefined;
}

export async function runApiCheck(
  options: ApiCheckOptions,
  io: CliIo,
  deps: HandlerDeps = {},
): Promise<number> {
  const selection = selectAccounts(options, io);
  if (selection.accounts.length !== 1) {
    throw usageError(
      `api-check checks one account at a time; name one with --account (the accounts file has ${selection.accounts
        .map((a) => a.name)
        .join(", ")}).`,
    );
  }
  const spec = selection.accounts[0]!;
  const report = await withConnection(
    spec,
    io,
    ({ client }) => probeAccount({ client, now: io.now(), version: packageVersion() }),
    deps.makeApi,
  );
  io.stdout.write(renderApiCheck(report, spec.name));
  if (options.out !== undefined) {
    const file = resolve(io.cwd, options.out);
    try {
      await writeFile(file, renderJson(report));
    } catch (error) {
      throw externalError(`${options.out}: cannot write the report (${(error as Error).message}).`);
    }
    io.stderr.write(
      `o365r: wrote ${options.out} (no secrets, no customer data: identifiers are placeholders)\n`,
    );
  }
  return report.result === "pass" ? EXIT.ok : EXIT.failure;
}
