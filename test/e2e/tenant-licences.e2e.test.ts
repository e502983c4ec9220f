/**
 * A tenant ordered with its first licences, with the real Pulumi and OpenTofu CLIs against the
 * emulator: the tenant declares a licence (`licenses`), a subscription resource declares the same
 * licence for it. Exactly one purchase of that licence happens (the emulator's state and call log show
 * it: one option line in one order, no subscription POST), the subscription resource adopts what the
 * order bought, and the next preview/plan shows no change. A plan sold only with a licence refuses a
 * tenant declared without one before checkout (up/apply fails, naming the rule), ordering nothing; its
 * preview/plan wrote nothing. plan-summary counts the licence once.
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import type { PlanSummaryOutput } from "../../provider/cli/handlers/plan-summary.js";
import { runCli } from "../cli/harness.js";
import {
  CommandError,
  makeWorkdir,
  ovhEnv,
  PulumiProject,
  type RunResult,
  TofuProject,
  type Workdir,
} from "./harness/index.js";
import { buildPackage, exampleConfig, mutatingCalls, startTestEmulator } from "./pulumi-support.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

const STANDARD = "Microsoft 365 Business Standard";
const OPTION = "csp2-option-microsoft-365-business-standard";

const CONTACT = {
  firstName: "Grace",
  lastName: "Hopper",
  email: "it@contoso-licences.example",
  phone: "+1.2025550100",
  address: "1 Navy Yard",
  city: "Arlington",
  zipCode: "22202",
};

/** What the emulator shows about purchases of the licence for one account. */
function purchases(em: EmulatorHandle, nic: string) {
  const orders = Object.values(em.state().orders).filter((o) => o.nic === nic);
  const optionLines = orders.flatMap((o) => o.details.filter((d) => d.planCode === OPTION));
  const tenants = Object.values(em.state().tenants).filter((t) => t.nic === nic && t.deletedAt === null);
  const subscriptions = tenants.flatMap((t) => Object.values(t.subscriptions));
  const calls = em.calls();
  return {
    orders: orders.length,
    optionLines: optionLines.map((d) => d.quantity),
    subscriptions: subscriptions.map((s) => [s.licenseId, s.quantity]),
    optionPosts: calls.filter((c) => c.method === "POST" && c.path.endsWith("/csp2/options")).length,
    subscriptionPosts: calls.filter(
      (c) => c.method === "POST" && /\/saas\/csp2\/[^/]+\/subscription$/.test(c.path),
    ).length,
    checkouts: calls.filter((c) => c.method === "POST" && c.path.endsWith("/checkout")).length,
  };
}

/** Runs `command` while the emulator's plan requires a licence option; returns the failed run. */
async function failingWhileLicenceRequired(
  em: EmulatorHandle,
  command: () => Promise<RunResult>,
): Promise<RunResult> {
  em.setTenantPlan({ requireLicenceOption: true });
  em.clearCalls();
  try {
    await command();
  } catch (error) {
    if (error instanceof CommandError) return error.result;
    throw error;
  } finally {
    em.setTenantPlan({ requireLicenceOption: false });
  }
  throw new Error("the command should have failed");
}

let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;
let Office365ResellerSubscription: typeof import("o365-reseller/pulumi").Office365ResellerSubscription;

