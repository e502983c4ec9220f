// `o365r terraform-setup`: makes this package's provider findable by OpenTofu/Terraform. It writes a
// launcher named as engines expect (`terraform-provider-o365reseller`), an unpacked filesystem mirror
// holding it (`mirror/HOST/o365-reseller/o365reseller/VERSION/OS_ARCH/…`), and two CLI configurations:
// `tofurc` installs our provider from the mirror (`init` works, offline, and records it in
// .terraform.lock.hcl), `dev-overrides.tofurc` points dev_overrides at the launcher (`plan`/`apply`
// without `init`; OpenTofu refuses `init` for overridden providers). TF_CLI_CONFIG_FILE replaces the
// user's own CLI configuration (~/.tofurc, ~/.terraformrc), so its settings are carried into both files.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, chmod, mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { packageRoot, packageVersion } from "../../package-info.js";
import { externalError } from "../lib/errors.js";
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
  /** Also append `TF_CLI_CONFIG_FILE=…` to this file (a CI runner's environment file, e.g. $GITHUB_ENV). */
  envFile?: string | undefined;
}

export async function runTerraformSetup(opts: TerraformSetupOptions, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, opts.dir ?? defaultDir(io.env));
  const root = packageRoot();
  const version = packageVersion();
  const binDir = join(dir, "bin");
  await mkdir(binDir, { recursive: true });

  const wrapper = join(binDir, PROVIDER_BINARY);
  await writeExecutable(wrapper, launcherScript(root));

  // The mirror's copy only execs the launcher above, by absolute path: its content (which `tofu init`
  // hashes into .terraform.lock.hcl) stays the same whatever the launcher runs.
  const mirrorDir = join(dir, "mirror");
  const target = platformTarget();
  for (const host of DEFAULT_PROVIDER_HOSTS) {
    const file = join(mirrorDir, ...mirrorPath(host, version, target));
    await mkdir(dirname(file), { recursive: true });
    await writeExecutable(file, `#!/bin/sh\nexec ${shellQuote(wrapper)} "$@"\n`);
  }

  const mirrorConfig = join(dir, "tofurc");
  const devConfig = join(dir, "dev-overrides.tofurc");
  const own = userCliConfig(io.env, [mirrorConfig, devConfig]);
  if (own && /^\s*provider_installation\b/m.test(own.text)) {
    throw externalError(
      `${own.file} has a provider_installation block of its own, which TF_CLI_CONFIG_FILE would replace. ` +
        `Add to it, first: filesystem_mirror { path = ${JSON.stringify(mirrorDir)} include = [${JSON.stringify(PROVIDER_SOURCE)}] }, ` +
        `and exclude = [${JSON.stringify(PROVIDER_SOURCE)}] in its direct block; then run tofu init without TF_CLI_CONFIG_FILE ` +
        `(the launcher and the mirror are written).`,
    );
  }
  // The user's own settings (credentials, plugin cache, …) come along: mode 0600, as they may hold tokens.
  const carried = own ? carriedSettings(own) : "";
  await writeFile(mirrorConfig, mirrorCliConfig(mirrorDir) + carried, { mode: 0o600 });
  await writeFile(devConfig, cliConfig(binDir) + carried, { mode: 0o600 });
  await chmod(mirrorConfig, 0o600);
  await chmod(devConfig, 0o600);

  const chosen = opts.devOverrides ? devConfig : mirrorConfig;
  if (opts.envFile !== undefined) {
    const envFile = resolve(io.cwd, opts.envFile);
    try {
      await appendFile(envFile, `TF_CLI_CONFIG_FILE=${chosen}\n`);
    } catch (error) {
      throw externalError(
        `cannot append to ${envFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      );
    }
  }
  io.stdout.write(`export TF_CLI_CONFIG_FILE=${shellQuote(chosen)}\n`);
  io.stderr.write(
    `o365r: wrote ${wrapper}, the filesystem mirror ${mirrorDir} (version ${version}, ${target}),\n` +
      `o365r: ${mirrorConfig} (filesystem mirror) and ${devConfig} (dev_overrides).\n` +
      (own
        ? `o365r: both carry the settings of ${own.file}; run terraform-setup again after changing it.\n`
        : "") +
      (opts.envFile !== undefined ? `o365r: appended TF_CLI_CONFIG_FILE to ${opts.envFile}.\n` : "") +
      (opts.devOverrides
        ? "o365r: with TF_CLI_CONFIG_FILE set (eval the line above), `tofu plan` / `terraform plan` find the\n" +
          `o365r: provider "${PROVIDER_SOURCE}" without \`init\` (engines warn that a development override is in effect;\n` +
          "o365r: OpenTofu refuses `init` for it: configurations with a backend or other providers use the mirror).\n"
        : "o365r: with TF_CLI_CONFIG_FILE set (eval the line above), `tofu init` / `terraform init` install the\n" +
          `o365r: provider "${PROVIDER_SOURCE}" from the mirror, offline, and record it in .terraform.lock.hcl.\n`),
  );
  const node = launcherNode(root, io.env);
  if (node.major !== undefined && node.major < 22) {
    io.stderr.write(
      `o365r: warning: the launcher would start the provider with ${node.path} (Node.js ${node.version}), and it needs Node.js 22 or newer:\n` +
        "o365r: put a Node.js >= 22 first on PATH, or set O365R_NODE to one, where tofu/terraform run.\n",
    );
  }
  return 0;
}

