/**
 * Real engines for the e2e suite (issue 4): the Pulumi CLI and OpenTofu's `tofu`, found or built, and
 * Pulumi's YAML language host (issue 13: the one language host that builds here, for `pulumi import`
 * and programs the CLI runs by itself), named by O365R_PULUMI_LANGUAGE_YAML or built into the cache.
 *
 * `npm run engines` prints where they are; tests import `ensureEngines()`.
 *
 * Order, per engine:
 *  1. `O365R_PULUMI` / `O365R_TOFU` (and `O365R_PULUMI_LANGUAGE_NODEJS`): a binary the user names; used as is.
 *  2. The binary on PATH, if its version is accepted (see engines.versions.json).
 *  3. The cache, `${XDG_CACHE_HOME:-~/.cache}/o365-reseller/engines/<name>-<version>/`: instant when complete.
 *  4. `go build` of the pinned module from tools/<engine>/ (go.mod + go.sum), into the cache.
 *
 * Nothing here downloads a binary: the only network use is `go` fetching modules through the configured
 * Go module proxy. No binary is ever written inside the repository.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants as fsConstants, readFileSync, statSync } from "node:fs";
import { access, mkdir, readFile, realpath, rename, rm, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export type EngineName = "pulumi" | "tofu" | "pulumi-language-yaml";

export interface EngineSpec {
  version: string;
  /** About how long the first build takes on 2 cores with empty Go caches (measured; for the progress line). */
  buildMinutes?: number;
  module: string;
  package: string;
  binary: string;
  goModDir: string;
  tags: string[];
  ldflags: string[];
  env: string;
}

interface VersionsFile {
  engines: Record<EngineName, EngineSpec>;
}

/** How an engine binary was obtained. */
export type EngineSource = "env" | "path" | "cache" | "built";

export interface ResolvedEngine {
  name: EngineName;
  /** Absolute path of the binary. */
  path: string;
  /** Version the binary reports (without a leading "v"). */
  version: string;
  source: EngineSource;
  /** Seconds spent building (module download + compile); only for source "built". */
  buildSeconds?: { download: number; compile: number };
}

/** What running Pulumi programs needs: the Pulumi CLI and what it starts (`npm start` needs only this). */
export interface PulumiEngine {
  pulumi: ResolvedEngine;
  /** The Node language host, or null when none is available (see engines.versions.json, notBuilt). */
  pulumiLanguageNodejs: string | null;
  /** `pulumi-resource-pulumi-nodejs`, the dynamic provider shim shipped in @pulumi/pulumi. */
  pulumiNodejsProviderShim: string;
  /**
   * A directory of symlinks (pulumi, tofu, pulumi-language-nodejs when present) to put on PATH for the
   * engines: `<cache>/checkouts/<hash of this checkout's path>/bin`.
   */
  binDir: string;
  /** PATH for engine processes: the project's node_modules/.bin (Node >= 22), binDir, then the caller's PATH. */
  path: string;
  cacheDir: string;
}

export interface Engines extends PulumiEngine {
  tofu: ResolvedEngine;
  /**
   * Pulumi's YAML language host, beside the pulumi binary (or on binDir): the one language host this
   * machine can build, so that the CLI runs `pulumi import` and YAML programs by itself.
   */
  pulumiLanguageYaml: string;
}

export interface EnsureOptions {
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Environment to read overrides and PATH from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * false: only find engines (override, PATH, cache) and throw EngineNotAvailableError rather than
   * spend minutes building one. Default true.
   */
  build?: boolean;
}

/**
 * An engine that is neither given, on PATH nor cached, and cannot be built now: building was not
 * allowed ("not-built"), or Go (>= the go.mod's version) is not installed to build it ("no-go").
 */
