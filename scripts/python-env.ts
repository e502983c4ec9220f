/**
 * The Python the native provider's e2e test runs a Pulumi program with: a venv holding Pulumi's Python
 * SDK from the package index (test/e2e/python/requirements.txt), made once per machine and kept beside
 * the engines (`<engine cache>/python-<hash of the requirements and the Python version>/`), like them.
 * The generated SDK (sdk/python) is installed by the test itself, from the repository, each run.
 *
 *   npx tsx scripts/python-env.ts     # prints the venv's python
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { engineCacheRoot, exists, lock, REPO_ROOT, runStreaming } from "./engines.js";

export const REQUIREMENTS = join(REPO_ROOT, "test", "e2e", "python", "requirements.txt");
const MIN_PYTHON: [number, number] = [3, 9];

/** `python3` on PATH and its version, or why it cannot be used. */
export function findPython(env: NodeJS.ProcessEnv = process.env): { python: string; version: string } {
  const python = env.O365R_PYTHON || "python3";
  const r = spawnSync(python, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], {
    encoding: "utf8",
    env,
  });
  if (r.status !== 0)
    throw new Error(`${python} is not available to make the e2e test's Python venv (set O365R_PYTHON).`);
  const version = r.stdout.trim();
  const [major, minor] = version.split(".").map(Number) as [number, number];
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]))
    throw new Error(
      `${python} is Python ${version}; Pulumi's Python SDK needs ${MIN_PYTHON.join(".")} or newer.`,
    );
  return { python, version };
}

/** The venv's python, made (about a minute: Pulumi's SDK and grpcio from the package index) if missing. */
export async function ensurePythonEnv(
  log: (line: string) => void = (l) => process.stderr.write(`[python] ${l}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const { python, version } = findPython(env);
  const requirements = await readFile(REQUIREMENTS);
  const hash = createHash("sha256").update(requirements).update(version).digest("hex").slice(0, 12);
  const dir = join(engineCacheRoot(env), `python-${hash}`);
  const bin = join(dir, "venv", "bin", "python");
  // Written last: a venv cut off half-made (a killed run) is made again.
  const ready = join(dir, "ready");
  if (await exists(ready)) return bin;
  await mkdir(dir, { recursive: true });
  const release = await lock(join(dir, ".lock"), log, "python venv");
  try {
    if (await exists(ready)) return bin;
    const t0 = Date.now();
    // A venv records its own path: it is made where it stays.
    const venv = join(dir, "venv");
    await rm(venv, { recursive: true, force: true });
    log(
      `making a Python ${version} venv with Pulumi's Python SDK (${REQUIREMENTS}), once per machine: ${dir}`,
    );
    const quiet = { cwd: REPO_ROOT, env, onStdout: () => {}, onStderr: log };
    await runStreaming(python, ["-m", "venv", venv], quiet);
    await runStreaming(
      bin,
      ["-m", "pip", "--disable-pip-version-check", "install", "-q", "-r", REQUIREMENTS],
      quiet,
    );
    await writeFile(ready, `${new Date().toISOString()}\n`);
    log(`ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return bin;
  } finally {
    await release();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await ensurePythonEnv()}\n`);
}