describe("Pulumi: a tenant with its first licence and the matching subscription resource", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let project: PulumiProject;
  let work: Workdir;

  beforeAll(async () => {
    await buildPackage();
    ({ Office365ResellerTenant, Office365ResellerSubscription } = await import("o365-reseller/pulumi"));
    em = await startTestEmulator();
    account = em.createAccount({ nic: "lic-pulumi-ovh" });
    project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, account) });
    work = await makeWorkdir("licences");
  });
  afterAll(async () => {
    await project?.cleanup();
    await work?.cleanup();
    await em?.stop();
  });

  const program =
    (licences: { license: string; quantity: number }[] | undefined, seats?: number) => async () => {
      const tenant = new Office365ResellerTenant("contoso", {
        displayName: "Contoso Licences Ltd",
        mpnId: "1234567",
        contact: CONTACT,
        ...(licences ? { licenses: licences } : {}),
      });
      const outputs: Record<string, unknown> = { tenant: tenant.serviceName };
      if (seats !== undefined) {
        const standard = new Office365ResellerSubscription("contoso-standard", {
          tenant: tenant.serviceName,
          license: STANDARD,
          quantity: seats,
        });
        outputs.subscriptionId = standard.subscriptionId;
        outputs.seats = standard.quantity;
      }
      return outputs;
    };
  const withLicence = program([{ license: STANDARD, quantity: 5 }], 5);

  it("a plan sold only with a licence: a tenant without one previews writing nothing, then up stops before checkout, naming the rule", async () => {
    em.setTenantPlan({ requireLicenceOption: true });
    em.clearCalls();
    try {
      await project.pulumi(["preview"], { program: program(undefined) });
      expect(mutatingCalls(em)).toEqual([]);
    } finally {
      em.setTenantPlan({ requireLicenceOption: false });
    }
    const failed = await failingWhileLicenceRequired(em, () => project.up(program(undefined)));
    expect(`${failed.stdout}\n${failed.stderr}`).toMatch(
      /only with at least one option of its mandatory family "licence".*Nothing was ordered/,
    );
    expect(purchases(em, account.nic)).toMatchObject({ orders: 0, checkouts: 0 });
  });

  it("plan-summary of the preview counts the licence once, bought with the tenant and adopted by the subscription", async () => {
    const r = await project.pulumi(["preview", "--json"], { program: withLicence });
    const file = work.path("preview.json");
    await writeFile(file, r.stdout);
    const cli = await runCli(["plan-summary", file, "--json"], { env: {}, cwd: work.dir });
    expect(cli.code, cli.stderr).toBe(0);
    const summary = JSON.parse(cli.stdout) as PlanSummaryOutput;
    const tenant = summary.tenants.find((t) => t.change === "create")!;
    expect(tenant.boughtWithTenant.map((b) => [b.licence, b.seats])).toEqual([[STANDARD, 5]]);
    expect(tenant.adopted).toEqual([
      expect.objectContaining({ licence: STANDARD, seats: 5, fromTenantOrder: true }),
    ]);
    expect(tenant.created).toEqual([]);
    expect(summary.totals.seatsAdded).toBe(5);
  });

  it("up buys the licence exactly once: one option line, no subscription POST; the subscription adopts it", async () => {
    em.clearCalls();
    const r = await project.up(withLicence);
    const bought = purchases(em, account.nic);
    expect(bought).toEqual({
      orders: 1,
      optionLines: [5],
      subscriptions: [[2, 5]],
      optionPosts: 1,
      subscriptionPosts: 0,
      checkouts: 1,
    });
    expect(r.stdout).toMatch(
      /was bought with tenant csp2-\w+'s order .*adopting it instead of ordering again/,
    );
    const outputs = await project.outputs();
    const [tenant] = Object.values(em.state().tenants).filter((t) => t.nic === account.nic);
    expect(outputs).toMatchObject({
      tenant: tenant!.serviceName,
      seats: 5,
      subscriptionId: Number(Object.keys(tenant!.subscriptions)[0]),
    });
  });

  it("the next preview shows no change (preview --expect-no-changes), and a refresh neither", async () => {
    em.clearCalls();
    await project.pulumi(["preview", "--expect-no-changes"], { program: withLicence });
    await project.refresh(["--expect-no-changes"], withLicence);
    expect(mutatingCalls(em)).toEqual([]);
    expect(purchases(em, account.nic)).toMatchObject({ orders: 1, subscriptions: [[2, 5]] });
  });
});

const mainTf = (licences: string) => `
terraform {
  required_providers {
    o365reseller = {
      source = "${PROVIDER_SOURCE}"
    }
  }
}

provider "o365reseller" {}

resource "o365reseller_tenant" "contoso" {
  display_name = "Contoso Licences Ltd"
  mpn_id       = "1234567"
  contact = {
    first_name = "${CONTACT.firstName}"
    last_name  = "${CONTACT.lastName}"
    email      = "${CONTACT.email}"
    phone      = "${CONTACT.phone}"
    address    = "${CONTACT.address}"
    city       = "${CONTACT.city}"
    zip_code   = "${CONTACT.zipCode}"
  }
${licences}
}
`;

