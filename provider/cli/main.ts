// The `o365r` command: argument parsing only. Each command's work lives in its own module.
import { setFlagsFromString } from "node:v8";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { packageVersion } from "../package-info.js";
import { registerAccounts } from "./commands/accounts.js";
import { registerAdopt } from "./commands/adopt.js";
import { registerApiCheck } from "./commands/api-check.js";
import { registerDrift } from "./commands/drift.js";
import { registerInventory } from "./commands/inventory.js";
import { registerPlanSummary } from "./commands/plan-summary.js";
import { registerTerraformSetup } from "./commands/terraform-setup.js";
import { registerWindows } from "./commands/windows.js";
import { EXIT } from "./lib/errors.js";

/**
 * The peak memory of a fleet scan. A scan keeps every tenant and subscription it reads, so many young
 * objects survive each scavenge and V8 doubles its young generation again and again; that memory stays
 * with the process until it ends (10–20 MB of the peak of a 1000-tenant inventory, bench/scan.ts). A
 * growth factor of 1 keeps the young generation at its start size. o365r waits on the API (60 requests a
 * minute per credential), so the extra scavenges cost nothing a user sees. Set as the CLI loads, before
 * the commands' modules; V8 reads it at each growth decision. Only for the V8 versions checked to know
 * the flag (an unknown one would print an error).
 */
function keepYoungGenerationSmall(): void {
  const major = Number(process.versions.v8.split(".")[0]);
  if (major >= 12 && major <= 14) setFlagsFromString("--semi-space-growth-factor=1");
}
keepYoungGenerationSmall();

/** Exit codes: 0 success, 1 external failure (API, files), 2 drift found, 64 usage error. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name("o365r")
    .description("Inventory, drift and plan summaries for OVHcloud Office 365 Reseller (CSP2) accounts.")
    .version(packageVersion(), "-V, --version", "print the version of o365r (the o365-reseller package)")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("emulator")
    .description("Serve a local stand-in for the OVHcloud API on 127.0.0.1 (the API lives under /1.0).")
    .option("--port <n>", "TCP port (0 or absent: any free port)", parsePort)
    .option("--data <dir>", "directory that keeps the emulator's state across restarts (default: a temp dir)")
    .option("--demo", "seed a demo reseller account and print its credentials as OVH_*= lines on stderr")
    .addHelpText(
      "after",
      "\nExample:\n  o365r emulator --demo --data ./.emulator\n\nThe first line on stdout is the base URL, a valid OVH_ENDPOINT.",
    )
    .action(async (opts: { port?: number; data?: string; demo?: boolean }) => {
      const { runEmulatorCommand } = await import("../../emulator/cli.js");
      await runEmulatorCommand(opts);
    });

  registerAccounts(program);
  registerApiCheck(program);
  registerInventory(program);
  registerDrift(program);
  registerPlanSummary(program);
  registerWindows(program);
  registerAdopt(program);
  registerTerraformSetup(program);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; everything else commander reports is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    process.stderr.write(`o365r: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(`must be a whole number from 0 to 65535, got "${value}".`);
  }
  return port;
}
