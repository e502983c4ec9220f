// `o365r terraform-setup`: argument parsing only; the work is in ../handlers/terraform-setup.ts.
import type { Command } from "commander";
import { run } from "./run.js";

export function registerTerraformSetup(program: Command): void {
  program
    .command("terraform-setup")
    .description(
      "Make the o365reseller provider findable by OpenTofu/Terraform: a launcher, a filesystem mirror and CLI configurations.",
    )
    .option("--dir <dir>", "where to write them (default: $XDG_CONFIG_HOME/o365-reseller/terraform)")
    .option(
      "--dev-overrides",
      "print the dev_overrides configuration (plan/apply without init) instead of the filesystem-mirror one",
    )
    .addHelpText(
      "after",
      `
Example:
  eval "$(o365r terraform-setup)" && tofu init && tofu plan
  eval "$(o365r terraform-setup --dev-overrides)" && tofu plan     # no init (OpenTofu refuses it then)

stdout is one line, export TF_CLI_CONFIG_FILE=…: by default DIR/tofurc, whose filesystem_mirror lets
init install the provider offline; with --dev-overrides DIR/dev-overrides.tofurc. Both are written
every time. The launcher runs the provider with the Node running this command.
Exit codes: 0 written, 1 the files could not be written, 2 usage error (Node older than 22).`,
    )
    .action(async (opts: { dir?: string; devOverrides?: boolean }) => {
      await run(async (io) => {
        const { runTerraformSetup } = await import("../handlers/terraform-setup.js");
        return runTerraformSetup({ dir: opts.dir, devOverrides: opts.devOverrides }, io);
      });
    });
}
