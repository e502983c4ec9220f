// `o365r terraform-setup` as a user runs it: its CLI configurations, launcher and filesystem mirror, and
// nothing else, make real OpenTofu find and start our provider, which reads a tenant from the emulator:
// through dev_overrides without `init`, and through the mirror with `init` (a backend needs it), offline.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { startEmulator } from "../../emulator/index.js";
import { engines, makeWorkdir, ovhEnv, REPO_ROOT, run, tofuEnv, type Workdir } from "./harness/index.js";

describe("o365r terraform-setup", () => {
  let emulator: EmulatorHandle;
  let account: AccountCredentials;
  let work: Workdir;
  let serviceName: string;

  /** Runs `o365r terraform-setup` and returns the environment its export line sets up for tofu. */
  async function setup(args: string[], expectedConfig: string): Promise<NodeJS.ProcessEnv> {
    const result = await run(
      process.execPath,
      [join(REPO_ROOT, "bin", "o365r.js"), "terraform-setup", "--dir", work.path("setup"), ...args],
      { cwd: work.dir, env: { ...process.env, O365R_FROM_SOURCE: "1" } },
    );
    const line = result.stdout.trim();
    expect(line).toMatch(new RegExp(`^export TF_CLI_CONFIG_FILE='.+/setup/${expectedConfig}'$`));
    const cliConfigFile = line.replace(/^export TF_CLI_CONFIG_FILE='(.+)'$/, "$1");
    return {
      ...tofuEnv(engines(), { cliConfigFile }),
      ...ovhEnv(emulator, account),
      // The launcher runs the sources (dist/ may be stale in a checkout).
      O365R_FROM_SOURCE: "1",
    };
  }

  /** A configuration reading the seeded tenant, in its own directory under the work area. */
  async function configuration(name: string, terraformBlockExtra: string[] = []): Promise<string> {
    const dir = work.path(name);
    await mkdir(dir);
    await writeFile(
      join(dir, "main.tf"),
      [
        [
          "terraform {",
          ...terraformBlockExtra,
          '  required_providers {\n    o365reseller = { source = "o365-reseller/o365reseller" }\n  }',
          "}",
        ].join("\n"),
        'provider "o365reseller" {}',
        `data "o365reseller_tenant" "t" {\n  service_name = ${JSON.stringify(serviceName)}\n}`,
        'output "name" {\n  value = data.o365reseller_tenant.t.display_name\n}',
        "",
      ].join("\n\n"),
    );
    return dir;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    account = emulator.createAccount();
    serviceName = emulator.createTenant({
      account: account.nic,
      displayName: "Setup Check GmbH",
      subscriptions: [{ license: "Microsoft 365 Business Basic", quantity: 3 }],
    }).serviceName;
    work = await makeWorkdir("o365r-tf-setup");
  });

  afterAll(async () => {
    await emulator?.stop();
    await work?.cleanup();
  });

  it("--dev-overrides lets tofu start the provider and read a tenant, without init", async () => {
    const env = await setup(["--dev-overrides"], "dev-overrides.tofurc");
    const cwd = await configuration("dev");
    await run(engines().tofu.path, ["apply", "-auto-approve", "-no-color"], { cwd, env });
    const out = await run(engines().tofu.path, ["output", "-raw", "name"], { cwd, env });
    expect(out.stdout).toBe("Setup Check GmbH");
  });

  it("by default, tofu init installs the provider from the mirror for a configuration with a backend", async () => {
    const env = await setup([], "tofurc");
    const cwd = await configuration("mirror", ['  backend "local" {}']);
    const init = await run(engines().tofu.path, ["init", "-no-color"], { cwd, env });
    expect(init.stdout).toMatch(/Installed o365-reseller\/o365reseller v\d+\.\d+\.\d+/);
    const lock = await readFile(join(cwd, ".terraform.lock.hcl"), "utf8");
    expect(lock).toMatch(/provider "[^"/]+\/o365-reseller\/o365reseller" \{/);
    expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);

    await run(engines().tofu.path, ["apply", "-auto-approve", "-no-color"], { cwd, env });
    const out = await run(engines().tofu.path, ["output", "-raw", "name"], { cwd, env });
    expect(out.stdout).toBe("Setup Check GmbH");

    // Setting up again (same version) leaves the mirror's hash as the lock file records it.
    await setup([], "tofurc");
    await run(engines().tofu.path, ["init", "-no-color"], { cwd, env });
    expect(await readFile(join(cwd, ".terraform.lock.hcl"), "utf8")).toBe(lock);
  });
});
