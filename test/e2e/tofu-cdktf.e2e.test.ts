/**
 * The CDKTF example (examples/cdktf), synthesized as CDKTF users do, by the CLI reading cdktf.json
 * (`cdktn synth`: CDK Terrain's CLI, the maintained fork; cdktf-cli needs a native addon), through the
 * real OpenTofu and
 * our provider: init (the stack's local backend, our provider from the filesystem mirror that
 * `o365r terraform-setup` writes) → plan -out → show -json → apply, two tenants on two accounts
 * (provider aliases).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { makeWorkdir, ovhEnv, REPO_ROOT, run, TofuProject, type Workdir } from "./harness/index.js";

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
  // The provider as a user installs it: `o365r terraform-setup` writes a filesystem mirror. The harness's
  // CLI config uses only that mirror (no `direct`), so init never reaches a registry.
  plugin = await makeWorkdir("cdktf-setup");
  await run(process.execPath, [join(REPO_ROOT, "bin", "o365r.js"), "terraform-setup", "--dir", plugin.dir], {
    cwd: plugin.dir,
    env: { ...process.env, O365R_FROM_SOURCE: "1" },
  });
  outdir = await mkdtemp(join(tmpdir(), "o365r-e2e-cdktf-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    PATH: `${join(REPO_ROOT, "node_modules", ".bin")}:${process.env.PATH}`,
  };
  delete env.TF_CLI_CONFIG_FILE;
  const synth = await run(join(REPO_ROOT, "node_modules", ".bin", "cdktn"), ["synth", "--output", outdir], {
    cwd: REPO_ROOT,
    env,
    timeoutMs: 180_000,
  });
  expect(synth.stdout).toContain("Generated Terraform code for the stacks: reseller");
  const stack = JSON.parse(await readFile(join(outdir, "stacks/reseller/cdk.tf.json"), "utf8"));
  // CDKTF always writes a local backend; it stays, and needs `tofu init`. Its default path is absolute,
  // under the synthesizing process's cwd (here the repository): the state goes to the working dir instead.
  expect(stack.terraform.backend.local.path).toMatch(/terraform\.reseller\.tfstate$/);
  stack.terraform.backend.local.path = "terraform.reseller.tfstate";
  project = await TofuProject.create({
    files: { "cdk.tf.json": JSON.stringify(stack, null, 2) },
    filesystemMirror: plugin.path("mirror"),
    env: {
      // The launcher runs the sources unless the dist build is what is tested.
      ...(process.env.O365R_E2E_DIST === "1" ? {} : { O365R_FROM_SOURCE: "1" }),
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
  it("inits: the local backend, and our provider from the mirror, locked", async () => {
    const init = await project.init();
    expect(init.stdout).toMatch(/Successfully configured the backend "local"/);
    expect(init.stdout).toMatch(/Installed o365-reseller\/o365reseller v/);
    expect(await project.readFile(".terraform.lock.hcl")).toMatch(/\/o365-reseller\/o365reseller" \{/);
    expect(init.stdout).not.toMatch(/development overrides/);
  });

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
    // The backend's state file, in the working dir.
    const state = JSON.parse(await project.readFile("terraform.reseller.tfstate"));
    expect(state.outputs.acme_tenant.value).toBe(outputs.acme_tenant);
    const { changes } = await project.plan();
    expect(changes).toBe(false);
  });
});
