/**
 * The native provider as a Pulumi plugin tarball, for `pulumi plugin install`:
 *
 *   npm run plugin:pack [-- OUTDIR]     # writes OUTDIR/pulumi-resource-o365reseller-vVERSION-OS-ARCH.tar.gz
 *   pulumi plugin install resource o365reseller VERSION --file OUTDIR/pulumi-resource-o365reseller-v….tar.gz
 *
 * The tarball needs only Node.js >= 22 where it runs (no npm install): the plugin is one ES module
 * bundled by esbuild with everything it imports (the core, the API client, grpc-js and the protocol's
 * message classes from @pulumi/pulumi), a package.json naming its version, the Node version check the
 * package's own launchers use (bin/runtime.js), and the executable the engine starts,
 * `pulumi-resource-o365reseller`: a shell script that execs $O365R_NODE, else `node` on PATH.
 * Nothing in it depends on the machine it was built on, so one tarball serves every Linux and macOS
 * machine of its OS/arch name (the name is what `pulumi plugin install` expects, not a build target).
 */
import { spawnSync } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { packageVersion } from "../provider/package-info.js";
import { REPO_ROOT } from "./engines.js";

export const PLUGIN_BINARY = "pulumi-resource-o365reseller";

/** Pulumi's names for the machine (`linux-amd64`, `darwin-arm64`), as plugin tarballs are named. */
export function pluginPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return `${os}-${arch}`;
}

const LAUNCHER = `#!/bin/sh
# The o365reseller Pulumi provider plugin: the engine starts this file. It runs the bundled plugin
# with $O365R_NODE, else the \`node\` on PATH (Node.js >= 22; the plugin says so when it is older).
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "\${O365R_NODE:-node}" "$dir/lib/start.js" "$@"
`;

const START = `// Checks the Node version before the bundle loads (it needs Node >= 22), then serves the plugin.
// Most of the start-up is compiling the bundle: V8's code for it is kept in Node's compile cache (in
// the temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off), written once the port line is out, since
// the engine kills the plugin rather than letting it exit.
import module from "node:module";
import { requireNode } from "./runtime.js";

requireNode("${PLUGIN_BINARY}");
module.enableCompileCache?.();
const { main } = await import("./plugin.js");
await main(process.argv);
module.flushCompileCache?.();
`;

/** Builds the tarball into `outdir`; returns its path. */
export async function packPlugin(outdir: string = join(REPO_ROOT, "dist-plugin")): Promise<string> {
  const version = packageVersion();
  const stage = await mkdtemp(join(tmpdir(), "o365r-plugin-"));
  try {
    const lib = join(stage, "lib");
    await mkdir(lib, { recursive: true });
    await build({
      entryPoints: [join(REPO_ROOT, "provider", "pulumi-native", "main.ts")],
      outfile: join(lib, "plugin.js"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      // The CommonJS modules inside (grpc-js, the protocol's message classes) require Node's built-ins.
      banner: {
        js: 'import { createRequire as __o365rRequire } from "node:module"; const require = __o365rRequire(import.meta.url);',
      },
      legalComments: "none",
      logLevel: "warning",
    });
    await copyFile(join(REPO_ROOT, "bin", "runtime.js"), join(lib, "runtime.js"));
    await writeFile(join(lib, "start.js"), START);
    // packageRoot() finds the version here (the package's name marks its root).
    await writeFile(
      join(stage, "package.json"),
      `${JSON.stringify({ name: "o365-reseller", version, private: true, type: "module" }, null, 2)}\n`,
    );
    await writeFile(join(stage, PLUGIN_BINARY), LAUNCHER);
    await chmod(join(stage, PLUGIN_BINARY), 0o755);
    await mkdir(outdir, { recursive: true });
    const tarball = join(resolve(outdir), `${PLUGIN_BINARY}-v${version}-${pluginPlatform()}.tar.gz`);
    const tar = spawnSync("tar", ["-czf", tarball, "-C", stage, PLUGIN_BINARY, "package.json", "lib"], {
      encoding: "utf8",
    });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    return tarball;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tarball = await packPlugin(process.argv[2]);
  process.stdout.write(`${tarball}\n`);
}
