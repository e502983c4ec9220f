// `npm start`: the Pulumi example (examples/pulumi, the root Pulumi.yaml's project) run by the real
// Pulumi CLI against the embedded OVH API emulator: preview, up, a seat change, a change made behind
// Pulumi's back, and a refresh that finds it. Everything lives in a temporary directory (state backend,
// PULUMI_HOME, emulator data) and is removed at the end; nothing is sent anywhere but 127.0.0.1.
//
// The Pulumi CLI comes from scripts/engines.ts: found on PATH or in the cache, or built from its Go
// module on the first run on a machine (about 5 minutes, said up front, with progress). Only without
// Go (no Pulumi CLI comes from npm) does it show a tour of the API client instead, saying why. The
// example imports `o365-reseller/pulumi` as a user's program would, so the package is compiled first.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { parse, stringify } from "yaml";
import { type EmulatorHandle, startEmulator } from "../emulator/index.js";
import { createCsp2Api } from "../provider/csp2/index.js";
import { createOvhClient } from "../provider/ovh/index.js";
import { EngineNotAvailableError, ensurePulumiEngine, type PulumiEngine, REPO_ROOT } from "./engines.js";
import { tour } from "./tour.js";

const bold = (t: string) => (process.stdout.isTTY ? `\x1b[1m${t}\x1b[0m` : t);
const step = (n: number, text: string) => process.stdout.write(`\n${bold(`━━ ${n}. ${text}`)}\n\n`);
const note = (text: string) => process.stdout.write(`   ${text}\n`);

/**
 * Compiles `o365-reseller/pulumi` (its entry, its runtime and what they import) into dist/. Only that
 * module graph, so work in progress elsewhere in the repository does not stop it.
 */
