/**
 * The native provider's package schema and the SDKs generated from it (issue 13):
 *
 *   npm run sdk:generate            # writes sdk/schema.json, sdk/nodejs (o365-reseller/native), sdk/python
 *   npm run sdk:generate -- <dir>   # elsewhere (the e2e staleness test compares the two)
 *
 * The schema comes from the core's field metadata (provider/pulumi-native/schema.ts). The SDKs come
 * from Pulumi's own generators (pkg/v3/codegen/nodejs and .../python), run by a small Go tool
 * (tools/pulumi-codegen) built against the same pkg/v3 as the engine: `pulumi package gen-sdk` would
 * need the language plugins, which cannot be built here. The tool is built once per machine and kept
 * beside the engines (`<engine cache>/pulumi-codegen-<hash of its sources>/`), like them.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packageVersion } from "../provider/package-info.js";
import { packageSchema } from "../provider/pulumi-native/schema.js";
import { engineCacheRoot, exists, goProblem, lock, REPO_ROOT, runStreaming } from "./engines.js";

export const SDK_DIR = join(REPO_ROOT, "sdk");
const TOOL_DIR = join(REPO_ROOT, "tools", "pulumi-codegen");

/** The schema as committed: sdk/schema.json. */
export function schemaText(): string {
  return `${JSON.stringify(packageSchema(packageVersion()), null, 2)}\n`;
}

/** The built generator: cached under a name that changes with its sources (main.go, go.mod, go.sum). */
export async function ensureCodegenTool(
  log: (line: string) => void = (l) => process.stderr.write(`[sdk] ${l}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const hash = createHash("sha256");
  for (const f of ["main.go", "go.mod", "go.sum"]) hash.update(await readFile(join(TOOL_DIR, f)));
  const dir = join(engineCacheRoot(env), `pulumi-codegen-${hash.digest("hex").slice(0, 12)}`);
  const bin = join(dir, "pulumi-codegen");
  if (await exists(bin)) return bin;
  const noGo = goProblem(TOOL_DIR, env);
  if (noGo !== null) throw new Error(`tools/pulumi-codegen cannot be built here: ${noGo}.`);
  await mkdir(dir, { recursive: true });
  const release = await lock(join(dir, ".lock"), log, "pulumi-codegen");
  try {
    if (await exists(bin)) return bin;
    log(
      "building tools/pulumi-codegen (Pulumi's SDK generators, from the engine's Go module): about 3 minutes on 2 cores the first time, seconds once the engine is built",
    );
    const t0 = Date.now();
    const tmp = join(dir, `.pulumi-codegen.tmp-${process.pid}`);
    const goEnv = {
      ...env,
      CGO_ENABLED: "0",
      GOFLAGS: [env.GOFLAGS ?? "", "-mod=readonly"].join(" ").trim(),
    };
    // The engine's build tags: the packages both link are compiled once, for both.
    const args = [
      "build",
      "-p",
      "2",
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      "-s -w",
      "-o",
      tmp,
      ".",
    ];
    await runStreaming("go", args, { cwd: TOOL_DIR, env: goEnv, onStdout: log, onStderr: log });
    await rename(tmp, bin);
    log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${bin}`);
    return bin;
  } finally {
    await release();
  }
}

/**
 * Writes schema.json, nodejs/ and python/ into `outdir` (the repository's sdk/ by default), each SDK
 * directory replaced whole. Returns the files written, relative to `outdir`, sorted.
 */
export async function generateSdks(outdir: string = SDK_DIR, tool?: string): Promise<string[]> {
  const codegen = tool ?? (await ensureCodegenTool());
  const target = resolve(outdir);
  await mkdir(target, { recursive: true });
  const schemaFile = join(target, "schema.json");
  await writeFile(schemaFile, schemaText());
  const work = await mkdtemp(join(tmpdir(), "o365r-sdk-"));
  try {
    const r = spawnSync(
      codegen,
      ["-schema", schemaFile, "-nodejs", join(work, "nodejs"), "-python", join(work, "python")],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`pulumi-codegen failed (${r.status}):\n${r.stderr}`);
    // The Python project's readme (pyproject: readme = "README.md") sits in the package directory only.
    await cp(join(work, "python", "pulumi_o365reseller", "README.md"), join(work, "python", "README.md"));
    for (const sdk of ["nodejs", "python"]) {
      await rm(join(target, sdk), { recursive: true, force: true });
      await cp(join(work, sdk), join(target, sdk), { recursive: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return (await listFiles(target)).map((f) => relative(target, f)).sort();
}

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await generateSdks(process.argv[2] ?? SDK_DIR);
  process.stdout.write(`${files.length} files in ${process.argv[2] ?? relative(process.cwd(), SDK_DIR)}\n`);
}
