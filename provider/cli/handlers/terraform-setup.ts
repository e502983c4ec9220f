// `o365r terraform-setup`: makes this package's provider findable by OpenTofu/Terraform. It writes a
// launcher named as engines expect (`terraform-provider-o365reseller`) that runs the provider with the
// Node running this command (the provider needs Node >= 22; a system `node` may be older), and a CLI
// configuration whose dev_overrides point at it. Engines then run `plan`/`apply` without `init`.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { usageError } from "../lib/errors.js";
import type { CliIo } from "../lib/io.js";

/** The provider source address as HCL writes it; each engine applies its own default registry host. */
export const PROVIDER_SOURCE = "o365-reseller/o365reseller";
export const PROVIDER_BINARY = "terraform-provider-o365reseller";

export interface TerraformSetupOptions {
  dir?: string | undefined;
}

export async function runTerraformSetup(opts: TerraformSetupOptions, io: CliIo): Promise<number> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    throw usageError(
      `the provider needs Node.js 22 or newer, and this is ${process.version}: run o365r with a newer Node.`,
    );
  }
  const dir = resolve(io.cwd, opts.dir ?? defaultDir(io.env));
  const binDir = join(dir, "bin");
  const launcher = join(packageRoot(), "bin", `${PROVIDER_BINARY}.js`);
  await mkdir(binDir, { recursive: true });

  const wrapper = join(binDir, PROVIDER_BINARY);
  // exec: the engine stops providers with SIGKILL, which must reach Node, not an orphaned shell.
  await writeFile(wrapper, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(launcher)} "$@"\n`);
  await chmod(wrapper, 0o755);

  const config = join(dir, "tofurc");
  await writeFile(config, cliConfig(binDir));

  io.stdout.write(`export TF_CLI_CONFIG_FILE=${shellQuote(config)}\n`);
  io.stderr.write(
    `o365r: wrote ${wrapper} and ${config}.\n` +
      "o365r: with TF_CLI_CONFIG_FILE set (eval the line above), `tofu plan` / `terraform plan` find the\n" +
      `o365r: provider "${PROVIDER_SOURCE}" without \`init\` (engines warn that a development override is in effect).\n`,
  );
  return 0;
}

/** The CLI configuration: our provider from the launcher's directory, every other provider as usual. */
export function cliConfig(binDir: string): string {
  return [
    "# Written by `o365r terraform-setup`.",
    "provider_installation {",
    "  dev_overrides {",
    `    ${JSON.stringify(PROVIDER_SOURCE)} = ${JSON.stringify(binDir)}`,
    "  }",
    "  direct {}",
    "}",
    "",
  ].join("\n");
}

function defaultDir(env: Record<string, string | undefined>): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== "" ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "o365-reseller", "terraform");
}

/** The directory of this package's package.json, from the sources or from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "o365-reseller"
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("o365-reseller's package.json was not found above the CLI.");
    dir = parent;
  }
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