export async function compilePulumiPackage(): Promise<void> {
  const cache = join(REPO_ROOT, "node_modules", ".cache");
  await mkdir(cache, { recursive: true });
  const config = join(cache, "o365-reseller-pulumi-tsconfig.json");
  await writeFile(
    config,
    JSON.stringify({
      extends: join(REPO_ROOT, "tsconfig.build.json"),
      include: [],
      files: ["index.ts", "runtime.ts"].map((f) => join(REPO_ROOT, "provider", "pulumi", f)),
    }),
  );
  const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", config], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`compiling o365-reseller/pulumi failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * The Pulumi CLI for `npm start`: found (O365R_PULUMI, PATH, the cache) or built now from its Go module,
 * with the expected time and progress. Null when it cannot be had here (no Go, or O365R_BUILD_ENGINES=0
 * on a machine without one): the caller then shows the tour, after these lines have said why.
 */
export async function pulumiForStart(
  say: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PulumiEngine | null> {
  say("Looking for the Pulumi CLI (O365R_PULUMI, PATH, or the cache ~/.cache/o365-reseller/engines);");
  say("without one, it is built from its Go module now (about 5 minutes, once per machine).");
  try {
    return await ensurePulumiEngine({
      env,
      log: (l) => say(`[engines] ${l}`),
      build: env.O365R_BUILD_ENGINES !== "0",
    });
  } catch (error) {
    if (!(error instanceof EngineNotAvailableError)) throw error;
    say(error.message);
    say(
      error.reason === "no-go"
        ? "So instead of the Pulumi example, here is the same work done through the API client (the layer under the providers)."
        : "O365R_BUILD_ENGINES=0: not building it. Here is the same work through the API client instead; `npm start` without it builds the CLI and runs the example.",
    );
    return null;
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `${bold("o365-reseller: the Pulumi example against the embedded OVH API emulator")}\n` +
      "Two customers' Microsoft 365 tenants in two OVHcloud reseller accounts (examples/pulumi).\n",
  );

  step(1, "The Pulumi CLI and the package");
  const engines = await pulumiForStart((line) => note(line));
  if (engines === null) {
    await tour();
    return;
  }
  note(`pulumi ${engines.pulumi.version} (${engines.pulumi.source}: ${engines.pulumi.path})`);
  note("compiling o365-reseller/pulumi into dist/ …");
  await compilePulumiPackage();
  const { default: program } = (await import("../examples/pulumi/index.js")) as {
    default: () => Promise<Record<string, unknown>>;
  };

  const work = await mkdtemp(join(tmpdir(), "o365r-start-"));
  const emulator = await startEmulator({ demo: true, taskSeconds: 1, orderStepSeconds: 2, log: () => {} });
  try {
    await run(work, emulator, engines, program);
  } finally {
    await emulator.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function run(
  work: string,
  emulator: EmulatorHandle,
  engines: PulumiEngine,
  program: () => Promise<Record<string, unknown>>,
): Promise<void> {
  const demo = emulator.demo!;
  const partner = emulator.createAccount({ nic: "partner-demo-ovh", firstname: "Partner", name: "Reseller" });
  step(2, "The emulator");
  note(`OVH API emulator at ${emulator.url}`);
  note(`main reseller account ${demo.nic} (stack config o365-reseller:*)`);
  note(`partner reseller account ${partner.nic} (stack config partnerAccount, a secret object)`);

  // The project is the root Pulumi.yaml's; the program runs in this process (no language host needed).
  const project = parse(await readFile(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  delete project.main;
  const dir = join(work, "project");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "Pulumi.yaml"), stringify(project));
  await symlink(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  await mkdir(join(work, "state"));
  const envVars: Record<string, string> = {
    PATH: engines.path,
    PULUMI_BACKEND_URL: pathToFileURL(join(work, "state")).href,
    PULUMI_HOME: join(work, "home"),
    PULUMI_CONFIG_PASSPHRASE: "o365r-start",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    NO_COLOR: "1",
  };
  const pulumiCommand = await PulumiCommand.get({ root: join(engines.binDir, ".."), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName: String(project.name), program },
    { workDir: dir, pulumiHome: envVars.PULUMI_HOME, pulumiCommand, envVars },
  );
  await stack.setAllConfig({
    "o365-reseller:endpoint": { value: emulator.url },
    "o365-reseller:applicationKey": { value: demo.applicationKey },
    "o365-reseller:applicationSecret": { value: demo.applicationSecret, secret: true },
    "o365-reseller:consumerKey": { value: demo.consumerKey, secret: true },
    // The emulator has no fair-use limit; the client's default pace (60/min) would only slow the demo.
    "o365-reseller:requestsPerMinute": { value: "6000" },
    partnerAccount: {
      value: JSON.stringify({
        endpoint: emulator.url,
        applicationKey: partner.applicationKey,
        applicationSecret: partner.applicationSecret,
        consumerKey: partner.consumerKey,
      }),
      secret: true,
    },
  });
  const show = { onOutput: (text: string) => process.stdout.write(text) };

  step(3, "pulumi preview: what up would do (nothing is called that writes)");
  await stack.preview(show);

  step(4, "pulumi up: order both tenants, their subscriptions and the add-on");
  await stack.up(show);
  const outputs = await stack.outputs();
  const acme = String(outputs.acmeTenant?.value);

  step(5, "A seat change: acmeSeats 25 → 30 (pulumi config set acmeSeats 30)");
  await stack.setConfig("acmeSeats", { value: "30" });
  await stack.preview({ ...show, diff: true });
  await stack.up(show);

  step(6, "A colleague changes the seats in the control panel (another credential of the same account)");
  await colleagueChangesSeats(emulator, demo.nic, acme);

  step(7, "pulumi refresh: the change shows up");
  await stack.refresh(show);
  step(8, "pulumi preview: up would put the declared 30 seats back");
  await stack.preview({ ...show, diff: true });

  process.stdout.write(
    `\n${bold("Done.")} The emulator and the temporary stack are removed now.\n` +
      "Next: `npm test`; `npm run test:e2e` runs this example through more (licence change, refused move,\n" +
      "destroy, adoption, a killed up) with the real CLI.\n",
  );
}

async function colleagueChangesSeats(emulator: EmulatorHandle, nic: string, tenant: string): Promise<void> {
  const colleague = emulator.addCredential(nic);
  const client = createOvhClient({
    endpoint: emulator.url,
    applicationKey: colleague.applicationKey,
    applicationSecret: colleague.applicationSecret,
    consumerKey: colleague.consumerKey,
    env: {},
    configFiles: [],
    log: false,
  });
  try {
    const api = createCsp2Api(client, { taskPoll: { initialMs: 250, maxMs: 1000, factor: 1.5 } });
    const licences = await api.listOrderableLicences(tenant);
    const licence = licences.find((l) => l.name === "Microsoft 365 Business Standard")!;
    const standard = (await api.listSubscriptions(tenant)).find((s) => s.licenseId === licence.id)!;
    const task = await api.changeQuantity(tenant, standard.id, 32);
    await api.waitForTask(tenant, task.id);
    note(`subscription ${tenant}/${standard.id}: 30 → 32 seats, outside Pulumi`);
  } finally {
    await client.close();
  }
}

// Run when started as a script (`npm start`); importing it (the e2e support does) runs nothing.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().catch((error: unknown) => {
    process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
