/**
 * Smoke test of the real Pulumi CLI (issue 4): preview, up, refresh, a change shown in `preview --json`,
 * up again, destroy; state in a file:// backend in a throwaway dir; the dynamic provider runs through the
 * pulumi-resource-pulumi-nodejs shim from node_modules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import program from "./fixtures/pulumi-smoke/index.js";
import { engines, PulumiProject } from "./harness/index.js";

const TYPE = "pulumi-nodejs:dynamic/smoke:Greeting";

describe("pulumi smoke (real CLI, dynamic provider, local backend)", () => {
  let project: PulumiProject;

  beforeAll(async () => {
    project = await PulumiProject.create({ fixture: "pulumi-smoke", config: { message: "hello" } });
  });
  afterAll(async () => {
    await project?.cleanup();
  });

  it("runs the built CLI at the pinned version", () => {
    expect(engines().pulumi.version).toMatch(/^3\.\d+\.\d+$/);
  });

  it("previews a create", async () => {
    const preview = await project.previewJson(program);
    const ops = preview.steps.filter((s) => s.urn.includes(TYPE)).map((s) => s.op);
    expect(ops).toEqual(["create"]);
  });

  it("creates the resource and exports its outputs", async () => {
    const r = await project.up(program);
    // The dynamic-provider shim sits beside the pulumi binary, as in a release: no warning on each step.
    expect(`${r.stdout}${r.stderr}`).not.toContain("pulumi-resource-pulumi-nodejs from $PATH");
    expect(await project.outputs()).toEqual({ message: "hello", length: 5 });
    const greeting = (await project.resources()).find((r) => r.type === TYPE);
    expect(greeting?.id).toBe("greeting-hello");
  });

  it("refreshes without changes", async () => {
    const r = await project.refresh(["--expect-no-changes"]);
    expect(r.stdout).toMatch(/Resources:/);
  });

  it("shows an update in preview --json after a config change, then applies it", async () => {
    await project.pulumi(["config", "set", "message", "hello, world"]);
    const preview = await project.previewJson(program);
    const step = preview.steps.find((s) => s.urn.includes(TYPE));
    expect(step?.op).toBe("update");
    // A dynamic provider's diff says only "changed", so the engine reports no diffReasons: compare states.
    expect(step?.oldState?.inputs?.message).toBe("hello");
    expect(step?.newState?.inputs?.message).toBe("hello, world");

    await project.up(program);
    expect(await project.outputs()).toEqual({ message: "hello, world", length: 12 });
    // Nothing left to do.
    await project.pulumi(["preview", "--expect-no-changes"], { program });
  });

  it("destroys everything", async () => {
    await project.destroy();
    const left = (await project.resources()).filter((r) => r.type === TYPE);
    expect(left).toEqual([]);
  });

  it("drives the same stack through the Automation API", async () => {
    const stack = await project.automationStack(program);
    const up = await stack.up();
    // The stack resource and the Greeting.
    expect(up.summary.resourceChanges?.create).toBe(2);
    expect(up.outputs.message?.value).toBe("hello, world");
    const destroyed = await stack.destroy();
    expect(destroyed.summary.resourceChanges?.delete).toBe(2);
  });
});
