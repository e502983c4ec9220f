/**
 * `pulumi import` on the command line, as the README gives it, with the native provider installed from
 * its tarball and a Pulumi YAML project: the CLI needs the project's language host for `import` (it
 * writes the code) and to run a program by itself. The Node host cannot be had here (engines.versions.json,
 * notBuilt); the YAML host is built (pulumi-language-yaml), so this is the one place the real CLI runs
 * everything without the Automation API: import of a seeded tenant and subscription (ownership checked,
 * nothing ordered), the code it writes pasted into Pulumi.yaml and previewed with no change, a seat
 * change, and imports of another account's tenant and subscription refused.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { failing, PulumiProject, printed } from "./harness/index.js";
import {
  defaultProviderConfig,
  installPluginTarball,
  LEGACY,
  NATIVE_SUBSCRIPTION,
  NATIVE_TENANT,
  seedLegacy,
} from "./native-support.js";
import { mutatingCalls, secretsOf, startTestEmulator } from "./pulumi-support.js";

type YamlProgram = { resources?: Record<string, { type: string; properties: Record<string, unknown> }> };

describe("pulumi import and a YAML program on the native provider, by the CLI alone", () => {
  let em: EmulatorHandle;
  let main: AccountCredentials;
  let partner: AccountCredentials;
  let project: PulumiProject;
  let seeded: { serviceName: string; subscriptionId: number };
  let foreign: { serviceName: string; subscriptionId: number };
  let header: string;

  beforeAll(async () => {
    em = await startTestEmulator();
    main = em.createAccount({ nic: "main-reseller-ovh" });
    partner = em.createAccount({ nic: "partner-reseller-ovh" });
    seeded = seedLegacy(em, main.nic);
    const f = em.createTenant({
      account: partner.nic,
      displayName: "Not Ours SA",
      subscriptions: [{ license: "Office 365 E3", quantity: 3 }],
    });
    foreign = { serviceName: f.serviceName, subscriptionId: f.subscriptions[0]!.id };
    project = await PulumiProject.create({
      fixture: "pulumi-native-yaml",
      ...defaultProviderConfig(em, main),
    });
    header = await readFile(join(project.dir, "Pulumi.yaml"), "utf8");
    await installPluginTarball(project.engines.pulumi.path, project.work.path("plugin"), {
      cwd: project.dir,
      env: project.env,
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  /** `pulumi import TYPE NAME ID`, the code it writes going to a file of the work dir; returns that code. */
  async function importOne(type: string, name: string, id: string): Promise<YamlProgram> {
    const file = project.work.path(`${name}.yaml`);
    await project.pulumi(["import", type, name, id, "--yes", "--out", file]);
    return parse(await readFile(file, "utf8")) as YamlProgram;
  }

  let code: YamlProgram;

  it("imports the tenant and then its subscription, ordering nothing, and writes their code", async () => {
    em.clearCalls();
    const tenant = await importOne(NATIVE_TENANT, "legacy", seeded.serviceName);
    const standard = await importOne(
      NATIVE_SUBSCRIPTION,
      "legacy-standard",
      `${seeded.serviceName}/${seeded.subscriptionId}`,
    );
    expect(mutatingCalls(em)).toEqual([]);
    expect(tenant.resources?.legacy).toMatchObject({
      type: "o365reseller:Tenant",
      properties: LEGACY.tenant,
    });
    expect(standard.resources?.["legacy-standard"]).toMatchObject({
      type: "o365reseller:Subscription",
      properties: { tenant: seeded.serviceName, ...LEGACY.subscription },
    });
    code = { resources: { ...tenant.resources, ...standard.resources } };
    const resources = await project.resources();
    expect(resources.find((r) => r.urn.endsWith("::legacy"))).toMatchObject({
      type: NATIVE_TENANT,
      id: seeded.serviceName,
      outputs: { ovhAccount: main.nic },
    });
    expect(resources.find((r) => r.urn.endsWith("::legacy-standard"))).toMatchObject({
      type: NATIVE_SUBSCRIPTION,
      id: `${seeded.serviceName}/${seeded.subscriptionId}`,
      outputs: { quantity: 12, ovhAccount: main.nic },
    });
  });

  it("keeps the stack config's credentials encrypted in the state", async () => {
    const text = (await project.pulumi(["stack", "export"])).stdout;
    for (const secret of secretsOf(main)) expect(text).not.toContain(secret);
  });

  /** Pulumi.yaml: the fixture's header and the imported code, the subscription naming its tenant by reference. */
  async function writeProgram(quantity: number) {
    const program = structuredClone(code);
    const standard = program.resources!["legacy-standard"]!;
    // Pulumi YAML's interpolation of another resource's output (not a JavaScript template).
    standard.properties.tenant = ["$", "{legacy.serviceName}"].join("");
    standard.properties.quantity = quantity;
    await project.writeFile("Pulumi.yaml", `${header}${stringify(program)}`);
  }

  it("the written code, pasted into Pulumi.yaml, previews no change and a refresh finds none", async () => {
    await writeProgram(12);
    em.clearCalls();
    await project.pulumi(["preview", "--expect-no-changes"]);
    await project.refresh(["--expect-no-changes"]);
    expect(mutatingCalls(em)).toEqual([]);
  });

  it("a seat change in the YAML program is one in-place update, applied with one changeQuantity", async () => {
    await writeProgram(15);
    const preview = await project.previewJson(undefined);
    const changed = preview.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn.split("::").pop()]);
    expect(changed).toEqual([["update", "legacy-standard"]]);
    em.clearCalls();
    await project.up(undefined);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${seeded.serviceName}/subscription/${seeded.subscriptionId}/changeQuantity`,
    ]);
    expect(em.state().tenants[seeded.serviceName]?.subscriptions[seeded.subscriptionId]?.quantity).toBe(15);
    await project.pulumi(["preview", "--expect-no-changes"]);
  });

  it("importing another account's tenant or subscription is refused (not visible to this account), adding nothing", async () => {
    em.clearCalls();
    for (const [type, name, id] of [
      [NATIVE_TENANT, "foreign", foreign.serviceName],
      [NATIVE_SUBSCRIPTION, "foreign-e3", `${foreign.serviceName}/${foreign.subscriptionId}`],
    ] as const) {
      const r = await failing(project.pulumi(["import", type, name, id, "--yes"]));
      expect(printed(r)).toContain(foreign.serviceName);
      // The API answers another account's object as it answers a missing one: the message says both.
      expect(printed(r)).toContain(`is not visible to OVHcloud account ${main.nic}`);
      expect((await project.resources()).some((x) => x.urn.endsWith(`::${name}`))).toBe(false);
    }
    expect(mutatingCalls(em)).toEqual([]);
  });
});
