/**
 * `o365r` with the real engines. Two reseller accounts with tenants nobody declared:
 *
 * 1. `o365r adopt --format hcl` for the first → real OpenTofu: the plan only imports, the apply
 *    imports, and `plan -detailed-exitcode` then exits 0; nothing is ordered.
 * 2. `o365r adopt --format pulumi` for the second → real Pulumi: `up` adopts without ordering (no
 *    POST, PUT or DELETE in the emulator's call log), then `preview` shows no change.
 * 3. `o365r drift` from the engines' own states (`terraform.tfstate`, `pulumi stack export`), after
 *    each engine also created a subscription of its own: no drift; then a colleague changes seats on
 *    both estates (signed calls with another credential of the same account) and drift exits 2,
 *    naming each change.
 *
 * The CLI runs as a user runs it (node bin/o365r.js, from the sources).
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle, SeededTenant } from "../../emulator/index.js";
import type { DriftOutput } from "../../provider/cli/handlers/drift.js";
import { createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient } from "../../provider/ovh/index.js";
import { runCli, type SpawnResult } from "../cli/harness.js";
import {
  makeWorkdir,
  ovhEnv,
  type PlanJson,
  type PulumiFn,
  PulumiProject,
  REPO_ROOT,
  type ResourceChange,
  TofuProject,
  type Workdir,
} from "./harness/index.js";
import { buildPackage, MUTATING, startTestEmulator } from "./pulumi-support.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

const TOFU_NIC = "northwind-reseller-ovh";
const ADDON_NIC = "contoso-reseller-ovh";
const PULUMI_NIC = "woodgrove-reseller-ovh";

let em: EmulatorHandle;
let tofuAccount: AccountCredentials;
let pulumiAccount: AccountCredentials;
let addonAccount: AccountCredentials;
let work: Workdir;
let plugin: Workdir;
let accountsFile: string;
let cliEnv: Record<string, string>;
let tofu: TofuProject;
let pulumi: PulumiProject;
/** Where the generated Pulumi program is written: a package dir with o365-reseller installed beside it. */
let programDir: string;

const seeded: Record<string, SeededTenant> = {};

/** `o365r …` with the accounts file's credentials in the environment. */
const o365r = (args: string[], timeoutMs = 60_000): Promise<SpawnResult> =>
  runCli(args, { env: cliEnv, cwd: work.dir, timeoutMs });

const contact = (first: string, last: string, domain: string) => ({
  firstName: first,
  lastName: last,
  email: `it@${domain}`,
  phone: "+33 1 23 45 67 89",
  address: "1 rue de la Paix",
  city: "Paris",
  zipCode: "75002",
});

/** The calls that change something, since the last clearCalls (admin calls are not logged). */
const writes = () => em.calls().filter((c) => MUTATING.has(c.method));

/** A colleague in the control panel: another credential of the same account, a signed API call. */
async function colleagueSets(nic: string, serviceName: string, subscriptionId: number, quantity: number) {
  const creds = em.addCredential(nic);
  const client = createOvhClient({
    endpoint: em.url,
    applicationKey: creds.applicationKey,
    applicationSecret: creds.applicationSecret,
    consumerKey: creds.consumerKey,
    env: {},
    configFiles: [],
    log: false,
  });
  try {
    const api = createCsp2Api(client, { taskPoll: { initialMs: 50, maxMs: 200, factor: 1.5 } });
    const task = await api.changeQuantity(serviceName, subscriptionId, quantity);
    await api.waitForTask(serviceName, task.id, { timeoutMs: 30_000 });
  } finally {
    await client.close();
  }
}

const subId = (tenant: string, licence: number) =>
  seeded[tenant]!.subscriptions.find((s) => s.licenseId === licence)!.id;