export class EngineNotAvailableError extends Error {
  constructor(
    readonly engine: EngineName,
    readonly version: string,
    readonly reason: "not-built" | "no-go",
    detail = "",
  ) {
    super(
      reason === "no-go"
        ? `${engine} ${version} is not installed or cached, and it cannot be built here: ${detail} ` +
            `(no ${engine} CLI comes from npm; it is built from its Go module). Install Go, or set ` +
            `${ENGINE_ENV[engine]} to a ${engine} binary.`
        : `${engine} ${version} is not installed or cached; \`npm run engines\` builds it.`,
    );
    this.name = "EngineNotAvailableError";
  }
}

/** The variable naming a binary of each engine (engines.versions.json says the same). */
const ENGINE_ENV: Record<EngineName, string> = {
  pulumi: "O365R_PULUMI",
  tofu: "O365R_TOFU",
  "pulumi-language-yaml": "O365R_PULUMI_LANGUAGE_YAML",
};

export async function readEngineSpecs(): Promise<Record<EngineName, EngineSpec>> {
  const text = await readFile(join(REPO_ROOT, "engines.versions.json"), "utf8");
  return (JSON.parse(text) as VersionsFile).engines;
}

/** `${XDG_CACHE_HOME:-~/.cache}/o365-reseller/engines` */
export function engineCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "o365-reseller", "engines");
}

/** The Pulumi CLI and the Node plugins it starts; found, or built from its Go module (about 5 minutes). */
export async function ensurePulumiEngine(options: EnsureOptions = {}): Promise<PulumiEngine> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;
  const specs = await readEngineSpecs();
  const cacheDir = engineCacheRoot(env);
  const pulumi = await ensureEngine("pulumi", specs.pulumi, {
    env,
    log,
    cacheDir,
    build: options.build ?? true,
  });

  const shim = join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  if (!(await isExecutable(shim))) {
    throw new Error(
      `${shim} is missing or not executable: run \`npm ci\` first (it ships in @pulumi/pulumi).`,
    );
  }
  const languageHost = await findLanguageHost(env, pulumi.path);
  if (languageHost === null) {
    log(
      "pulumi-language-nodejs: none available (not served by the Go module proxy here; see engines.versions.json). " +
        "Programs run inline through the Automation API language server.",
    );
  }

  // Per checkout (its node_modules/.bin comes first on PATH) and per cache (a test's own cache gets its own).
  const checkout = createHash("sha256").update(REPO_ROOT).digest("hex").slice(0, 12);
  const binDir = join(cacheDir, "checkouts", checkout, "bin");
  await mkdir(binDir, { recursive: true });
  await linkInto(binDir, "pulumi", pulumi.path);
  // Pulumi looks for its bundled plugins beside its own binary, and warns ("using … from $PATH") on
  // every step when it finds one elsewhere on PATH: the shim goes beside a binary we built, as a
  // Pulumi release ships it. Only a binary of the user's own without it gets one on PATH.
  if (await placeBesideBinary(pulumi, shim)) await rm(join(binDir, SHIM), { force: true });
  else await linkInto(binDir, SHIM, shim);
  if (languageHost !== null) await linkInto(binDir, "pulumi-language-nodejs", languageHost);
  else await rm(join(binDir, "pulumi-language-nodejs"), { force: true });

  const path = [join(REPO_ROOT, "node_modules", ".bin"), binDir, env.PATH ?? ""].join(delimiter);
  return {
    pulumi,
    pulumiLanguageNodejs: languageHost,
    pulumiNodejsProviderShim: shim,
    binDir,
    path,
    cacheDir,
  };
}

