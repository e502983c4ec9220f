// `o365r adopt`: code that declares what no state declares. The scan and the "unmanaged" decision are
// the same as drift's (provider/resources/drift.ts); the emitters print the result for Pulumi, HCL or
// CDKTF. Written to stdout, or to --out FILE.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { detectDrift } from "../../resources/drift.js";
import { emitHcl } from "../codegen/hcl.js";
import { adoptModel, counts } from "../codegen/model.js";
import { emitCdktf, emitPulumi } from "../codegen/typescript.js";
import { selectAccounts } from "../lib/accounts.js";
import { EXIT, externalError } from "../lib/errors.js";
import { type CliIo, say } from "../lib/io.js";
import { accountError, allFailed, scanProgress } from "../lib/progress.js";
import { type AccountScan, observed, scanAccounts } from "../lib/scan.js";
import { readStates } from "../states/read.js";
import type { HandlerDeps } from "./inventory.js";

export type AdoptFormat = "pulumi" | "hcl" | "cdktf";
export const ADOPT_FORMATS: readonly AdoptFormat[] = ["pulumi", "hcl", "cdktf"];

export interface AdoptOptions {
  format: AdoptFormat;
  state: string[];
  accounts?: string | undefined;
  account?: string[] | undefined;
  out?: string | undefined;
  quiet?: boolean | undefined;
}

export async function runAdopt(options: AdoptOptions, io: CliIo, deps: HandlerDeps = {}): Promise<number> {
  const { declared } = readStates(options.state);
  const selection = selectAccounts(options, io);
  const progress = scanProgress(io, selection.accounts.length, options.quiet === true);
  let scans: AccountScan[];
  try {
    scans = await scanAccounts(selection.accounts, io, {
      ...progress.hooks,
      parents: true,
      makeApi: deps.makeApi,
    });
  } finally {
    progress.stop();
  }
  const report = detectDrift(declared, observed(scans));
  const model = adoptModel(scans, report.unmanaged, io.now());
  const code =
    options.format === "hcl"
      ? emitHcl(model)
      : options.format === "cdktf"
        ? emitCdktf(model)
        : emitPulumi(model);
  // When nothing could be scanned there is no code to give: stdout stays empty, an --out file as it was.
  if (allFailed(scans)) {
    for (const scan of scans) say(io, accountError(scan));
    return EXIT.failure;
  }
  if (options.out !== undefined) {
    const path = resolve(io.cwd, options.out);
    try {
      writeFileSync(path, code);
    } catch (error) {
      throw externalError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
  } else {
    io.stdout.write(code);
  }
  const failed = scans.filter((s) => s.error !== undefined);
  for (const scan of failed) say(io, accountError(scan));
  if (!options.quiet) {
    const n = counts(model);
    say(
      io,
      `${n.tenants} tenant(s) and ${n.subscriptions} subscription(s) to adopt${options.out ? `, written to ${options.out}` : ""}${options.state.length === 0 ? " (no --state given: everything live counts as unmanaged)" : ""}.`,
    );
  }
  return failed.length > 0 ? EXIT.failure : EXIT.ok;
}
