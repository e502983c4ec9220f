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
    .option(
      "--env-file <file>",
      "also append TF_CLI_CONFIG_FILE=… to this file (a CI runner's environment file, e.g. $GITHUB_ENV)",
    )
    .addHelpText(
      "after",
      `
Examples:
  eval "$(o365r terraform-setup)" && tofu init && tofu plan
  eval "$(o365r terraform-setup --dev-overrides)" && tofu plan     # no init (OpenTofu refuses it then)
  npx --yes --package o365-reseller o365r terraform-setup --env-file "$GITHUB_ENV"   # one CI step

stdout is one line, export TF_CLI_CONFIG_FILE=…: by default DIR/tofurc, whose filesystem_mirror lets
init install the provider offline; with --dev-overrides DIR/dev-overrides.tofurc. Both are written
every time, and carry the settings of your own CLI configuration (~/.tofurc, ~/.terraformrc, or the
file TF_CLI_CONFIG_FILE names), which TF_CLI_CONFIG_FILE would otherwise replace; one with its own
provider_installation block is refused, saying what to add to it. The launcher picks its Node each time
it starts: $O365R_NODE, else the Node of the project the package is installed in, else node on PATH
(Node.js 22 or newer).
Exit codes: 0 written, 1 the files could not be written or your CLI configuration has a
provider_installation block, 64 usage error.`,
    )
    .action(async (opts: { dir?: string; devOverrides?: boolean; envFile?: string }) => {
      await run(async (io) => {
        const { runTerraformSetup } = await import("../handlers/terraform-setup.js");
        return runTerraformSetup(
          { dir: opts.dir, devOverrides: opts.devOverrides, envFile: opts.envFile },
          io,
        );
      });
    });
}
