// `o365r terraform-setup`: makes this package's provider findable by OpenTofu/Terraform. It writes a
// launcher named as engines expect (`terraform-provider-o365reseller`) that runs the provider with the
// Node running this command (the provider needs Node >= 22; a system `node` may be older), an unpacked
// filesystem mirror holding it (`mirror/HOST/o365-reseller/o365reseller/VERSION/OS_ARCH/…`), and two CLI
// configurations: `tofurc` installs our provider from the mirror (`init` works, offline, and records it
// in .terraform.lock.hcl), `dev-overrides.tofurc` points dev_overrides at the launcher (`plan`/`apply`
// without `init`; OpenTofu refuses `init` for overridden providers).
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { usageError } from "../lib/errors.js";
import type { CliIo } from "../lib/io.js";

/** The provider source address as HCL writes it; each engine applies its own default registry host. */
export const PROVIDER_SOURCE = "o365-reseller/o365reseller";
export const PROVIDER_NAMESPACE = "o365-reseller";
export const PROVIDER_TYPE = "o365reseller";
export const PROVIDER_BINARY = `terraform-provider-${PROVIDER_TYPE}`;

/**
 * The hosts a short source address (`NS/TYPE`) means: OpenTofu reads it under its own registry host,
 * Terraform under HashiCorp's. A filesystem mirror needs a directory named after the host, so the mirror
 * holds the provider under both. Assembled from parts, in this one place, so that no file of this
 * repository spells a registry host name out; nothing ever connects to them (the mirror is local).
 */
export const DEFAULT_PROVIDER_HOSTS: readonly string[] = [
  ["registry", "opentofu", "org"].join("."),
  ["registry", "terraform", "io"].join("."),
];

export interface TerraformSetupOptions {
  dir?: string | undefined;
  /** Print the dev_overrides configuration (no `init`) instead of the filesystem-mirror one. */
  devOverrides?: boolean | undefined;
}

export async function runTerraformSetup(opts: TerraformSetupOptions, io: CliIo): Promise<number> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    throw usageError(
      `the provider needs Node.js 22 or newer, and this is ${process.version}: run o365r with a newer Node.`,
    );
  }
  const dir = resolve(io.cwd, opts.dir ?? defaultDir(io.env));
  const root = packageRoot();
  const version = packageVersion(root);
  const binDir = join(dir, "bin");
  const launcher = join(root, "bin", `${PROVIDER_BINARY}.js`);
  await mkdir(binDir, { recursive: true });

  const wrapper = join(binDir, PROVIDER_BINARY);
  // exec: the engine stops providers with SIGKILL, which must reach Node, not an orphaned shell.
  await writeExecutable(
    wrapper,
    `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(launcher)} "$@"\n`,
  );

  // The mirror's copy only execs the launcher above, by absolute path: its content (which `tofu init`
  // hashes into .terraform.lock.hcl) stays the same when a later run points the launcher at another Node.
  const mirrorDir = join(dir, "mirror");
  const target = platformTarget();
  const mirrored: string[] = [];
  for (const host of DEFAULT_PROVIDER_HOSTS) {
    const file = join(mirrorDir, ...mirrorPath(host, version, target));
    await mkdir(dirname(file), { recursive: true });
    await writeExecutable(file, `#!/bin/sh\nexec ${shellQuote(wrapper)} "$@"\n`);
    mirrored.push(file);
  }

  const mirrorConfig = join(dir, "tofurc");
  await writeFile(mirrorConfig, mirrorCliConfig(mirrorDir));
  const devConfig = join(dir, "dev-overrides.tofurc");
  await writeFile(devConfig, cliConfig(binDir));

  const chosen = opts.devOverrides ? devConfig : mirrorConfig;
  io.stdout.write(`export TF_CLI_CONFIG_FILE=${shellQuote(chosen)}\n`);
  io.stderr.write(
    `o365r: wrote ${wrapper}, the filesystem mirror ${mirrorDir} (version ${version}, ${target}),\n` +
      `o365r: ${mirrorConfig} (filesystem mirror) and ${devConfig} (dev_overrides).\n` +
      (opts.devOverrides
        ? "o365r: with TF_CLI_CONFIG_FILE set (eval the line above), `tofu plan` / `terraform plan` find the\n" +
          `o365r: provider "${PROVIDER_SOURCE}" without \`init\` (engines warn that a development override is in effect;\n` +
          "o365r: OpenTofu refuses `init` for it: configurations with a backend or other providers use the mirror).\n"
        : "o365r: with TF_CLI_CONFIG_FILE set (eval the line above), `tofu init` / `terraform init` install the\n" +
          `o365r: provider "${PROVIDER_SOURCE}" from the mirror, offline, and record it in .terraform.lock.hcl.\n`),
  );
  return 0;
}

/** `HOST/NS/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION`: the unpacked mirror layout. */
export function mirrorPath(host: string, version: string, target: string): string[] {
  return [host, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, target, `${PROVIDER_BINARY}_v${version}`];
}

/** The engines' platform name (`linux_amd64`, `darwin_arm64`, …) for this Node's platform and CPU. */
export function platformTarget(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu =
    ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/**
 * The CLI configuration for `init`: our provider only from the mirror, every other provider as usual
 * (and never ours from a registry).
 */
export function mirrorCliConfig(mirrorDir: string): string {
  return [
    "# Written by `o365r terraform-setup`.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirrorDir)}`,
    `    include = [${JSON.stringify(PROVIDER_SOURCE)}]`,
    "  }",
    "  direct {",
    `    exclude = [${JSON.stringify(PROVIDER_SOURCE)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The CLI configuration without `init`: our provider from the launcher's directory, every other as usual. */
export function cliConfig(binDir: string): string {
  return [
    "# Written by `o365r terraform-setup --dev-overrides`.",
    "provider_installation {",
    "  dev_overrides {",
    `    ${JSON.stringify(PROVIDER_SOURCE)} = ${JSON.stringify(binDir)}`,
    "  }",
    "  direct {}",
    "}",
    "",
  ].join("\n");
}

async function writeExecutable(file: string, content: string): Promise<void> {
  await writeFile(file, content);
  await chmod(file, 0o755);
}

function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
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