/** Both engines, for the e2e suite: Pulumi as ensurePulumiEngine gives it, and OpenTofu's `tofu`. */
export async function ensureEngines(options: EnsureOptions = {}): Promise<Engines> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;
  const pulumi = await ensurePulumiEngine({ ...options, env, log });
  const specs = await readEngineSpecs();
  const tofu = await ensureEngine("tofu", specs.tofu, {
    env,
    log,
    cacheDir: pulumi.cacheDir,
    build: options.build ?? true,
  });
  await linkInto(pulumi.binDir, "tofu", tofu.path);
  const yaml = await ensureLanguageYaml(specs["pulumi-language-yaml"], {
    env,
    log,
    cacheDir: pulumi.cacheDir,
    build: options.build ?? true,
  });
  // Beside a pulumi binary of the cache, as a Pulumi release ships it (found without the warning a
  // language host on PATH earns on every step); beside a user's own binary only through binDir.
  if (pulumi.pulumi.source === "cache" || pulumi.pulumi.source === "built") {
    await linkInto(dirname(pulumi.pulumi.path), YAML_HOST, yaml, { atomic: true });
    await rm(join(pulumi.binDir, YAML_HOST), { force: true });
  } else await linkInto(pulumi.binDir, YAML_HOST, yaml);
  return { ...pulumi, tofu, pulumiLanguageYaml: yaml };
}

const YAML_HOST = "pulumi-language-yaml";

/**
 * Pulumi's YAML language host: the binary O365R_PULUMI_LANGUAGE_YAML names, else the one built here
 * from tools/pulumi-language-yaml into the cache. It reports no version on its command line, so one
 * merely found on PATH is not taken.
 */
async function ensureLanguageYaml(spec: EngineSpec, ctx: Ctx): Promise<string> {
  const override = ctx.env[spec.env];
  if (override && override.length > 0) {
    const path = resolve(override);
    if (!(await isExecutable(path))) throw new Error(`${spec.env}=${override}: not an executable file`);
    ctx.log(`${YAML_HOST}: using ${path} from ${spec.env}`);
    return path;
  }
  return (await cachedOrBuilt(YAML_HOST, spec, ctx, () => spec.version)).path;
}

const defaultLog = (line: string) => process.stderr.write(`[engines] ${line}\n`);
const SHIM = "pulumi-resource-pulumi-nodejs";

/**
 * Puts the dynamic-provider shim beside a pulumi binary of the engine cache (a copy: it only runs the
 * `node` on PATH on the program's @pulumi/pulumi, so one copy serves every checkout). True when the
 * binary has the shim beside it (also a user's own binary from a Pulumi release).
 */
async function placeBesideBinary(pulumi: ResolvedEngine, shim: string): Promise<boolean> {
  const beside = join(dirname(pulumi.path), SHIM);
  if (await isExecutable(beside)) return true;
  if (pulumi.source !== "cache" && pulumi.source !== "built") return false;
  const tmp = `${beside}.tmp-${process.pid}`;
  await writeFile(tmp, await readFile(shim), { mode: 0o755 });
  await rename(tmp, beside);
  return true;
}

interface Ctx {
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  cacheDir: string;
  build: boolean;
}

async function ensureEngine(name: EngineName, spec: EngineSpec, ctx: Ctx): Promise<ResolvedEngine> {
  const override = ctx.env[spec.env];
  if (override && override.length > 0) {
    const path = resolve(override);
    if (!(await isExecutable(path))) throw new Error(`${spec.env}=${override}: not an executable file`);
    const version = engineVersion(name, path);
    if (version === null) throw new Error(`${spec.env}=${override}: could not read its version`);
    if (version !== spec.version)
      ctx.log(`${name}: using ${path} (${version}; pinned ${spec.version}) from ${spec.env}`);
    else ctx.log(`${name}: using ${path} (${version}) from ${spec.env}`);
    return { name, path, version, source: "env" };
  }

  const found = which(spec.binary, ctx.env.PATH ?? "");
  // Resolve symlinks (our own binDir links to the cache) so that binDir never links to itself.
  const onPath = found === null ? null : await realpath(found);
  if (onPath !== null) {
    const version = engineVersion(name, onPath);
    if (version !== null && accepted(name, version, spec.version)) {
      ctx.log(`${name}: using ${onPath} (${version}) from PATH`);
      return { name, path: onPath, version, source: "path" };
    }
    ctx.log(`${name}: ignoring ${onPath} on PATH (version ${version ?? "unknown"}; need ${spec.version})`);
  }

  return cachedOrBuilt(name, spec, ctx, (bin) => engineVersion(name, bin));
}

