/**
 * The native provider installed from its tarball (`pulumi plugin install resource o365reseller
 * VERSION --file …`, into the test's PULUMI_HOME, nothing on PATH), the default provider configured by
 * the stack config `o365reseller:*`, and the import of a tenant and a subscription that exist already
 * (the `import` resource option: the engine reads each by its id alone, as `pulumi import` does):
 * ownership checked, nothing ordered, and the program that declares them previews no change.
 * `pulumi import` on the command line loads the project's language plugin, and the Node one
 * (pulumi-language-nodejs) cannot be built here (engines.versions.json, notBuilt): this TypeScript
 * program runs inline; the command itself is run in a YAML project (pulumi-native-yaml.e2e.test.ts).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { packageVersion } from "../../provider/package-info.js";
import { failing, type PulumiFn, PulumiProject, printed, run } from "./harness/index.js";
import {
  buildNative,
  defaultProviderConfig,
  installPluginTarball,
  LEGACY,
  NATIVE_SUBSCRIPTION,
  NATIVE_TENANT,
  seedLegacy,
} from "./native-support.js";
import { mutatingCalls, startTestEmulator } from "./pulumi-support.js";

/** o365-reseller/native, by a name TypeScript does not follow (generated code, typed by its own tsconfig). */
const SDK = "o365-reseller/native";
interface Sdk {
  Tenant: new (name: string, args: Record<string, unknown>, opts?: object) => { serviceName: unknown };
  Subscription: new (name: string, args: Record<string, unknown>, opts?: object) => unknown;
}

describe("pulumi import with the native provider installed from its tarball", () => {
  let em: EmulatorHandle;
  let main: AccountCredentials;
  let partner: AccountCredentials;
  let project: PulumiProject;
  let sdk: Sdk;
  let seeded: { serviceName: string; subscriptionId: number };
  let foreign: string;

  beforeAll(async () => {
    await buildNative();
    sdk = (await import(SDK)) as Sdk;
    em = await startTestEmulator();
    main = em.createAccount({ nic: "main-reseller-ovh" });
    partner = em.createAccount({ nic: "partner-reseller-ovh" });
    seeded = seedLegacy(em, main.nic);
    foreign = em.createTenant({ account: partner.nic, displayName: "Not Ours SA" }).serviceName;
    const stack = defaultProviderConfig(em, main);
    project = await PulumiProject.create({
      fixture: "pulumi-native",
      config: stack.config,
      secrets: { ...stack.secrets, mainAccount: "{}", partnerAccount: "{}" },
    });
    await installPluginTarball(project.engines.pulumi.path, project.work.path("plugin"), {
      cwd: project.dir,
      env: project.env,
    });
  });
  /** `pulumi plugin …` (takes no stack) with the project's environment and home. */
  const plugin = (args: string[]) =>
    run(project.engines.pulumi.path, ["plugin", ...args], { cwd: project.dir, env: project.env });

  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  it("installs the plugin into PULUMI_HOME's plugin cache", async () => {
    const r = await plugin(["ls", "--json"]);
    const plugins = JSON.parse(r.stdout) as { name: string; kind: string; version: string; path?: string }[];
    const ours = plugins.find((p) => p.name === "o365reseller");
    expect(ours).toMatchObject({ kind: "resource", version: packageVersion() });
    expect(project.env.PATH).not.toMatch(/pulumi-resource-o365reseller/);
    expect(await readdir(join(project.env.PULUMI_HOME!, "plugins"))).toContain(
      `resource-o365reseller-v${packageVersion()}`,
    );
  });

  /** The program that declares the seeded tenant and subscription, importing them by id when asked. */
  const declaring =
    (opts: { import?: boolean } = {}): PulumiFn =>
    async () => {
      const tenant = new sdk.Tenant(
        "legacy",
        { ...LEGACY.tenant, contact: { ...LEGACY.tenant.contact } },
        opts.import ? { import: seeded.serviceName } : {},
      );
      new sdk.Subscription(
        "legacy-standard",
        { tenant: tenant.serviceName, ...LEGACY.subscription },
        opts.import ? { import: `${seeded.serviceName}/${seeded.subscriptionId}` } : {},
      );
      return {};
    };

  it("imports a tenant and its subscription by id (a read with only the id), ordering nothing", async () => {
    em.clearCalls();
    const r = await project.up(declaring({ import: true }));
    expect(r.stdout).toMatch(/2 imported/);
    expect(mutatingCalls(em)).toEqual([]);
    const resources = await project.resources();
    const tenant = resources.find((x) => x.urn.endsWith("::legacy"))!;
    expect(tenant).toMatchObject({ type: NATIVE_TENANT, id: seeded.serviceName });
    expect(tenant.outputs).toMatchObject({ ovhAccount: main.nic, displayName: "Legacy Ltd" });
    const standard = resources.find((x) => x.urn.endsWith("::legacy-standard"))!;
    expect(standard).toMatchObject({
      type: NATIVE_SUBSCRIPTION,
      id: `${seeded.serviceName}/${seeded.subscriptionId}`,
    });
    expect(standard.outputs).toMatchObject({ quantity: 12, ovhAccount: main.nic });
  });

  it("then the program previews no change and a refresh finds none", async () => {
    em.clearCalls();
    await project.pulumi(["preview", "--expect-no-changes"], { program: declaring() });
    await project.refresh(["--expect-no-changes"]);
    expect(mutatingCalls(em)).toEqual([]);
  });

  it("importing another account's tenant fails with the ownership message and adds nothing", async () => {
    em.clearCalls();
    const program: PulumiFn = async () => {
      new sdk.Tenant(
        "foreign",
        {
          displayName: "Not Ours SA",
          mpnId: "1234567",
          contact: {
            firstName: "A",
            lastName: "B",
            email: "a@b.example",
            phone: "+33.140000000",
            address: "x",
            city: "Paris",
            zipCode: "75002",
          },
        },
        { import: foreign },
      );
      return {};
    };
    const r = await failing(project.up(program));
    expect(printed(r)).toContain(foreign);
    expect(printed(r)).toContain(main.nic);
    expect(mutatingCalls(em)).toEqual([]);
    expect((await project.resources()).some((x) => x.urn.endsWith("::foreign"))).toBe(false);
  });
});
