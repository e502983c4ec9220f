/**
 * What the Pulumi e2e specs share: the compiled package (the example imports `o365-reseller/pulumi`
 * from dist/, as a user's program would), an emulator in the test process, stacks configured for its
 * accounts, and a few readers of what the engine and the emulator did.
 */
import { mkdir, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { compilePulumiPackage } from "../../scripts/start.js";
import { type PulumiProject, REPO_ROOT } from "./harness/index.js";

export const TENANT_TYPE = "pulumi-nodejs:dynamic/o365reseller:Tenant";
export const SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/o365reseller:Subscription";
export const MUTATING = new Set(["POST", "PUT", "DELETE"]);

/**
 * Compiles `o365-reseller/pulumi` (its entry and its runtime, with everything they import) into dist/
 * once per change of the sources, so the tests run the package as shipped. Only this entry's module
 * graph is compiled: other parts of the repo being edited at the same time do not block it. A lock
 * directory keeps two spec files (or another suite) from compiling into dist/ at the same time.
 */
export async function buildPackage(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  await withBuildLock(async () => {
    const cache = join(REPO_ROOT, "node_modules", ".cache");
    const started = Date.now();
    const stampFile = join(cache, "o365-reseller-pulumi-build.stamp");
    const stamp = String(await newestSource());
    const built = await stat(join(REPO_ROOT, "dist", "provider", "pulumi", "runtime.js")).catch(() => null);
    if (built && (await readFile(stampFile, "utf8").catch(() => "")) === stamp) return;
    log("[e2e] compiling o365-reseller/pulumi into dist/ (tsc) so the example imports it as shipped");
    await compilePulumiPackage();
    await writeFile(stampFile, stamp);
    log(`[e2e] compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

/**
 * Runs `fn` holding the lock of dist/: a lock directory that keeps two spec files (or another suite)
 * from compiling into dist/ at the same time.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const cache = join(REPO_ROOT, "node_modules", ".cache");
  const lock = join(cache, "o365-reseller-build.lock");
  await mkdir(cache, { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The newest modification time among the sources dist/ is compiled from. */
export async function newestSource(extra: readonly string[] = []): Promise<number> {
  let newest = 0;
  for (const dir of [
    ...extra,
    "provider/pulumi",
    "provider/resources",
    "provider/csp2",
    "provider/ovh",
    "tsconfig.json",
  ]) {
    const root = join(REPO_ROOT, dir);
    const s = await stat(root);
    if (s.isFile()) {
      newest = Math.max(newest, s.mtimeMs);
      continue;
    }
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

/** An emulator with fast tasks and orders (a couple of seconds each, as the provider polls). */
export function startTestEmulator(options: { orderStepSeconds?: number } = {}): Promise<EmulatorHandle> {
  return startEmulator({
    port: 0,
    taskSeconds: 1,
    orderStepSeconds: options.orderStepSeconds ?? 1,
    log: () => {},
  });
}

/**
 * Stack config for the example's project: `o365-reseller:*` = the main account, `partnerAccount` =
 * the second (an empty object for programs of one account: the project requires the key).
 */
export function exampleConfig(em: EmulatorHandle, main: AccountCredentials, partner?: AccountCredentials) {
  return {
    config: {
      "o365-reseller:endpoint": em.url,
      "o365-reseller:applicationKey": main.applicationKey,
      // The emulator has no fair-use limit; the client's default pace (60/min) would only slow the run.
      "o365-reseller:requestsPerMinute": "6000",
    },
    secrets: {
      "o365-reseller:applicationSecret": main.applicationSecret,
      "o365-reseller:consumerKey": main.consumerKey,
      partnerAccount: partner ? JSON.stringify(credentialsOf(em, partner)) : "{}",
    },
  };
}

export function credentialsOf(em: EmulatorHandle, account: AccountCredentials) {
  return {
    endpoint: em.url,
    applicationKey: account.applicationKey,
    applicationSecret: account.applicationSecret,
    consumerKey: account.consumerKey,
  };
}

/** The secret values of an account: none may appear in plain text in the state or any output. */
export function secretsOf(account: AccountCredentials): string[] {
  return [account.applicationSecret, account.consumerKey, account.clientSecret];
}

export const mutatingCalls = (em: EmulatorHandle) =>
  em.calls().filter((c) => MUTATING.has(c.method) && !c.path.startsWith("/_emulator"));

/** The raw `pulumi stack export` text, for searching it. */
export async function exportText(project: PulumiProject): Promise<string> {
  return (await project.pulumi(["stack", "export", "--show-secrets=false"])).stdout;
}

/**
 * Dynamic-provider hosts left running by a pulumi process that was killed: they belong to this test
 * (started by the pulumi it started, in its project dir), found through /proc and ended by pid.
 */
export async function killOrphanedProviders(projectDir: string): Promise<number[]> {
  const killed: number[] = [];
  for (const entry of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").join(" ");
      if (!cmdline.includes("dynamic-provider")) continue;
      const cwd = await readlink(`/proc/${pid}/cwd`);
      if (cwd !== projectDir) continue;
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return killed;
}