/** The engine from the cache, else built from its Go module into the cache (once, under a lock). */
async function cachedOrBuilt(
  name: EngineName,
  spec: EngineSpec,
  ctx: Ctx,
  versionOf: (bin: string) => string | null,
): Promise<ResolvedEngine> {
  const dir = join(ctx.cacheDir, `${name}-${spec.version}`);
  const bin = join(dir, spec.binary);
  const stamp = join(dir, "build.json");
  if ((await isExecutable(bin)) && (await exists(stamp))) {
    return { name, path: bin, version: spec.version, source: "cache" };
  }
  if (!ctx.build) throw new EngineNotAvailableError(name, spec.version, "not-built");
  const noGo = goProblem(join(REPO_ROOT, spec.goModDir), ctx.env);
  if (noGo !== null) throw new EngineNotAvailableError(name, spec.version, "no-go", noGo);

  await mkdir(dir, { recursive: true });
  const release = await lock(join(dir, ".lock"), ctx.log, name);
  try {
    // Another process may have finished the build while we waited for the lock.
    if ((await isExecutable(bin)) && (await exists(stamp))) {
      return { name, path: bin, version: spec.version, source: "cache" };
    }
    const buildSeconds = await goBuild(name, spec, dir, ctx);
    const version = versionOf(bin);
    if (version !== spec.version) {
      throw new Error(
        `${name}: built ${bin} but it reports version ${version ?? "unknown"}, not ${spec.version}`,
      );
    }
    await writeFile(
      stamp,
      `${JSON.stringify(
        {
          name,
          version,
          module: `${spec.module}@v${spec.version}`,
          go: goVersion(),
          builtAt: new Date().toISOString(),
          seconds: buildSeconds,
        },
        null,
        2,
      )}\n`,
    );
    return { name, path: bin, version, source: "built", buildSeconds };
  } finally {
    await release();
  }
}

async function goBuild(
  name: EngineName,
  spec: EngineSpec,
  dir: string,
  ctx: Ctx,
): Promise<{ download: number; compile: number }> {
  const modDir = join(REPO_ROOT, spec.goModDir);
  await checkGoMod(modDir, spec);
  const goEnv: NodeJS.ProcessEnv = {
    ...ctx.env,
    CGO_ENABLED: "0",
    // go.sum is committed: never rewrite go.mod/go.sum while building.
    GOFLAGS: [ctx.env.GOFLAGS ?? "", "-mod=readonly"].join(" ").trim(),
  };
  const tags = spec.tags.length > 0 ? ["-tags", spec.tags.join(",")] : [];

  ctx.log(
    `${name}: building ${spec.module}@v${spec.version} from its Go module, first run only: about ` +
      `${spec.buildMinutes ?? 5} minutes on 2 cores with empty Go caches (cached in ${dir})`,
  );
  const t0 = Date.now();
  // Step 1: download the modules the package needs (go list resolves and fetches them) and count the
  // packages to compile, for the progress of step 2.
  let downloaded = 0;
  let packages = 0;
  await runStreaming("go", ["list", "-deps", ...tags, "-f", "{{.ImportPath}}", spec.package], {
    cwd: modDir,
    env: goEnv,
    onStderr: (line) => {
      if (line.startsWith("go: downloading")) {
        downloaded++;
        if (downloaded % 25 === 1) ctx.log(`${name}: ${line} (${downloaded} modules so far)`);
      } else if (line.trim().length > 0) ctx.log(`${name}: ${line}`);
    },
    onStdout: () => {
      packages++;
    },
  });
  const download = (Date.now() - t0) / 1000;
  ctx.log(
    `${name}: modules ready in ${download.toFixed(0)} s (${downloaded} downloaded); compiling up to ${packages} packages`,
  );

  // Step 2: compile with limited parallelism (the machine has 2 cores).
  const t1 = Date.now();
  const tmp = join(dir, `.${spec.binary}.tmp-${process.pid}`);
  let compiled = 0;
  await runStreaming(
    "go",
    [
      "build",
      "-p",
      "2",
      "-v",
      "-trimpath",
      ...tags,
      "-ldflags",
      spec.ldflags.join(" "),
      "-o",
      tmp,
      spec.package,
    ],
    {
      cwd: modDir,
      env: goEnv,
      onStderr: (line) => {
        if (line.trim().length === 0) return;
        // -v prints one package per line as it is compiled (not those Go has cached already); report
        // every 100th and anything else.
        if (/^[\w.-]+(\/[\w.~+-]+)*$/.test(line)) {
          compiled++;
          if (compiled % 100 === 0) {
            const share =
              packages > 0
                ? ` of ${packages} (${Math.min(99, Math.round((100 * compiled) / packages))} %)`
                : "";
            ctx.log(
              `${name}: compiled ${compiled}${share} packages, ${((Date.now() - t1) / 1000).toFixed(0)} s`,
            );
          }
        } else ctx.log(`${name}: ${line}`);
      },
      onStdout: (line) => ctx.log(`${name}: ${line}`),
    },
  );
  await rename(tmp, join(dir, spec.binary));
  const compile = (Date.now() - t1) / 1000;
  ctx.log(`${name}: built in ${compile.toFixed(0)} s (+${download.toFixed(0)} s module download)`);
  return { download: Math.round(download), compile: Math.round(compile) };
}