beforeAll(async () => {
  await buildPackage();
  em = await startTestEmulator();
  tofuAccount = em.createAccount({ nic: TOFU_NIC });
  pulumiAccount = em.createAccount({ nic: PULUMI_NIC });
  addonAccount = em.createAccount({ nic: ADDON_NIC });
  // Bought in the control panel, declared nowhere.
  seeded.northwind = em.createTenant({
    account: TOFU_NIC,
    displayName: "Northwind Traders GmbH",
    mpnId: "1234567",
    ...contact("Nancy", "Davolio", "northwind.example"),
    subscriptions: [
      { license: "Microsoft 365 Business Premium", quantity: 10 },
      { license: "Exchange Online (Plan 1)", quantity: 20 },
    ],
  });
  seeded.tailspin = em.createTenant({
    account: TOFU_NIC,
    displayName: "Tailspin Toys SARL",
    mpnId: "1234567",
    ...contact("Tom", "Tailspin", "tailspin.example"),
    subscriptions: [{ license: "Microsoft 365 Business Basic", quantity: 3 }],
  });
  seeded.woodgrove = em.createTenant({
    account: PULUMI_NIC,
    displayName: "Woodgrove Bank AG",
    mpnId: "7654321",
    ...contact("Walter", "Wood", "woodgrove.example"),
    subscriptions: [{ license: "Office 365 E3", quantity: 12, addons: [{ license: 101, quantity: 2 }] }],
  });
  seeded.litware = em.createTenant({
    account: PULUMI_NIC,
    displayName: "Litware Inc",
    mpnId: "7654321",
    ...contact("Lisa", "Ware", "litware.example"),
    subscriptions: [{ license: "Microsoft 365 Business Standard", quantity: 5 }],
  });

  seeded.contoso = em.createTenant({
    account: ADDON_NIC,
    displayName: "Contoso Ltd",
    mpnId: "1234567",
    ...contact("Carol", "Conto", "contoso.example"),
    subscriptions: [
      { license: "Microsoft 365 Business Premium", quantity: 8, addons: [{ license: 101, quantity: 3 }] },
    ],
  });

  work = await makeWorkdir("cli-fleet");
  accountsFile = work.path("o365r.accounts.yaml");
  await writeFile(
    accountsFile,
    `accounts:
  tofu-estate:
    nic: ${TOFU_NIC}
    credentials:
      envPrefix: TOFU_
    requestsPerMinute: 6000
  pulumi-estate:
    nic: ${PULUMI_NIC}
    credentials:
      envPrefix: PULUMI_
    requestsPerMinute: 6000
  addon-estate:
    nic: ${ADDON_NIC}
    credentials:
      envPrefix: ADDON_
    requestsPerMinute: 6000
`,
  );
  const prefixed = (prefix: string, env: Record<string, string>) =>
    Object.fromEntries(Object.entries(env).map(([k, v]) => [`${prefix}${k}`, v]));
  cliEnv = {
    O365R_ACCOUNTS: accountsFile,
    NO_COLOR: "1",
    ...prefixed("TOFU_", ovhEnv(em, tofuAccount)),
    ...prefixed("PULUMI_", ovhEnv(em, pulumiAccount)),
    ...prefixed("ADDON_", ovhEnv(em, addonAccount)),
  };

  plugin = await providerDir();
  tofu = await tofuProject(tofuAccount);

  pulumi = await PulumiProject.create({
    fixture: "cli-fleet-pulumi",
    config: {
      "o365-reseller:endpoint": em.url,
      "o365-reseller:applicationKey": pulumiAccount.applicationKey,
      // The emulator has no fair-use limit; the client's default pace (60/min) would only slow the run.
      "o365-reseller:requestsPerMinute": "6000",
    },
    secrets: {
      "o365-reseller:applicationSecret": pulumiAccount.applicationSecret,
      "o365-reseller:consumerKey": pulumiAccount.consumerKey,
    },
  });
  // The generated program imports `o365-reseller/pulumi`: give its directory the package (this
  // checkout, its compiled dist/) as an install would.
  programDir = work.path("program");
  await mkdir(join(programDir, "node_modules"), { recursive: true });
  await symlink(REPO_ROOT, join(programDir, "node_modules", "o365-reseller"), "dir");
});

afterAll(async () => {
  await pulumi?.cleanup();
  await tofu?.cleanup();
  await plugin?.cleanup();
  await work?.cleanup();
  await em?.stop();
});

/** A configuration with the provider (credentials from OVH_*: the account's) and nothing else yet. */
function tofuProject(account: AccountCredentials): Promise<TofuProject> {
  return TofuProject.create({
    files: {
      "main.tf": `terraform {
  required_providers {
    o365reseller = {
      source = "${PROVIDER_SOURCE}"
    }
  }
}

provider "o365reseller" {}
`,
    },
    devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
    env: ovhEnv(em, account),
  });
}

const actions = (list: ResourceChange[] | undefined) =>
  Object.fromEntries(
    (list ?? []).filter((c) => c.mode === "managed").map((c) => [c.address, c.change.actions.join(",")]),
  );

