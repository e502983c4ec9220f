/**
 * The native provider (plugin `pulumi-resource-o365reseller`, SDK `o365-reseller/native`) through the
 * real Pulumi CLI against the emulator, the plugin found on PATH as an install puts it there:
 * examples/pulumi-native (two accounts, two explicit providers) through preview, up, refresh, a seat
 * change (by the CLI, then by the Automation API's LocalWorkspace stack) and a refused move between
 * accounts; per-property check failures and undeclared inputs.
 * Each step checks what the engine planned and what the emulator saw (its call log).
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licenceById } from "../../emulator/catalogue.js";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import {
  engines,
  failing,
  makeWorkdir,
  type PulumiFn,
  PulumiProject,
  printed,
  type Workdir,
} from "./harness/index.js";
import {
  buildNative,
  NATIVE_SUBSCRIPTION,
  NATIVE_TENANT,
  nativeExampleConfig,
  pluginOnPath,
} from "./native-support.js";
import { credentialsOf, exportText, mutatingCalls, secretsOf, startTestEmulator } from "./pulumi-support.js";

const EXAMPLE = "../../examples/pulumi-native/index.js";
/** The emulator's calls since it was last cleared, as `METHOD path` (its admin routes left out). */
const routes = (em: EmulatorHandle) =>
  em
    .calls()
    .filter((c) => !c.path.startsWith("/_emulator"))
    .map((c) => `${c.method} ${c.path}`);
const changed = <T extends { op: string }>(steps: T[]): T[] => steps.filter((s) => s.op !== "same");

