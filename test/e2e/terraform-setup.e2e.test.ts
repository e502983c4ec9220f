// `o365r terraform-setup` as a user runs it: its CLI configuration and launcher, and nothing else,
// make real OpenTofu find and start our provider, which reads a tenant from the emulator.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index.js";
import { startEmulator } from "../../emulator/index.js";
import { engines, makeWorkdir, ovhEnv, REPO_ROOT, run, tofuEnv, type Workdir } from "./harness/index.js";

describe("o365r terraform-setup", () => {
  let emulator: EmulatorHandle;
  let work: Workdir;
  let serviceName: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const account = emulator.createAccount();
    serviceName = emulator.createTenant({
      account: account.nic,
      displayName: "Setup Check GmbH",
      subscriptions: [{ license: "Microsoft 365 Business Basic", quantity: 3 }],
    }).serviceName;
    work = await makeWorkdir("o365r-tf-setup");

    const setup = await run(
      process.execPath,
      [join(REPO_ROOT, "bin", "o365r.js"), "terraform-setup", "--dir", work.path("setup")],
      { cwd: work.dir, env: { ...process.env, O365R_FROM_SOURCE: "1" } },
    );
    const line = setup.stdout.trim();
    expect(line).toMatch(/^export TF_CLI_CONFIG_FILE='.+\/setup\/tofurc'$/);
    const cliConfigFile = line.replace(/^export TF_CLI_CONFIG_FILE='(.+)'$/, "$1");
    env = {
      ...tofuEnv(engines(), { cliConfigFile }),
      ...ovhEnv(emulator, account),
      // The launcher runs the sources (dist/ may be stale in a checkout).
      O365R_FROM_SOURCE: "1",
    };
  });

  afterAll(async () => {
    await emulator?.stop();
    await work?.cleanup();
  });

  it("lets tofu start the provider and read a tenant, without init", async () => {
    await writeFile(
      work.path("main.tf"),
      [
        'terraform {\n  required_providers {\n    o365reseller = { source = "o365-reseller/o365reseller" }\n  }\n}',
        'provider "o365reseller" {}',
        `data "o365reseller_tenant" "t" {\n  service_name = ${JSON.stringify(serviceName)}\n}`,
        'output "name" {\n  value = data.o365reseller_tenant.t.display_name\n}',
        "",
      ].join("\n\n"),
    );
    await run(engines().tofu.path, ["apply", "-auto-approve", "-no-color"], { cwd: work.dir, env });
    const out = await run(engines().tofu.path, ["output", "-raw", "name"], { cwd: work.dir, env });
    expect(out.stdout).toBe("Setup Check GmbH");
  });
});