describe("o365r adopt --format hcl, through OpenTofu", () => {
  let hcl: string;

  it("declares the account's tenants and subscriptions with import blocks", async () => {
    const r = await o365r(["adopt", "--format", "hcl", "--account", "tofu-estate"]);
    expect(r.code, r.stderr).toBe(0);
    hcl = r.stdout;
    for (const t of [seeded.northwind!, seeded.tailspin!]) {
      expect(hcl).toContain(`id = "${t.serviceName}"`);
      for (const s of t.subscriptions) expect(hcl).toContain(`id = "${t.serviceName}/${s.id}"`);
    }
    expect(hcl.match(/^import \{$/gm)).toHaveLength(5);
    expect(hcl).not.toContain(PULUMI_NIC);
  });

  it("plans imports and nothing else, applies them, then plan -detailed-exitcode exits 0", async () => {
    await tofu.writeFile("adopted.tf", hcl);
    em.clearCalls();
    const { plan } = await tofu.plan();
    const changes = (plan.resource_changes ?? []).filter((c) => c.mode === "managed");
    expect(changes, JSON.stringify(actions(plan.resource_changes))).toHaveLength(5);
    for (const c of changes) {
      expect(c.change.actions, `${c.address}: ${JSON.stringify(c.change)}`).toEqual(["no-op"]);
      expect((c.change as { importing?: unknown }).importing, c.address).toBeTruthy();
    }
    await tofu.apply("tfplan");
    const after = await tofu.plan();
    expect(after.changes, after.result.stdout).toBe(false);
    expect(after.result.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(Object.keys(em.state().orders)).toHaveLength(0);
  });

  describe("an add-on subscription", () => {
    let addon: TofuProject;
    let plan: PlanJson;
    const premium = () => seeded.contoso!.subscriptions.find((s) => s.licenseId === 3)!;
    const teams = () => seeded.contoso!.subscriptions.find((s) => s.licenseId === 101)!;

    beforeAll(async () => {
      const r = await o365r(["adopt", "--format", "hcl", "--account", "addon-estate"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/parent\s+= o365reseller_subscription\.\w+\.subscription_id/);
      addon = await tofuProject(addonAccount);
      await addon.writeFile("adopted.tf", r.stdout);
      ({ plan } = await addon.plan());
    });
    afterAll(async () => {
      await addon?.cleanup();
    });

    const change = (id: number) =>
      (plan.resource_changes ?? []).find(
        (c) =>
          (c.change as { importing?: { id?: string } }).importing?.id ===
          `${seeded.contoso!.serviceName}/${id}`,
      );

    it("plans the tenant and the add-on's parent as plain imports, and imports the add-on", () => {
      const tenant = (plan.resource_changes ?? []).find((c) => c.type === "o365reseller_tenant");
      expect(tenant?.change.actions).toEqual(["no-op"]);
      expect(change(premium().id)?.change.actions).toEqual(["no-op"]);
      expect(teams().parentId).toBe(premium().id);
      expect(change(teams().id), "the add-on is imported").toBeDefined();
    });

    // The provider imports through the core's importSubscription, which looks an add-on's parent up:
    // a null parent would plan a replace (cancel the customer's add-on and buy it again).
    it("plans the add-on as a plain import too, not a replacement", () => {
      const c = change(teams().id);
      expect(c?.change.actions, JSON.stringify(c?.change)).toEqual(["no-op"]);
    });
  });
});

describe("o365r adopt --format pulumi, through Pulumi", () => {
  let source: string;
  let runs = 0;
  /** The generated program as a PulumiFn: a fresh copy per run (a module runs its top level once). */
  const program =
    (code: () => string): PulumiFn =>
    async () => {
      runs += 1;
      const file = join(programDir, `adopted-${runs}.ts`);
      await writeFile(file, code());
      await import(pathToFileURL(file).href);
    };

  it("declares the account's tenants and subscriptions with adoptServiceName / adoptSubscriptionId", async () => {
    const r = await o365r(["adopt", "--format", "pulumi", "--account", "pulumi-estate"]);
    expect(r.code, r.stderr).toBe(0);
    source = r.stdout;
    expect(source).toContain('from "o365-reseller/pulumi"');
    for (const t of [seeded.woodgrove!, seeded.litware!]) {
      expect(source).toContain(`adoptServiceName: "${t.serviceName}"`);
      for (const s of t.subscriptions) expect(source).toContain(`adoptSubscriptionId: ${s.id},`);
    }
    expect(source).toMatch(/parent: \w+\.subscriptionId,/);
  });

  it("up adopts them without ordering anything; preview then shows no change", async () => {
    em.clearCalls();
    await pulumi.up(program(() => source));
    expect(writes()).toEqual([]);
    const resources = await pulumi.resources();
    const ids = resources.filter((r) => r.type.includes("o365reseller")).map((r) => r.id);
    expect(ids).toHaveLength(5);
    const preview = await pulumi.previewJson(program(() => source));
    const changed = preview.steps.filter((s) => s.op !== "same");
    expect(changed.map((s) => `${s.op} ${s.urn}`)).toEqual([]);
    expect(writes()).toEqual([]);
    expect(Object.keys(em.state().orders)).toHaveLength(0);
  });

  describe("o365r drift from the engines' own states", () => {
    const tfstate = () => join(tofu.dir, "terraform.tfstate");
    const exportFile = () => work.path("stack-export.json");
    let tofuExtra: number;
    let pulumiExtra: number;

    /** `pulumi stack export` to a file, as a nightly job does. */
    async function exportStack(): Promise<void> {
      const r = await pulumi.pulumi(["stack", "export"]);
      await writeFile(exportFile(), r.stdout);
    }

    const drift = (extra: string[] = []) =>
      o365r([
        "drift",
        "--account",
        "tofu-estate,pulumi-estate",
        "--state",
        tfstate(),
        "--state",
        exportFile(),
        ...extra,
      ]);

    it("finds none once each engine has also created a subscription of its own", async () => {
      // tofu apply of a small config: one more subscription in an adopted tenant.
      await tofu.writeFile(
        "extra.tf",
        `resource "o365reseller_subscription" "tailspin_exchange" {
  tenant   = "${seeded.tailspin!.serviceName}"
  license  = "Exchange Online (Plan 1)"
  quantity = 2
}
`,
      );
      await tofu.apply();
      const tfState = await tofu.state();
      tofuExtra = Number(
        tfState.values?.root_module?.resources?.find(
          (r) => r.address === "o365reseller_subscription.tailspin_exchange",
        )?.values.subscription_id,
      );
      expect(tofuExtra).toBeGreaterThan(0);
      // pulumi up of the program plus one more subscription.
      const withExtra = () =>
        `${source}
export const litwareExchange = new Office365ResellerSubscription("litware-exchange", {
  tenant: "${seeded.litware!.serviceName}",
  license: "Exchange Online (Plan 1)",
  quantity: 2,
});
`;
      await pulumi.up(program(withExtra));
      const created = (await pulumi.resources()).find((r) => r.urn.endsWith("::litware-exchange"));
      pulumiExtra = Number(created?.outputs?.subscriptionId);
      expect(pulumiExtra).toBeGreaterThan(0);

      await exportStack();
      const r = await drift(["--json"]);
      const report = JSON.parse(r.stdout) as DriftOutput;
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(report.drift).toBe(false);
      expect(report.states.map((s) => [s.format, s.tenants, s.subscriptions])).toEqual([
        ["terraform", 2, 4],
        ["pulumi", 2, 4],
      ]);
      expect(report.unmanaged).toEqual([]);
    });

    it("exits 2 and names the seats a colleague changed behind both engines' backs", async () => {
      const northwindExchange = subId("northwind", 7);
      const woodgroveE3 = subId("woodgrove", 5);
      await colleagueSets(TOFU_NIC, seeded.northwind!.serviceName, northwindExchange, 25);
      await colleagueSets(TOFU_NIC, seeded.tailspin!.serviceName, tofuExtra, 4);
      await colleagueSets(PULUMI_NIC, seeded.woodgrove!.serviceName, woodgroveE3, 15);
      await colleagueSets(PULUMI_NIC, seeded.litware!.serviceName, pulumiExtra, 6);

      const json = await drift(["--json"]);
      expect(json.code, `${json.stdout}\n${json.stderr}`).toBe(2);
      const report = JSON.parse(json.stdout) as DriftOutput;
      expect(report.drift).toBe(true);
      const seen = Object.fromEntries(
        report.changed.map((c) => [c.id, { source: c.source, attributes: c.attributes }]),
      );
      const quantity = (declared: number, live: number) => [{ attribute: "quantity", declared, live }];
      expect(seen).toEqual({
        [`${seeded.northwind!.serviceName}/${northwindExchange}`]: {
          source: tfstate(),
          attributes: quantity(20, 25),
        },
        [`${seeded.tailspin!.serviceName}/${tofuExtra}`]: { source: tfstate(), attributes: quantity(2, 4) },
        [`${seeded.woodgrove!.serviceName}/${woodgroveE3}`]: {
          source: exportFile(),
          attributes: quantity(12, 15),
        },
        [`${seeded.litware!.serviceName}/${pulumiExtra}`]: {
          source: exportFile(),
          attributes: quantity(2, 6),
        },
      });
      expect(report.gone).toEqual([]);
      expect(report.unmanaged).toEqual([]);

      const text = await drift();
      expect(text.code).toBe(2);
      // Four resources (the count once counted the lines, a resource line and one per attribute).
      expect(text.stdout).toContain("Changed outside (4):");
      expect(text.stdout).toContain(`subscription ${seeded.northwind!.serviceName}/${northwindExchange}`);
      expect(text.stdout).toContain("quantity: declared 20, live 25");
      expect(text.stdout).toContain("quantity: declared 12, live 15");
      expect(text.stdout).toContain("o365reseller_subscription.tailspin_exchange");
      expect(text.stdout).toContain("::litware-exchange");
    });
  });
});
