// `o365r terraform-setup`: argument parsing only; the work is in ../handlers/terraform-setup.ts.
import type { Command } from "commander";
import { run } from "./run.js";

export function registerTerraformSetup(program: Command): void {
  program
    .command("terraform-setup")
    .description(
      "Make the o365reseller provider findable by OpenTofu/Terraform: a launcher and a CLI configuration with dev_overrides.",
    )
    .option("--dir <dir>", "where to write them (default: $XDG_CONFIG_HOME/o365-reseller/terraform)")
    .addHelpText(
      "after",
      `
Example:
  eval "$(o365r terraform-setup)" && tofu plan

stdout is one line, export TF_CLI_CONFIG_FILE=…; the launcher runs the provider with the Node running
this command. Exit codes: 0 written, 1 the files could not be written, 2 usage error (Node older than 22).`,
    )
    .action(async (opts: { dir?: string }) => {
      await run(async (io) => {
        const { runTerraformSetup } = await import("../handlers/terraform-setup.js");
        return runTerraformSetup({ dir: opts.dir }, io);
      });
    });
}
