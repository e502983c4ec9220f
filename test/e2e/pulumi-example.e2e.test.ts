/**
 * examples/pulumi through the real Pulumi CLI against the emulator, one stack through a reseller's
 * working life: preview, up (two accounts), no drift, a seat change, a change behind our back, a
 * licence change, a refused move to another account, destroy refused for tenants, then allowed.
 * Each step checks what the engine planned and what the emulator saw (its call log).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licenceById } from "../../emulator/catalogue.js";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient } from "../../provider/ovh/index.js";
import { failing, type PulumiFn, PulumiProject, printed, REPO_ROOT } from "./harness/index.js";
import {
  buildPackage,
  credentialsOf,
  exampleConfig,
  exportText,
  mutatingCalls,
  SUBSCRIPTION_TYPE,
  secretsOf,
  startTestEmulator,
  TENANT_TYPE,
} from "./pulumi-support.js";

const urnEnds = (name: string) => (s: { urn: string }) => s.urn.endsWith(`::${name}`);
const changed = <T extends { op: string }>(steps: T[]): T[] => steps.filter((s) => s.op !== "same");
describe("examples/pulumi with the real Pulumi CLI and the emulator", () => {
  let em: EmulatorHandle;
  let main: AccountCredentials;
  let partner: AccountCredentials;
  let project: PulumiProject;
  let acme: string;
  let globex: string;

  let program: PulumiFn;

  beforeAll(async () => {
    await buildPackage();
    // Imported once dist/ is compiled: the example imports o365-reseller/pulumi from there.
    program = (await import("../../examples/pulumi/index.js")).default as PulumiFn;
    em = await startTestEmulator();
    main = em.createAccount({ nic: "main-reseller-ovh" });
    partner = em.createAccount({ nic: "partner-reseller-ovh" });
    project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, main, partner) });
  });
  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  /** The emulator's subscription of that licence in that tenant (undefined once cancelled). */
  const sub = (tenantName: string, licenseName: string) =>
    Object.values(em.state().tenants[tenantName]!.subscriptions).find(
      (s) => licenceById(s.licenseId)?.name === licenseName,
    );

  it("keeps the fixture's project in step with the root Pulumi.yaml", async () => {
    const root = await readFile(join(REPO_ROOT, "Pulumi.yaml"), "utf8");
    const fixture = await readFile(join(REPO_ROOT, "test/e2e/fixtures/pulumi-example/Pulumi.yaml"), "utf8");
    const body = (t: string) => t.slice(t.indexOf("\nname:")).replace(/^main:.*\n/m, "");
    expect(body(fixture)).toBe(body(root));
  });

  it("previews two tenants and four subscriptions, calling nothing that writes", async () => {
    em.clearCalls();
    const preview = await project.previewJson(program);
    const steps = changed(preview.steps).filter((s) => !s.urn.includes("pulumi:pulumi:Stack"));
    expect(steps.map((s) => s.op)).toEqual(Array(6).fill("create"));
    expect(steps.filter((s) => s.urn.includes(TENANT_TYPE))).toHaveLength(2);
    expect(steps.filter((s) => s.urn.includes(SUBSCRIPTION_TYPE))).toHaveLength(4);
    expect(mutatingCalls(em)).toEqual([]);
  });

  it("up orders each tenant in its own account, with progress on the resource", async () => {
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
    expect(Object.values(state.tenants[globex]!.subscriptions).map((s) => s.quantity)).toEqual([50]);
    // Progress lines of the order reach the engine's output.
    expect(r.stdout).toMatch(/Order \d+ placed/);
  });

  it("keeps every secret out of the state in plain text and out of the outputs", async () => {
    const text = await exportText(project);
    const shown = JSON.stringify(await project.outputs());
    for (const secret of [...secretsOf(main), ...secretsOf(partner)]) {
      expect(text).not.toContain(secret);
      expect(shown).not.toContain(secret);
    }
    const globexState = (await project.resources()).find((r) => r.urn.endsWith("::globex"))!;
    // The per-resource credentials are stored encrypted (a secret) in inputs and outputs.
    expect(JSON.stringify(globexState.inputs?.credentials)).toMatch(/ciphertext/);
    expect(JSON.stringify(globexState.outputs?.credentials)).toMatch(/ciphertext/);
  });

  it("serializes a small provider that captures no module", async () => {
    const resources = await project.resources();
    const sizes = new Map<string, number>();
    for (const r of resources) {
      const text = r.inputs?.__provider;
      if (typeof text !== "string") continue;
      sizes.set(r.type, text.length);
      expect(text).not.toMatch(/require\(|undici|zod|applicationSecret|consumerKey/);
      expect(text).toContain("runtime.js");
    }
    expect([...sizes.keys()].sort()).toEqual([SUBSCRIPTION_TYPE, TENANT_TYPE]);
    for (const size of sizes.values()) expect(size).toBeLessThan(8_000);
    process.stderr.write(`[e2e] serialized __provider sizes: ${JSON.stringify(Object.fromEntries(sizes))}\n`);
  });

  it("refresh finds no drift and a preview plans nothing", async () => {
    await project.refresh(["--expect-no-changes"]);
    await project.pulumi(["preview", "--expect-no-changes"], { program });
  });

  it("a seat change is exactly one in-place update, applied with one changeQuantity", async () => {
    await project.pulumi(["config", "set", "acmeSeats", "30"]);
    const preview = await project.previewJson(program);
    const steps = changed(preview.steps);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ op: "update" });
    expect(steps[0]!.urn).toMatch(/::acme-standard$/);
    // Dynamic providers report no detailed diff: the inputs show what changes.
    expect(steps[0]!.oldState?.inputs?.quantity).toBe(25);
    expect(steps[0]!.newState?.inputs?.quantity).toBe(30);

    const standard = sub(acme, "Microsoft 365 Business Standard")!;
    em.clearCalls();
    await project.up(program);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${acme}/subscription/${standard.id}/changeQuantity`,
    ]);
    expect(sub(acme, "Microsoft 365 Business Standard")?.quantity).toBe(30);
  });

  it("a change made behind our back shows in refresh, and up puts it back", async () => {
    // A colleague in the control panel: a signed call with another credential of the same account.
    const colleague = em.addCredential(main.nic);
    const client = createOvhClient({
      endpoint: em.url,
      applicationKey: colleague.applicationKey,
      applicationSecret: colleague.applicationSecret,
      consumerKey: colleague.consumerKey,
      env: {},
      configFiles: [],
      log: false,
    });
    const api = createCsp2Api(client, { taskPoll: { initialMs: 100, maxMs: 500, factor: 1.5 } });
    const standard = sub(acme, "Microsoft 365 Business Standard")!;
    const task = await api.changeQuantity(acme, standard.id, 32);
    await api.waitForTask(acme, task.id);
    await client.close();

    const r = await project.refresh();
    expect(r.stdout).toMatch(/acme-standard/);
    expect(r.stdout).toMatch(/1 updated|updated: 1|~ 1 updated/i);
    const stored = (await project.resources()).find((x) => x.urn.endsWith("::acme-standard"))!;
    expect(stored.outputs?.quantity).toBe(32);
    expect(stored.inputs?.quantity).toBe(32);

    const preview = await project.previewJson(program);
    const steps = changed(preview.steps);
    expect(steps.map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "acme-standard"]]);
    expect(steps[0]!.newState?.inputs?.quantity).toBe(30);
    await project.up(program);
    expect(sub(acme, "Microsoft 365 Business Standard")?.quantity).toBe(30);
  });

  it("a licence change replaces the subscription, the new one first", async () => {
    await project.pulumi(["config", "set", "acmeLicense", "Microsoft 365 Business Basic"]);
    const preview = await project.previewJson(program);
    const steps = changed(preview.steps).filter(urnEnds("acme-standard"));
    expect(steps.map((s) => s.op)).toEqual(["replace"]);
    expect(steps[0]!.replaceReasons).toEqual(["license"]);
    const diff = await project.pulumi(["preview", "--diff"], { program });
    expect(diff.stdout).toMatch(/pulumi-nodejs:dynamic\/o365reseller:Subscription: \(replace\)/);
    expect(diff.stdout).toMatch(
      /license\s*: "Microsoft 365 Business Standard" => "Microsoft 365 Business Basic"/,
    );

    const old = sub(acme, "Microsoft 365 Business Standard")!;
    em.clearCalls();
    await project.up(program);
    const writes = mutatingCalls(em).map((c) => `${c.method} ${c.path}`);
    const ordered = writes.indexOf(`POST /saas/csp2/${acme}/subscription`);
    const cancelled = writes.indexOf(`DELETE /saas/csp2/${acme}/subscription/${old.id}`);
    expect(ordered).toBeGreaterThanOrEqual(0);
    expect(cancelled).toBeGreaterThan(ordered);
    expect(sub(acme, "Microsoft 365 Business Standard")).toBeUndefined();
    expect(sub(acme, "Microsoft 365 Business Basic")?.quantity).toBe(30);
  });

  it("moving a tenant to another account is refused before anything is called", async () => {
    // The same program, with ACME's resources pointed at the partner account's credentials.
    const moved = async () => {
      pulumi.runtime.registerResourceTransform(async (args) =>
        args.name.startsWith("acme")
          ? { props: { ...args.props, credentials: credentialsOf(em, partner) }, opts: args.opts }
          : undefined,
      );
      return program();
    };
    em.clearCalls();
    const preview = await failing(project.pulumi(["preview"], { program: moved }));
    expect(printed(preview)).toContain(
      `Tenant ${acme} belongs to OVHcloud account ${main.nic} but these credentials are for ${partner.nic}`,
    );
    expect(printed(preview)).toContain("cannot move between OVHcloud accounts");
    const up = await failing(project.up(moved));
    expect(printed(up)).toContain(`belongs to OVHcloud account ${main.nic}`);
    expect(mutatingCalls(em)).toEqual([]);
    expect(printed(up)).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it("destroy cancels the subscriptions and refuses to end the tenants", async () => {
    em.clearCalls();
    const r = await failing(project.destroy());
    expect(printed(r)).toContain(`Tenant ${acme} would be deleted.`);
    expect(printed(r)).toContain("allowTermination: true");
    expect(printed(r)).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    const left = (await project.resources()).filter(
      (x) => x.type === TENANT_TYPE || x.type === SUBSCRIPTION_TYPE,
    );
    expect(left.map((x) => x.urn.split("::").pop()).sort()).toEqual(["acme", "globex"]);
    expect(Object.keys(em.state().tenants[acme]!.subscriptions)).toEqual([]);
    expect(Object.keys(em.state().tenants[globex]!.subscriptions)).toEqual([]);
    expect(em.state().tenants[acme]!.renew.deleteAtExpiration).toBe(false);
  });

  it("with allowTermination applied first, destroy ends the tenants at expiry", async () => {
    await project.pulumi(["config", "set", "allowTermination", "true"]);
    const tenants = (await project.resources()).filter((x) => x.type === TENANT_TYPE).map((x) => x.urn);
    em.clearCalls();
    // Only the tenants: the subscriptions are cancelled and must not be ordered again.
    await project.up(
      program,
      tenants.flatMap((u) => ["--target", u]),
    );
    expect(mutatingCalls(em)).toEqual([]);
    await project.destroy();
    expect(em.state().tenants[acme]!.renew.deleteAtExpiration).toBe(true);
    expect(em.state().tenants[globex]!.renew.deleteAtExpiration).toBe(true);
    expect((await project.resources()).filter((x) => x.type === TENANT_TYPE)).toEqual([]);
  });
});