/** tools/<engine>/go.mod must require the module at the version engines.versions.json names. */
async function checkGoMod(modDir: string, spec: EngineSpec): Promise<void> {
  const gomod = await readFile(join(modDir, "go.mod"), "utf8");
  const escaped = spec.module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  if (
    !new RegExp(`^\\s*(require\\s+)?${escaped}\\s+v${spec.version.replace(/\./g, "\\.")}\\b`, "m").test(gomod)
  ) {
    throw new Error(
      `${join(modDir, "go.mod")} does not require ${spec.module} v${spec.version} (engines.versions.json): keep them in step`,
    );
  }
}

/** The version a binary reports, without a leading "v"; null when it cannot be run. */
export function engineVersion(name: EngineName, path: string): string | null {
  // Pulumi's language hosts answer their version over gRPC only.
  if (name === "pulumi-language-yaml") return null;
  if (name === "pulumi") {
    const r = spawnSync(path, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    if (r.status !== 0) return null;
    return r.stdout.trim().replace(/^v/, "") || null;
  }
  // Without the caller's TF_* settings: a TF_CLI_CONFIG_FILE naming a missing file makes tofu print a warning
  // on stdout, before the JSON.
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  for (const k of Object.keys(env)) if (k.startsWith("TF_")) delete env[k];
  const r = spawnSync(path, ["version", "-json"], { encoding: "utf8", env });
  if (r.status !== 0) return null;
  const json = r.stdout.slice(r.stdout.indexOf("{"));
  try {
    const v = (JSON.parse(json) as { terraform_version?: string }).terraform_version;
    return v ? v.replace(/^v/, "") : null;
  } catch {
    return null;
  }
}

function parseVersion(v: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** pulumi: same major and >= the pinned version; tofu: same major.minor. Pre-releases and dev builds are refused. */
export function accepted(name: EngineName, found: string, pinned: string): boolean {
  const f = parseVersion(found);
  const p = parseVersion(pinned);
  if (f === null || p === null) return false;
  if (name === "tofu") return f[0] === p[0] && f[1] === p[1];
  if (f[0] !== p[0]) return false;
  return f[1] > p[1] || (f[1] === p[1] && f[2] >= p[2]);
}

async function findLanguageHost(env: NodeJS.ProcessEnv, pulumiPath: string): Promise<string | null> {
  const override = env.O365R_PULUMI_LANGUAGE_NODEJS;
  if (override && override.length > 0) {
    const path = resolve(override);
    if (!(await isExecutable(path)))
      throw new Error(`O365R_PULUMI_LANGUAGE_NODEJS=${override}: not an executable file`);
    return path;
  }
  const beside = join(dirname(pulumiPath), "pulumi-language-nodejs");
  if (await isExecutable(beside)) return beside;
  const found = which("pulumi-language-nodejs", env.PATH ?? "");
  return found === null ? null : await realpath(found);
}

function goVersion(env: NodeJS.ProcessEnv = process.env): string | null {
  const r = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8", env });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Why the Go toolchain cannot build the module in modDir (missing, or older than its go.mod asks); null when it can. */
export function goProblem(modDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const found = goVersion(env);
  const wanted = /^go\s+(\d+)\.(\d+)/m.exec(readFileSyncUtf8(join(modDir, "go.mod")));
  const need = wanted ? `${wanted[1]}.${wanted[2]}` : "1.26";
  if (found === null) return `Go ${need} or newer is needed and \`go\` is not on PATH`;
  const m = /^go(\d+)\.(\d+)/.exec(found);
  if (
    m &&
    wanted &&
    (Number(m[1]) < Number(wanted[1]) ||
      (Number(m[1]) === Number(wanted[1]) && Number(m[2]) < Number(wanted[2])))
  )
    return `Go ${need} or newer is needed and this is ${found}`;
  return null;
}

export function which(binary: string, pathVar: string): string | null {
  for (const dir of pathVar.split(delimiter)) {
    if (dir.length === 0) continue;
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** `dir/name` → target. Atomic: replaced by a rename, for a directory other processes may be reading. */
async function linkInto(dir: string, name: string, target: string, opts: { atomic?: boolean } = {}) {
  const link = join(dir, name);
  if (!opts.atomic) {
    await rm(link, { force: true });
    await symlink(target, link);
    return;
  }
  const tmp = `${link}.tmp-${process.pid}`;
  await rm(tmp, { force: true });
  await symlink(target, tmp);
  await rename(tmp, link);
}

/** A lock directory holding the owner's pid; a lock whose owner is gone is taken over. */
export async function lock(
  path: string,
  log: (line: string) => void,
  name: string,
): Promise<() => Promise<void>> {
  let waitedSince: number | null = null;
  for (;;) {
    try {
      await mkdir(path);
      await writeFile(join(path, "pid"), String(process.pid));
      return async () => {
        await rm(path, { recursive: true, force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number((await readFile(join(path, "pid"), "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        await rm(path, { recursive: true, force: true });
        continue;
      }
      if (waitedSince === null) {
        waitedSince = Date.now();
        log(`${name}: another process (pid ${owner || "?"}) is building it; waiting`);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface StreamOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  onStdout: (line: string) => void;
  onStderr: (line: string) => void;
}

export function runStreaming(cmd: string, args: string[], opts: StreamOptions): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const lines = (onLine: (line: string) => void) => {
      let buf = "";
      return (chunk: Buffer) => {
        buf += chunk.toString("utf8");
        let i = buf.indexOf("\n");
        while (i >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          tail.push(line);
          if (tail.length > 40) tail.shift();
          onLine(line);
          i = buf.indexOf("\n");
        }
      };
    };
    child.stdout.on("data", lines(opts.onStdout));
    child.stderr.on("data", lines(opts.onStderr));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(" ")} (in ${opts.cwd}) exited ${code}:\n${tail.join("\n")}`));
    });
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const e = await ensureEngines();
  const out = {
    pulumi: e.pulumi,
    tofu: e.tofu,
    pulumiLanguageNodejs: e.pulumiLanguageNodejs,
    pulumiLanguageYaml: e.pulumiLanguageYaml,
    pulumiNodejsProviderShim: e.pulumiNodejsProviderShim,
    binDir: e.binDir,
    cacheDir: e.cacheDir,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write(
    `[engines] to use them in a shell: export PATH="${join(REPO_ROOT, "node_modules", ".bin")}:${e.binDir}:$PATH"\n`,
  );
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().catch((err: unknown) => {
    process.stderr.write(`[engines] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

const readFileSyncUtf8 = (path: string) => readFileSync(path, "utf8");
