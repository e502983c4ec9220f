/**
 * The CDKTF example (examples/cdktf), synthesized without the cdktf CLI, through the real OpenTofu and
 * our provider: plan -out → show -json → apply, two tenants on two accounts (provider aliases).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { synthesize } from "../../examples/cdktf/main.js";
import { ovhEnv, TofuProject, type Workdir } from "./harness/index.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;
let plugin: Workdir;
let project: TofuProject;
let outdir: string;

beforeAll(async () => {
  em = await startEmulator({ port: 0, taskSeconds: 0.3, orderStepSeconds: 0.3, log: () => {} });
  alice = em.createAccount({ nic: "ab123-ovh" });
  bob = em.createAccount({ nic: "cd456-ovh" });
  plugin = await providerDir();
  outdir = await mkdtemp(join(tmpdir(), "o365r-e2e-cdktf-"));
  synthesize(outdir);
  const stack = JSON.parse(await readFile(join(outdir, "stacks/reseller/cdk.tf.json"), "utf8"));
  // CDKTF always writes a local backend (state beside the app), and a backend needs `tofu init`,
  // which OpenTofu 1.12 refuses while the provider comes from dev_overrides. Without the block the
  // state is local too, in the working directory.
  delete stack.terraform.backend;
  project = await TofuProject.create({
    files: { "cdk.tf.json": JSON.stringify(stack, null, 2) },
    devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
    env: {
      ...ovhEnv(em, alice),
      TF_VAR_second_account: JSON.stringify({
        endpoint: em.url,
        application_key: bob.applicationKey,
        application_secret: bob.applicationSecret,
        consumer_key: bob.consumerKey,
      }),
    },
  });
});

afterAll(async () => {
  await project?.cleanup();
  await plugin?.cleanup();
  await rm(outdir, { recursive: true, force: true });
  await em?.stop();
});

describe("the synthesized CDKTF example with OpenTofu", () => {
  it("plans two tenants and three subscriptions, shown in show -json", async () => {
    const { plan, changes } = await project.plan();
    expect(changes).toBe(true);
    const actions = (plan.resource_changes ?? []).map((c) => [c.type, c.change.actions[0]]);
    expect(actions.filter(([t]) => t === "o365reseller_tenant")).toHaveLength(2);
    expect(actions.filter(([t]) => t === "o365reseller_subscription")).toHaveLength(3);
    expect(actions.every(([, a]) => a === "create")).toBe(true);
  });

  it("applies: each tenant is ordered on its own account", async () => {
    await project.apply("tfplan");
    const outputs = await project.outputs();
    const nicOf = (serviceName: unknown) => em.state().tenants[String(serviceName)]?.nic;
    expect(nicOf(outputs.acme_tenant)).toBe("ab123-ovh");
    expect(nicOf(outputs.globex_tenant)).toBe("cd456-ovh");
    const { changes } = await project.plan();
    expect(changes).toBe(false);
  });
});
