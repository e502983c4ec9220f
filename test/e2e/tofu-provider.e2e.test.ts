/**
 * Our Terraform provider with the real OpenTofu CLI against the emulator, through the plain HCL example
 * (examples/hcl): plan -out → show -json → apply, a seat change, drift, an import block, a refused move
 * to another account, and destroy's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient } from "../../provider/ovh/index.js";
import { ovhEnv, type ResourceChange, TofuProject, type Workdir } from "./harness/index.js";
import { hclExample, PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;
let plugin: Workdir;
let project: TofuProject;
let tenant: string;
let subscriptionId: number;

const changes = (list: ResourceChange[] | undefined) =>
  Object.fromEntries(
    (list ?? []).filter((c) => c.mode === "managed").map((c) => [c.address, c.change.actions]),
  );

beforeAll(async () => {
  em = await startEmulator({ port: 0, taskSeconds: 0.3, orderStepSeconds: 0.3, log: () => {} });
  alice = em.createAccount({ nic: "ab123-ovh" });
  bob = em.createAccount({ nic: "cd456-ovh" });
  plugin = await providerDir();
  project = await TofuProject.create({
    files: await hclExample(),
    devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
    env: {
      ...ovhEnv(em, alice),
      // The alias o365reseller.second is bob's account.
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
  await em?.stop();
});

describe("OpenTofu with the o365reseller provider (examples/hcl)", () => {
  it("plans the example: a tenant and a subscription to create, shown in show -json", async () => {
    const { plan, changes: any, result } = await project.plan();
    expect(any).toBe(true);
    expect(result.stdout + result.stderr).toContain("Provider development overrides are in effect");
    expect(changes(plan.resource_changes)).toEqual({
      "o365reseller_tenant.acme": ["create"],
      "o365reseller_subscription.acme_standard": ["create"],
    });
    const t = plan.resource_changes!.find((c) => c.address === "o365reseller_tenant.acme")!;
    expect(t.change.after).toMatchObject({ display_name: "ACME GmbH", mpn_id: "1234567" });
    expect(t.change.after_unknown).toMatchObject({ service_name: true, id: true, status: true });
    expect(t.provider_name).toMatch(/o365-reseller\/o365reseller$/);
  });

  it("applies the saved plan: one order, the state records the account", async () => {
    await project.apply("tfplan");
    const state = await project.state();
    const resources = state.values?.root_module?.resources ?? [];
    const t = resources.find((r) => r.address === "o365reseller_tenant.acme")!;
    const s = resources.find((r) => r.address === "o365reseller_subscription.acme_standard")!;
    tenant = String(t.values.service_name);
    subscriptionId = Number(s.values.subscription_id);
    expect(t.values).toMatchObject({ ovh_account: "ab123-ovh", status: "ok", order_id: expect.any(Number) });
    expect(s.values).toMatchObject({ tenant, quantity: 5, license_id: 2, status: "active" });
    expect(Object.values(em.state().orders).filter((o) => o.nic === "ab123-ovh")).toHaveLength(1);
    const outputs = await project.outputs();
    expect(outputs).toMatchObject({ tenant, monthly_cost: 58.5 });
  });

  it("plans nothing when nothing changed", async () => {
    const { changes: any } = await project.plan();
    expect(any).toBe(false);
  });

  it("plans a seat change as one in-place update, and applies it", async () => {
    const { plan } = await project.plan(["-var", "acme_seats=7"]);
    expect(changes(plan.resource_changes)).toEqual({
      "o365reseller_tenant.acme": ["no-op"],
      "o365reseller_subscription.acme_standard": ["update"],
    });
    const s = plan.resource_changes!.find((c) => c.type === "o365reseller_subscription")!;
    expect(s.change.before).toMatchObject({ quantity: 5 });
    expect(s.change.after).toMatchObject({ quantity: 7, subscription_id: subscriptionId });
    await project.apply("tfplan");
    expect(await freshApi(alice).getSubscription(tenant, subscriptionId)).toMatchObject({ quantity: 7 });
  });

  it("shows drift made behind its back in plan -refresh-only", async () => {
    // A colleague adds seats in the control panel: another credential of the same account.
    const colleague = freshApi(em.addCredential("ab123-ovh"));
    const task = await colleague.changeQuantity(tenant, subscriptionId, 9);
    await colleague.waitForTask(tenant, task.id, { timeoutMs: 30_000 });
    const { plan, changes: any } = await project.plan(["-refresh-only", "-var", "acme_seats=7"]);
    expect(any).toBe(true);
    const drift = plan.resource_drift?.find((c) => c.type === "o365reseller_subscription");
    expect(drift?.change.actions).toEqual(["update"]);
    expect(drift?.change.before).toMatchObject({ quantity: 7 });
    expect(drift?.change.after).toMatchObject({ quantity: 9 });
    // The plan after the refresh puts the declared 7 seats back: one in-place update.
    const back = await project.plan(["-var", "acme_seats=7"]);
    expect(changes(back.plan.resource_changes)["o365reseller_subscription.acme_standard"]).toEqual([
      "update",
    ]);
    await project.apply("tfplan");
  });

  it("adopts a seeded tenant and its subscription with import blocks", async () => {
    const seeded = em.createTenant({
      account: "ab123-ovh",
      displayName: "Beta AG",
      mpnId: "7654321",
      firstName: "Bert",
      lastName: "Beta",
      email: "it@beta.example",
      phone: "+41.441234567",
      address: "Bahnhofstr. 2",
      city: "Zürich",
      zipCode: "8001",
      subscriptions: [{ license: 1, quantity: 3 }],
    });
    const subId = seeded.subscriptions[0]!.id;
    await project.writeFile(
      "imported.tf",
      `import {
  to = o365reseller_tenant.beta
  id = "${seeded.serviceName}"
}

import {
  to = o365reseller_subscription.beta_basic
  id = "${seeded.serviceName}/${subId}"
}

resource "o365reseller_tenant" "beta" {
  display_name = "Beta AG"
  mpn_id       = "7654321"
  contact = {
    first_name = "Bert"
    last_name  = "Beta"
    email      = "it@beta.example"
    phone      = "+41.441234567"
    address    = "Bahnhofstr. 2"
    city       = "Zürich"
    zip_code   = "8001"
  }
}

resource "o365reseller_subscription" "beta_basic" {
  tenant   = o365reseller_tenant.beta.service_name
  license  = "Microsoft 365 Business Basic"
  quantity = 3
}
`,
    );
    const ordersBefore = Object.keys(em.state().orders).length;
    const { plan } = await project.plan(["-var", "acme_seats=7"]);
    const imported = (plan.resource_changes ?? []).filter((c) => c.address.includes("beta"));
    expect(imported.map((c) => [c.address, c.change.actions])).toEqual([
      ["o365reseller_subscription.beta_basic", ["no-op"]],
      ["o365reseller_tenant.beta", ["no-op"]],
    ]);
    for (const c of imported) expect((c.change as { importing?: unknown }).importing).toBeTruthy();
    await project.apply("tfplan");
    const { changes: any } = await project.plan(["-var", "acme_seats=7"]);
    expect(any).toBe(false);
    expect(Object.keys(em.state().orders)).toHaveLength(ordersBefore);
  });

  it("refuses a bad contact e-mail at validate, pointing at the contact attribute, before any API call", async () => {
    const main = await project.readFile("main.tf");
    const email = /email\s*=\s*"[^"]+"/.exec(main)![0];
    await project.writeFile("main.tf", main.replace(email, 'email = "not-an-email"'));
    em.clearCalls();
    try {
      const r = await project.tofu(["validate", "-no-color"], { okCodes: [1] });
      const out = r.stdout + r.stderr;
      expect(out).toContain("Error: Invalid contact.email");
      // The diagnostic's path leads tofu to the contact attribute, not to the resource's first line.
      expect(out).toMatch(
        /Invalid contact\.email\s+with o365reseller_tenant\.acme,\s+on main\.tf line \d+, in resource "o365reseller_tenant" "acme":\s+\d+:\s+contact\s+= \{/,
      );
      expect(out).toMatch(/not-an-email/);
      expect(em.calls()).toEqual([]);
    } finally {
      await project.writeFile("main.tf", main);
    }
  });

  it("refuses to move the tenant to another account, at plan, with the core's message", async () => {
    const main = await project.readFile("main.tf");
    await project.writeFile(
      "main.tf",
      main.replace(
        'resource "o365reseller_tenant" "acme" {',
        'resource "o365reseller_tenant" "acme" {\n  provider = o365reseller.second',
      ),
    );
    try {
      const r = await project.tofu(["plan", "-no-color", "-var", "acme_seats=7"], { okCodes: [1] });
      const out = r.stdout + r.stderr;
      expect(out).toContain(
        `Tenant ${tenant} belongs to OVHcloud account ab123-ovh but these credentials are for cd456-ovh`,
      );
      expect(out).toMatch(/cannot\s+move\s+between\s+OVHcloud\s+accounts/);
    } finally {
      await project.writeFile("main.tf", main);
    }
  });

  it("destroy: refused at plan for a tenant without allow_termination; nothing is cancelled", async () => {
    await project.writeFile("imported.tf", "");
    await project.tofu(["state", "rm", "o365reseller_tenant.beta", "o365reseller_subscription.beta_basic"]);
    const r = await project.tofu(["destroy", "-no-color", "-auto-approve", "-var", "acme_seats=7"], {
      okCodes: [1],
    });
    expect(r.stdout + r.stderr).toMatch(/Tenant csp2-\w+ would be deleted/);
    expect(r.stdout + r.stderr).toMatch(/allow_termination\s+=\s+true/);
    expect((await freshApi(alice).getSubscription(tenant, subscriptionId)).status).not.toBe("deleted");
  });

  it("destroy cancels the subscription and, once allowed, ends the tenant at expiry", async () => {
    await project.destroy(["-target=o365reseller_subscription.acme_standard", "-var", "acme_seats=7"]);
    await expect(freshApi(alice).getSubscription(tenant, subscriptionId)).rejects.toMatchObject({
      status: 404,
    });
    await project.apply(undefined, ["-var", "allow_termination=true", "-var", "acme_seats=7"]);
    await project.destroy(["-var", "allow_termination=true", "-var", "acme_seats=7"]);
    const state = await project.state();
    expect(state.values?.root_module?.resources ?? []).toEqual([]);
    expect((await freshApi(alice).getServiceInfos(tenant)).renew?.deleteAtExpiration).toBe(true);
  });
});

function freshApi(creds: AccountCredentials) {
  const client = createOvhClient({
    endpoint: em.url,
    applicationKey: creds.applicationKey,
    applicationSecret: creds.applicationSecret,
    consumerKey: creds.consumerKey,
    env: {},
    configFiles: [],
    log: false,
    // The pace of the provider processes (ovhEnv): it shares their budget for this credential, and at
    // the default 60 a minute would wait for what they already spent.
    requestsPerMinute: 6000,
  });
  return createCsp2Api(client, { taskPoll: { initialMs: 50, maxMs: 200, factor: 1.5 } });
}
