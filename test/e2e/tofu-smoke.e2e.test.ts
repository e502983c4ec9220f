/**
 * Smoke test of the real OpenTofu CLI (issue 4): init, plan -out, show -json, apply, a change, destroy,
 * with a CLI config that reaches no registry.
 */
import { chmod, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines, makeWorkdir, O365R_PROVIDER_SOURCE, TofuProject, type Workdir } from "./harness/index.js";

describe("tofu smoke (real CLI, built-in terraform_data)", () => {
  let project: TofuProject;

  beforeAll(async () => {
    project = await TofuProject.create({ fixture: "tofu-smoke" });
  });
  afterAll(async () => {
    await project?.cleanup();
  });

  it("runs the built CLI at the pinned version", async () => {
    const r = await project.tofu(["version", "-json"]);
    expect(JSON.parse(r.stdout).terraform_version).toBe(engines().tofu.version);
  });

  it("inits offline", async () => {
    const r = await project.init();
    expect(r.stdout).toMatch(/OpenTofu has been successfully initialized/);
  });

  it("plans a create, shown in show -json", async () => {
    const { plan, changes } = await project.plan();
    expect(changes).toBe(true);
    expect(plan.resource_changes?.map((c) => [c.address, c.change.actions])).toEqual([
      ["terraform_data.greeting", ["create"]],
    ]);
    expect(plan.resource_changes?.[0]?.change.after).toMatchObject({ input: "hello" });
  });

  it("applies the saved plan", async () => {
    await project.apply("tfplan");
    expect(await project.outputs()).toEqual({ greeting: "hello" });
  });

  it("plans no change when nothing changed", async () => {
    const { changes } = await project.plan();
    expect(changes).toBe(false);
  });

  it("plans an in-place update when the input changes, and applies it", async () => {
    const { plan, changes } = await project.plan(["-var", "message=hello, world"]);
    expect(changes).toBe(true);
    expect(plan.resource_changes?.[0]?.change.actions).toEqual(["update"]);
    expect(plan.resource_changes?.[0]?.change.before).toMatchObject({ input: "hello" });
    await project.apply("tfplan");
    expect(await project.outputs()).toEqual({ greeting: "hello, world" });
  });

  it("destroys everything", async () => {
    await project.destroy(["-var", "message=hello, world"]);
    const state = await project.state();
    expect(state.values?.root_module?.resources ?? []).toEqual([]);
  });
});

describe("tofu CLI config from the harness", () => {
  let project: TofuProject;
  let providerDir: Workdir;

  beforeAll(async () => {
    // A stand-in provider that only proves tofu started it: it exits without the plugin handshake.
    providerDir = await makeWorkdir("fake-provider");
    const script = providerDir.path("terraform-provider-o365reseller");
    await writeFile(script, "#!/bin/sh\necho 'stand-in provider started' >&2\nexit 3\n");
    await chmod(script, 0o755);
    project = await TofuProject.create({
      files: {
        "main.tf": [
          "terraform {",
          `  required_providers {\n    o365reseller = { source = "${O365R_PROVIDER_SOURCE}" }\n  }`,
          "}",
          'provider "o365reseller" {}',
          "",
        ].join("\n"),
      },
      devOverrides: { [O365R_PROVIDER_SOURCE]: providerDir.dir },
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await providerDir?.cleanup();
  });

  it("starts our provider from the dev_overrides dir, without init and without any registry", async () => {
    const r = await project.tofu(["plan", "-no-color"], { okCodes: [1] });
    const out = r.stdout + r.stderr;
    expect(out).toContain("Provider development overrides are in effect");
    expect(out).toContain(`${providerDir.dir}/terraform-provider-o365reseller`);
    expect(out).not.toMatch(/registry\.(opentofu|terraform)\.io\/v1/);
  });
});