/**
 * The launcher: which Node runs the provider is decided each time it starts, not when it was written,
 * so that it never points at a Node that has since gone (another checkout's node_modules, an old
 * version-manager install): $O365R_NODE, else the Node of the project this package is installed in
 * (the nearest node_modules/.bin/node above it: the npm package `node`, as this repository brings),
 * else `node` on PATH. The provider says plainly when that Node is older than 22. `exec`, so that the
 * engine's SIGKILL reaches Node, not an orphaned shell.
 */
export function launcherScript(root: string): string {
  const candidates = projectNodes(root);
  return [
    "#!/bin/sh",
    "# Written by `o365r terraform-setup`: starts the o365reseller provider of",
    `# ${root}`,
    "# with $O365R_NODE, else the Node of the project it is installed in, else `node` on PATH (Node.js >= 22).",
    'node="$O365R_NODE"',
    ...candidates.map((c) => `[ -n "$node" ] || { [ -x ${shellQuote(c)} ] && node=${shellQuote(c)}; }`),
    '[ -n "$node" ] || node=node',
    `exec "$node" ${shellQuote(join(root, "bin", `${PROVIDER_BINARY}.js`))} "$@"`,
    "",
  ].join("\n");
}

/** `node_modules/.bin/node` in the package's directory and each one above it, nearest first. */
function projectNodes(root: string): string[] {
  const out: string[] = [];
  for (let dir = root; ; dir = dirname(dir)) {
    if (!dir.endsWith("/node_modules")) out.push(join(dir, "node_modules", ".bin", "node"));
    if (dirname(dir) === dir) return out;
  }
}

/** The Node the launcher would run now, with this environment (for the warning at setup time). */
function launcherNode(
  root: string,
  env: Record<string, string | undefined>,
): { path: string; version: string; major: number | undefined } {
  const path =
    env.O365R_NODE || projectNodes(root).find((c) => existsSync(c)) || whichNode(env.PATH ?? "") || "node";
  const r = spawnVersion(path);
  const major = r ? Number(/^v(\d+)/.exec(r)?.[1]) : undefined;
  return { path, version: r ?? "unknown", major: Number.isFinite(major) ? major : undefined };
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

function defaultDir(env: Record<string, string | undefined>): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== "" ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "o365-reseller", "terraform");
}

/** The CLI configuration the engines read when TF_CLI_CONFIG_FILE is not set (or the one it names). */
export function userCliConfig(
  env: Record<string, string | undefined>,
  ours: readonly string[],
  home: string = env.HOME || homedir(),
): { file: string; text: string } | undefined {
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== "" ? env.XDG_CONFIG_HOME : join(home, ".config");
  const candidates = [
    env.TF_CLI_CONFIG_FILE,
    join(home, ".tofurc"),
    join(xdg, "opentofu", "tofurc"),
    join(home, ".terraformrc"),
  ];
  for (const file of candidates) {
    if (!file || ours.includes(resolve(file))) continue;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // not there
    }
    // One written by an earlier terraform-setup (another --dir) is ours, not the user's.
    if (!text.startsWith("# Written by `o365r terraform-setup")) return { file, text };
  }
  return undefined;
}

function carriedSettings(own: { file: string; text: string }): string {
  return [
    "",
    `# The settings of ${own.file}, carried over by \`o365r terraform-setup\` (TF_CLI_CONFIG_FILE replaces`,
    "# that file): run it again after changing them there.",
    own.text.trimEnd(),
    "",
  ].join("\n");
}

function whichNode(pathVar: string): string | undefined {
  for (const dir of pathVar.split(":")) {
    if (dir !== "" && existsSync(join(dir, "node"))) return join(dir, "node");
  }
  return undefined;
}

function spawnVersion(node: string): string | undefined {
  const r = spawnSync(node, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
