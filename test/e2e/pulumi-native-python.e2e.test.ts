/**
 * A Python program on the native provider (test/e2e/python/native_program.py), run inline through
 * Python's Automation API with the real Pulumi CLI against the emulator: the generated SDK installed
 * with pip from the repository (sdk/python), Pulumi's Python SDK from the package index (a venv made
 * by scripts/python-env.ts, cached beside the engines), the plugin installed from its tarball into
 * the test's PULUMI_HOME. It creates a tenant and a subscription (the credentials encrypted in the
 * state), previews no change after, and a seat change is one changeQuantity; then it imports a seeded
 * tenant and subscription by id, ordering nothing, and previews no change.
 */
import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { ensurePythonEnv } from "../../scripts/python-env.js";
import {
  engines,
  makeWorkdir,
  pulumiEnv,
  REPO_ROOT,
  type RunResult,
  run,
  type Workdir,
} from "./harness/index.js";
import { installPluginTarball, seedLegacy } from "./native-support.js";
import { mutatingCalls, secretsOf, startTestEmulator } from "./pulumi-support.js";

describe("a Python program on the native provider, through Python's Automation API", () => {
  let em: EmulatorHandle;
  let main: AccountCredentials;
  let work: Workdir;
  let python: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    python = await ensurePythonEnv();
    em = await startTestEmulator();
    main = em.createAccount({ nic: "python-reseller-ovh" });
    work = await makeWorkdir("python");
    const e = engines();
    env = {
      ...pulumiEnv(e, { backendDir: work.path("state"), homeDir: work.path("home") }),
      O365R_REQUESTS_PER_MINUTE: "6000",
      O365R_TEST_PULUMI_ROOT: join(e.binDir, ".."),
      O365R_TEST_ENDPOINT: em.url,
      O365R_TEST_APPLICATION_KEY: main.applicationKey,
      O365R_TEST_APPLICATION_SECRET: main.applicationSecret,
      O365R_TEST_CONSUMER_KEY: main.consumerKey,
      // The generated SDK, installed below; Pulumi's own SDK is in the venv.
      PYTHONPATH: work.path("site"),
      PYTHONDONTWRITEBYTECODE: "1",
    };
    for (const dir of ["state", "home", "project"]) await mkdir(work.path(dir));
    // As a user installs it: pip from the repository's sdk/python (built by its pyproject), from a copy
    // so that the build's leftovers (build/, *.egg-info) stay out of the checkout.
    await cp(join(REPO_ROOT, "sdk", "python"), work.path("sdk-python"), { recursive: true });
    await run(
      python,
      [
        "-m",
        "pip",
        "--disable-pip-version-check",
        "install",
        "-q",
        "--no-deps",
        "--target",
        work.path("site"),
        work.path("sdk-python"),
      ],
      { cwd: REPO_ROOT, env, timeoutMs: 240_000 },
    );
    await installPluginTarball(e.pulumi.path, work.path("plugin"), { cwd: work.path("project"), env });
  });
  afterAll(async () => {
    await work?.cleanup();
    await em?.stop();
  });

  const program = (action: string, arg: number | string): Promise<RunResult> =>
    run(
      python,
      [
        join(REPO_ROOT, "test", "e2e", "python", "native_program.py"),
        work.path("project"),
        action,
        String(arg),
      ],
      {
        cwd: work.path("project"),
        env,
        timeoutMs: 300_000,
      },
    );
  const result = (r: RunResult) =>
    JSON.parse(/^RESULT (.*)$/m.exec(r.stdout)?.[1] ?? "null") as Record<string, unknown>;

  it("creates a tenant and a subscription in the provider's account, ordering once", async () => {
    const r = await program("up", 10);
    const outputs = result(r);
    const tenant = String(outputs.tenant);
    expect(outputs.account).toBe(main.nic);
    expect(outputs.seats).toBe(10);
    const state = em.state();
    expect(state.tenants[tenant]?.nic).toBe(main.nic);
    expect(Object.values(state.orders).filter((o) => o.nic === main.nic)).toHaveLength(1);
    const subs = Object.values(state.tenants[tenant]!.subscriptions);
    expect(subs.map((s) => [s.id, s.quantity])).toEqual([[outputs.subscriptionId, 10]]);
    // The provider's credentials: never printed, and encrypted in the state.
    const exported = await run(engines().pulumi.path, ["stack", "export", "--stack", "dev"], {
      cwd: work.path("project"),
      env,
    });
    expect(exported.stdout).toContain("ciphertext");
    for (const secret of secretsOf(main)) {
      expect(r.stdout).not.toContain(secret);
      expect(exported.stdout).not.toContain(secret);
    }
  });

  it("previews no change afterwards, and a seat change is one changeQuantity", async () => {
    em.clearCalls();
    await program("preview-no-change", 10);
    expect(mutatingCalls(em)).toEqual([]);
    const r = await program("up", 12);
    const outputs = result(r);
    expect(outputs.seats).toBe(12);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${String(outputs.tenant)}/subscription/${String(outputs.subscriptionId)}/changeQuantity`,
    ]);
  });

  it("imports an existing tenant and subscription by id (import_), ordering nothing; then no change", async () => {
    const seeded = seedLegacy(em, main.nic);
    const ids = `${seeded.serviceName}/${seeded.subscriptionId}`;
    em.clearCalls();
    const outputs = result(await program("import", ids));
    expect(outputs).toMatchObject({
      tenant: seeded.serviceName,
      account: main.nic,
      subscriptionId: seeded.subscriptionId,
      resourceChanges: { import: 2 },
    });
    await program("preview-imported", ids);
    expect(mutatingCalls(em)).toEqual([]);
  });
});