describe("examples/pulumi-native with the real Pulumi CLI and the emulator", () => {
  let em: EmulatorHandle;
  let main: AccountCredentials;
  let partner: AccountCredentials;
  let project: PulumiProject;
  let bin: Workdir;
  let program: PulumiFn;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    await buildNative();
    // Imported by a path TypeScript does not follow: the SDK it imports is generated code, typed by its
    // own tsconfig (sdk/nodejs), not by this project's stricter one.
    program = ((await import(EXAMPLE)) as { default: PulumiFn }).default;
    em = await startTestEmulator();
    main = em.createAccount({ nic: "main-reseller-ovh" });
    partner = em.createAccount({ nic: "partner-reseller-ovh" });
    bin = await makeWorkdir("native-bin");
    const path = `${await pluginOnPath(bin.path("bin"))}:${engines().path}`;
    project = await PulumiProject.create({
      fixture: "pulumi-native",
      ...nativeExampleConfig(em, main, partner),
      // The emulator has no fair-use limit: the client's default pace (60 a minute) only slows the run.
      env: { PATH: path, O365R_REQUESTS_PER_MINUTE: "6000" },
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await bin?.cleanup();
    await em?.stop();
  });

  /** The emulator's subscription of that licence in that tenant (undefined once cancelled). */
  const sub = (tenantName: string, licenseName: string) =>
    Object.values(em.state().tenants[tenantName]!.subscriptions).find(
      (s) => licenceById(s.licenseId)?.name === licenseName,
    );
  const STANDARD = "Microsoft 365 Business Standard";

  it("previews two providers, two tenants and four subscriptions, calling nothing that writes", async () => {
    em.clearCalls();
    const preview = await project.previewJson(program);
    const steps = changed(preview.steps).filter((s) => !s.urn.includes("pulumi:pulumi:Stack"));
    expect(steps.every((s) => s.op === "create")).toBe(true);
    expect(steps.filter((s) => s.urn.includes("pulumi:providers:o365reseller"))).toHaveLength(2);
    expect(steps.filter((s) => s.urn.includes(`::${NATIVE_TENANT}::`))).toHaveLength(2);
    expect(steps.filter((s) => s.urn.includes(`::${NATIVE_SUBSCRIPTION}::`))).toHaveLength(4);
    expect(mutatingCalls(em)).toEqual([]);
  });

  it("up orders each tenant in its provider's account, with progress on the resource", async () => {
    const r = await project.up(program);
    const outputs = await project.outputs();
    acme = String(outputs.acmeTenant);
    globex = String(outputs.globexTenant);
    expect(outputs.acmeAccount).toBe(main.nic);
    expect(outputs.globexAccount).toBe(partner.nic);
    expect(outputs.acmeStandardSeats).toBe(25);
    const state = em.state();
    expect(state.tenants[acme]?.nic).toBe(main.nic);
    expect(state.tenants[globex]?.nic).toBe(partner.nic);
    const orders = Object.values(state.orders);
    expect(orders.filter((o) => o.nic === main.nic)).toHaveLength(1);
    expect(orders.filter((o) => o.nic === partner.nic)).toHaveLength(1);
    const acmeSubs = Object.values(state.tenants[acme]!.subscriptions);
    expect(acmeSubs.map((s) => s.quantity).sort()).toEqual([25, 5, 5]);
    const premium = acmeSubs.find((s) => s.licenseId === 3)!;
    expect(acmeSubs.find((s) => s.parentId === premium.id)?.quantity).toBe(5);
    expect(r.stdout).toMatch(/Order \d+ placed/);
  });

  it("keeps the credentials on the providers, encrypted, and the resources' state to the schema", async () => {
    const text = await exportText(project);
    for (const secret of [...secretsOf(main), ...secretsOf(partner)]) expect(text).not.toContain(secret);
    const resources = await project.resources();
    const providers = resources.filter((r) => r.type === "pulumi:providers:o365reseller");
    expect(providers.map((p) => p.urn.split("::").pop()).sort()).toEqual(["main", "partner"]);
    for (const p of providers) {
      expect(JSON.stringify(p.inputs?.applicationSecret)).toMatch(/ciphertext/);
      expect(JSON.stringify(p.inputs?.consumerKey)).toMatch(/ciphertext/);
    }
    const tenant = resources.find((r) => r.urn.endsWith("::acme"))!;
    expect(tenant.type).toBe(NATIVE_TENANT);
    expect(tenant.id).toBe(acme);
    expect(
      Object.keys(tenant.outputs ?? {}).filter((k) => k.startsWith("__") || k === "credentials"),
    ).toEqual([]);
    expect(tenant.outputs?.contact).toMatchObject({ phone: "+49.301234567" });
    const standard = resources.find((r) => r.urn.endsWith("::acme-standard"))!;
    expect(standard.id).toBe(`${acme}/${sub(acme, STANDARD)!.id}`);
  });

  it("refresh finds no drift and a preview plans nothing", async () => {
    await project.refresh(["--expect-no-changes"]);
    await project.pulumi(["preview", "--expect-no-changes"], { program });
  });

  it("a seat change is exactly one in-place update, applied with one changeQuantity", async () => {
    await project.pulumi(["config", "set", "acmeSeats", "30"]);
    em.clearCalls();
    const preview = await project.previewJson(program);
    const previewCalls = routes(em);
    const steps = changed(preview.steps).filter((s) => !s.urn.includes("pulumi:pulumi:Stack"));
    expect(steps.map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "acme-standard"]]);
    const standard = sub(acme, STANDARD)!;
    em.clearCalls();
    await project.up(program);
    const upCalls = routes(em);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${acme}/subscription/${standard.id}/changeQuantity`,
    ]);
    expect(sub(acme, STANDARD)?.quantity).toBe(30);
    // The same core plan and apply as the dynamic provider's: the preview reads the tenant, its
    // licences and its subscriptions once, `up` carries out that plan, and the whole seat change stays
    // within issue 14's budget for Pulumi (5 calls, preview and up together).
    expect(previewCalls).toEqual([
      `GET /saas/csp2/${acme}`,
      `GET /saas/csp2/${acme}/orderableLicenses`,
      `GET /saas/csp2/${acme}/subscription`,
    ]);
    const reads = upCalls.filter((c) => c.startsWith("GET ") && !c.includes("/task/"));
    expect(reads).toEqual([...new Set(reads)]);
    expect(previewCalls.length + upCalls.length).toBeLessThanOrEqual(5);
  });

  it("the Automation API's own Stack (LocalWorkspace, inline program) drives the same stack: a second seat change", async () => {
    const stack = await project.automationStack(program);
    await stack.setConfig("acmeSeats", { value: "35" });
    em.clearCalls();
    const preview = await stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(mutatingCalls(em)).toEqual([]);
    const standard = sub(acme, STANDARD)!;
    const up = await stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.outputs.acmeStandardSeats?.value).toBe(35);
    expect(up.outputs.globexAccount?.value).toBe(partner.nic);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${acme}/subscription/${standard.id}/changeQuantity`,
    ]);
    expect(sub(acme, STANDARD)?.quantity).toBe(35);
  });

  it("pointing ACME's provider at the partner account is refused before anything is called", async () => {
    await project.pulumi([
      "config",
      "set",
      "--secret",
      "mainAccount",
      JSON.stringify(credentialsOf(em, partner)),
    ]);
    em.clearCalls();
    const preview = await failing(project.pulumi(["preview"], { program }));
    expect(printed(preview)).toContain(
      `Tenant ${acme} belongs to OVHcloud account ${main.nic} but these credentials are for ${partner.nic}`,
    );
    expect(printed(preview)).toContain("cannot move between OVHcloud accounts");
    const up = await failing(project.up(program));
    expect(printed(up)).toContain(`belongs to OVHcloud account ${main.nic}`);
    expect(mutatingCalls(em)).toEqual([]);
    expect(printed(up)).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(em.state().tenants[acme]?.nic).toBe(main.nic);
    await project.pulumi([
      "config",
      "set",
      "--secret",
      "mainAccount",
      JSON.stringify(credentialsOf(em, main)),
    ]);
    // The failed up recorded the provider's new credentials (a provider update calls nothing); putting
    // the right ones back is one more provider update, and then nothing is left to change.
    await project.up(program);
    expect(mutatingCalls(em)).toEqual([]);
    await project.pulumi(["preview", "--expect-no-changes"], { program });
  });

  /** The example with one resource's inputs changed by a transform. */
  const changing =
    (name: string, change: (props: Record<string, unknown>) => Record<string, unknown>): PulumiFn =>
    async () => {
      pulumi.runtime.registerResourceTransform(async (args) =>
        args.name === name ? { props: change(args.props), opts: args.opts } : undefined,
      );
      return program();
    };

  it("bad inputs fail the preview per property, before any call", async () => {
    em.clearCalls();
    const bad = changing("acme", (p) => ({
      ...p,
      mpnId: "12",
      contact: { ...(p.contact as object), email: "not-an-email" },
    }));
    const text = printed(await failing(project.pulumi(["preview"], { program: bad })));
    expect(text).toMatch(/property mpnId value \{12\} has a problem: [^\n]*6 to 10 digits/i);
    expect(text).toMatch(/property contact\.email [^\n]*e-mail address[^\n]*not-an-email/);
    expect(mutatingCalls(em)).toEqual([]);
  });

  it("a credentials input is refused, naming where credentials belong", async () => {
    em.clearCalls();
    const stray = changing("globex-e3", (p) => ({
      ...p,
      credentials: { applicationKey: "not-a-real-key" },
    }));
    const text = printed(await failing(project.pulumi(["preview"], { program: stray })));
    expect(text).toMatch(/property credentials [^\n]*credentials belong to the provider/);
    expect(mutatingCalls(em)).toEqual([]);
  });
});
