/**
 * What the native provider's e2e specs share: the plugin and its TypeScript SDK compiled into dist/
 * as shipped, the plugin findable by the engine (on PATH, as an install's node_modules/.bin puts it,
 * or installed from its tarball into the test's PULUMI_HOME), and stack config for two accounts.
 */
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { packageVersion } from "../../provider/package-info.js";
import { packPlugin } from "../../scripts/pulumi-plugin.js";
import { REPO_ROOT, run } from "./harness/index.js";
import { credentialsOf, newestSource, withBuildLock } from "./pulumi-support.js";

export const NATIVE_TENANT = "o365reseller:index:Tenant";
export const NATIVE_SUBSCRIPTION = "o365reseller:index:Subscription";
export const PLUGIN = "pulumi-resource-o365reseller";

/**
 * Compiles the plugin (provider/pulumi-native) and the SDK (sdk/nodejs → dist/sdk/nodejs, as
 * `npm run build` does) once per change of their sources, under the lock of dist/.
 */
export async function buildNative(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  await withBuildLock(async () => {
    const cache = join(REPO_ROOT, "node_modules", ".cache");
    const stampFile = join(cache, "o365-reseller-native-build.stamp");
    const stamp = String(await newestSource(["provider/pulumi-native", "sdk/nodejs", "provider/terraform"]));
    if ((await readFile(stampFile, "utf8").catch(() => "")) === stamp) return;
    const started = Date.now();
    log("[e2e] compiling the native provider and o365-reseller/native into dist/ (tsc)");
    const config = join(cache, "o365-reseller-native-tsconfig.json");
    await writeFile(
      config,
      JSON.stringify({
        extends: join(REPO_ROOT, "tsconfig.build.json"),
        include: [],
        files: [
          join(REPO_ROOT, "provider", "pulumi-native", "main.ts"),
          join(REPO_ROOT, "provider", "pulumi", "index.ts"),
          join(REPO_ROOT, "provider", "pulumi", "runtime.ts"),
        ],
      }),
    );
    const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const sdkOut = join(REPO_ROOT, "dist", "sdk", "nodejs");
    for (const args of [
      ["-p", config],
      ["-p", join(REPO_ROOT, "sdk", "nodejs", "tsconfig.json"), "--outDir", sdkOut, "--sourceMap", "false"],
    ]) {
      const r = spawnSync(process.execPath, [tsc, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`tsc ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
    }
    await copyFile(join(REPO_ROOT, "sdk", "nodejs", "package.json"), join(sdkOut, "package.json"));
    await writeFile(stampFile, stamp);
    log(`[e2e] compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

/**
 * A directory holding `pulumi-resource-o365reseller` as an install's node_modules/.bin holds it (a
 * link to the package's bin, run by the `node` first on PATH): put it on the engine's PATH.
 */
export async function pluginOnPath(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await symlink(join(REPO_ROOT, "bin", `${PLUGIN}.js`), join(dir, PLUGIN));
  return dir;
}

/** Stack config of the native example: each account's credentials as a secret object. */
export function nativeExampleConfig(
  em: EmulatorHandle,
  main: AccountCredentials,
  partner: AccountCredentials,
) {
  return {
    secrets: {
      mainAccount: JSON.stringify(credentialsOf(em, main)),
      partnerAccount: JSON.stringify(credentialsOf(em, partner)),
    },
  };
}

/**
 * Packs the plugin tarball into `dir` and installs it as a user does (`pulumi plugin install resource
 * o365reseller VERSION --file …`), into the PULUMI_HOME of `env`.
 */
export async function installPluginTarball(
  pulumi: string,
  dir: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  const tarball = await packPlugin(dir);
  await run(
    pulumi,
    ["plugin", "install", "resource", "o365reseller", packageVersion(), "--file", tarball],
    opts,
  );
}

/** The default provider's stack config for an account: `o365reseller:*`, the secrets as secrets. */
export function defaultProviderConfig(em: EmulatorHandle, account: AccountCredentials) {
  return {
    config: {
      "o365reseller:endpoint": em.url,
      "o365reseller:applicationKey": account.applicationKey,
      // The emulator has no fair-use limit: the client's default pace (60 a minute) only slows the run.
      "o365reseller:requestsPerMinute": "6000",
    },
    secrets: {
      "o365reseller:applicationSecret": account.applicationSecret,
      "o365reseller:consumerKey": account.consumerKey,
    },
  };
}

/**
 * The tenant and subscription the import tests find already there, as the programs that import them
 * declare them (test/e2e/python/native_program.py declares the same values).
 */
export const LEGACY = {
  tenant: {
    displayName: "Legacy Ltd",
    mpnId: "1234567",
    contact: {
      firstName: "Lee",
      lastName: "Gacy",
      email: "it@legacy.example",
      phone: "+44.2071234567",
      address: "1 Old Street",
      city: "London",
      zipCode: "EC1V 9HL",
    },
  },
  subscription: { license: "Microsoft 365 Business Standard", quantity: 12 },
} as const;

/** Creates LEGACY's tenant and subscription in an account, behind the provider's back. */
export function seedLegacy(em: EmulatorHandle, nic: string): { serviceName: string; subscriptionId: number } {
  const { contact, ...tenant } = LEGACY.tenant;
  const t = em.createTenant({
    account: nic,
    ...tenant,
    ...contact,
    subscriptions: [{ ...LEGACY.subscription }],
  });
  return { serviceName: t.serviceName, subscriptionId: t.subscriptions[0]!.id };
}