const SUBSCRIPTION_TF = `
resource "o365reseller_subscription" "contoso_standard" {
  tenant   = o365reseller_tenant.contoso.service_name
  license  = "${STANDARD}"
  quantity = 5
  lifecycle { create_before_destroy = true }
}
`;

describe("OpenTofu: a tenant with its first licence and the matching subscription resource", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let plugin: Workdir;
  let project: TofuProject;

  beforeAll(async () => {
    em = await startTestEmulator();
    account = em.createAccount({ nic: "lic-tofu-ovh" });
    plugin = await providerDir();
    project = await TofuProject.create({
      files: { "main.tf": mainTf("") },
      devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
      env: ovhEnv(em, account),
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await plugin?.cleanup();
    await em?.stop();
  });

  it("a plan sold only with a licence: tofu plan of a tenant without one writes nothing, apply stops before checkout at licenses", async () => {
    em.setTenantPlan({ requireLicenceOption: true });
    em.clearCalls();
    try {
      await project.plan();
      expect(mutatingCalls(em)).toEqual([]);
    } finally {
      em.setTenantPlan({ requireLicenceOption: false });
    }
    const failed = await failingWhileLicenceRequired(em, () => project.apply("tfplan"));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/only with at least one option of its mandatory family "licence"/);
    expect(failed.stderr).toMatch(/with o365reseller_tenant\.contoso,[\s\S]*licenses/);
    expect(purchases(em, account.nic)).toMatchObject({ orders: 0, checkouts: 0 });
  });

  it("tofu plan refuses a licence the cart does not offer, naming it (the offer read from one throwaway cart)", async () => {
    await project.writeFile("main.tf", mainTf(`  licenses = [{ license = "Visio Plan 2", quantity = 1 }]`));
    em.clearCalls();
    const failed = await project.tofu(["plan", "-no-color"]).then(
      () => undefined,
      (error: unknown) => (error instanceof CommandError ? error.result : Promise.reject(error)),
    );
    expect(failed?.stderr).toMatch(/Licence "Visio Plan 2" is not offered with a new tenant/);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path.replace(/cart\/[^/]+/, "cart/{c}")}`)).toEqual([
      "POST /order/cart",
      "DELETE /order/cart/{c}",
    ]);
  });

  it("plans and applies the tenant with its licence and the subscription: the licence is bought exactly once", async () => {
    await project.writeFile("main.tf", mainTf(`  licenses = [{ license = "${STANDARD}", quantity = 5 }]`));
    await project.writeFile("subscription.tf", SUBSCRIPTION_TF);
    const { plan, changes } = await project.plan();
    expect(changes).toBe(true);
    const t = plan.resource_changes!.find((c) => c.address === "o365reseller_tenant.contoso")!;
    expect(t.change.after).toMatchObject({ licenses: [{ license: STANDARD, quantity: 5 }] });
    em.clearCalls();
    const applied = await project.apply("tfplan");
    expect(`${applied.stdout}${applied.stderr}`).not.toMatch(/Error/);
    expect(purchases(em, account.nic)).toEqual({
      orders: 1,
      optionLines: [5],
      subscriptions: [[2, 5]],
      optionPosts: 1,
      subscriptionPosts: 0,
      checkouts: 1,
    });
    const state = await project.state();
    const s = state.values!.root_module!.resources!.find(
      (r) => r.address === "o365reseller_subscription.contoso_standard",
    )!;
    const [tenant] = Object.values(em.state().tenants).filter((x) => x.nic === account.nic);
    expect(s.values).toMatchObject({
      quantity: 5,
      license_id: 2,
      subscription_id: Number(Object.keys(tenant!.subscriptions)[0]),
    });
  });

  it("the next plan -detailed-exitcode exits 0: no change", async () => {
    em.clearCalls();
    const { changes, result } = await project.plan();
    expect(result.code).toBe(0);
    expect(changes).toBe(false);
    expect(mutatingCalls(em)).toEqual([]);
  });
});
