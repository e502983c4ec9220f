/**
 * A stack of the dynamic provider moved to the native one with aliases, through the real Pulumi CLI:
 * examples/pulumi (dynamic, one account by stack config and one by per-resource credentials) is up;
 * then the same stack runs examples/pulumi-native (two explicit providers) with the one-line
 * migration transform `aliasDynamicResources`. Nothing is ordered, changed or cancelled (the
 * emulator's call log shows no write), the state is the native provider's afterwards, and a preview
 * expects no change.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { engines, makeWorkdir, type PulumiFn, PulumiProject, type Workdir } from "./harness/index.js";
import { buildNative, NATIVE_SUBSCRIPTION, NATIVE_TENANT, pluginOnPath } from "./native-support.js";
import {
  buildPackage,
  credentialsOf,
  exampleConfig,
  mutatingCalls,
  SUBSCRIPTION_TYPE,
  startTestEmulator,
  TENANT_TYPE,
} from "./pulumi-support.js";

/** The native example, by a path TypeScript does not follow (its SDK is generated code). */
const NATIVE_EXAMPLE = "../../examples/pulumi-native/index.js";

describe("migrating a stack from the dynamic provider to the native one", () => {
  let em: EmulatorHandle;
  let main: AccountCredentials;
  let partner: AccountCredentials;
  let project: PulumiProject;
  let bin: Workdir;
  let dynamicProgram: PulumiFn;
  let nativeProgram: PulumiFn;
  let before: { urn: string; id?: string }[];

  beforeAll(async () => {
    await buildPackage();
    await buildNative();
    dynamicProgram = (await import("../../examples/pulumi/index.js")).default as PulumiFn;
    const native = ((await import(NATIVE_EXAMPLE)) as { default: PulumiFn }).default;
    const { aliasDynamicResources } = await import("../../provider/pulumi/migrate.js");
    nativeProgram = async () => {
      pulumi.runtime.registerResourceTransform(aliasDynamicResources);
      return native();
    };
    em = await startTestEmulator();
    main = em.createAccount({ nic: "main-reseller-ovh" });
    partner = em.createAccount({ nic: "partner-reseller-ovh" });
    bin = await makeWorkdir("native-bin");
    const dynamic = exampleConfig(em, main, partner);
    project = await PulumiProject.create({
      // The same project and stack for both programs: a resource's URN names its project.
      fixture: "pulumi-example",
      config: dynamic.config,
      secrets: { ...dynamic.secrets, mainAccount: JSON.stringify(credentialsOf(em, main)) },
      env: {
        PATH: `${await pluginOnPath(bin.path("bin"))}:${engines().path}`,
        O365R_REQUESTS_PER_MINUTE: "6000",
      },
    });
    await project.up(dynamicProgram);
    before = (await project.resources()).filter((r) => [TENANT_TYPE, SUBSCRIPTION_TYPE].includes(r.type));
  });
  afterAll(async () => {
    await project?.cleanup();
    await bin?.cleanup();
    await em?.stop();
  });

  it("the dynamic stack holds two tenants and four subscriptions", () => {
    expect(before).toHaveLength(6);
  });

  it("previews the move as no change of any tenant or subscription, and two providers to create", async () => {
    em.clearCalls();
    const preview = await project.previewJson(nativeProgram, ["--show-sames"]);
    const ours = preview.steps.filter(
      (s) => s.urn.includes(`::${NATIVE_TENANT}::`) || s.urn.includes(`::${NATIVE_SUBSCRIPTION}::`),
    );
    expect(ours).toHaveLength(6);
    expect(new Set(ours.map((s) => s.op))).toEqual(new Set(["same"]));
    const providers = preview.steps.filter((s) => s.urn.includes("pulumi:providers:o365reseller"));
    expect(providers.map((s) => s.op)).toEqual(["create", "create"]);
    expect(preview.steps.filter((s) => s.urn.includes("pulumi-nodejs:dynamic")).map((s) => s.op)).toEqual([]);
    expect(mutatingCalls(em)).toEqual([]);
  });

  it("up and a refresh move the stack writing nothing at OVHcloud, and leave the native provider's state", async () => {
    em.clearCalls();
    const orders = Object.keys(em.state().orders).length;
    await project.up(nativeProgram);
    await project.refresh();
    expect(mutatingCalls(em)).toEqual([]);
    expect(Object.keys(em.state().orders)).toHaveLength(orders);
    const after = await project.resources();
    expect(after.filter((r) => r.type === TENANT_TYPE || r.type === SUBSCRIPTION_TYPE)).toEqual([]);
    const moved = after.filter((r) => r.type === NATIVE_TENANT || r.type === NATIVE_SUBSCRIPTION);
    // The same objects, by the same ids.
    expect(moved.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    for (const r of moved) {
      expect(Object.keys(r.outputs ?? {}).filter((k) => k.startsWith("__") || k === "credentials")).toEqual(
        [],
      );
      expect(Object.keys(r.inputs ?? {}).filter((k) => k.startsWith("__") || k === "credentials")).toEqual(
        [],
      );
    }
    expect(after.some((r) => r.type === "pulumi:providers:pulumi-nodejs")).toBe(false);
  });

  it("then a preview expects no change and a refresh finds none", async () => {
    em.clearCalls();
    await project.pulumi(["preview", "--expect-no-changes"], { program: nativeProgram });
    await project.refresh(["--expect-no-changes"]);
    expect(mutatingCalls(em)).toEqual([]);
  });
});
