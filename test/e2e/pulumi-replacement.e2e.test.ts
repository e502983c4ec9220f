/**
 * A tenant replacement (new sub-domain) with the real Pulumi CLI and the emulator: refused at preview
 * until `allowTermination: true` is in the state; applying that is a state-only update (no API write);
 * then the replacement orders exactly one new tenant, first, and sets the old one to end at expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient } from "../../provider/ovh/index.js";
import { CommandError, PulumiProject, type RunResult } from "./harness/index.js";
import { buildPackage, exampleConfig, mutatingCalls, startTestEmulator } from "./pulumi-support.js";

const out = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

const CONTACT = {
  firstName: "Wile E.",
  lastName: "Coyote",
  email: "it@acme.example",
  phone: "+1.5205550100",
  address: "1 Desert Road",
  city: "Tucson",
  zipCode: "85701",
};

// The class as shipped: imported once dist/ is compiled.
let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;

beforeAll(async () => {
  await buildPackage();
  ({ Office365ResellerTenant } = await import("o365-reseller/pulumi"));
});

describe("a tenant replaced for a new sub-domain", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let project: PulumiProject;
  let oldServiceName: string;

  beforeAll(async () => {
    em = await startTestEmulator();
    account = em.createAccount({ nic: "acme-reseller-ovh" });
    project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, account) });
  });
  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  const acme =
    (subdomain: string, allow: { allowReplacement?: boolean; allowTermination?: boolean } = {}) =>
    async () => {
      const tenant = new Office365ResellerTenant("acme", {
        displayName: "ACME Corp",
        mpnId: "1234567",
        contact: CONTACT,
        subdomain,
        ...allow,
      });
      return { serviceName: tenant.serviceName, orderId: tenant.orderId };
    };
  const orderIds = () => Object.keys(em.state().orders);
  const tenantsOfAcme = () => Object.values(em.state().tenants).filter((t) => t.displayName === "ACME Corp");

  it("orders the tenant with sub-domain acme", async () => {
    await project.up(acme("acme"));
    oldServiceName = String((await project.outputs()).serviceName);
    expect(orderIds()).toHaveLength(1);
    expect(tenantsOfAcme().map((t) => [t.serviceName, t.subDomain])).toEqual([[oldServiceName, "acme"]]);
  });

  it("refuses the sub-domain change at preview while allowTermination is not in the state", async () => {
    em.clearCalls();
    let result: RunResult | undefined;
    try {
      await project.pulumi(["preview"], { program: acme("acme2", { allowReplacement: true }) });
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      result = error.result;
    }
    expect(result, "preview should fail").toBeDefined();
    const text = out(result!);
    // The core's REPLACEMENT_NEEDS_TERMINATION refusal, on the resource.
    expect(text).toContain(`Replacing tenant ${oldServiceName} would order a new tenant and then end`);
    expect(text).toContain("Set allowTermination: true and apply once");
    expect(mutatingCalls(em)).toEqual([]);
    expect(orderIds()).toHaveLength(1);
  });

  it("records allowTermination with a state-only update: no API write", async () => {
    em.clearCalls();
    const preview = await project.previewJson(acme("acme", { allowTermination: true }));
    expect(preview.steps.filter((s) => s.op !== "same").map((s) => s.op)).toEqual(["update"]);
    await project.up(acme("acme", { allowTermination: true }));
    expect(mutatingCalls(em)).toEqual([]);
    const stored = (await project.resources()).find((r) => r.urn.endsWith("::acme"));
    expect(stored?.outputs?.allowTermination).toBe(true);
    expect(stored?.id).toBe(oldServiceName);
    expect(orderIds()).toHaveLength(1);
  });

  it("previews the change as a replace for the sub-domain", async () => {
    const preview = await project.previewJson(
      acme("acme2", { allowReplacement: true, allowTermination: true }),
    );
    const steps = preview.steps.filter((s) => s.op !== "same");
    expect(steps.map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["replace", "acme"]]);
    expect(steps[0]!.replaceReasons).toEqual(["subdomain"]);
    const warning = preview.diagnostics?.find((d) => d.severity === "warning" && d.urn?.endsWith("::acme"));
    expect(warning?.message).toContain(`tenant ${oldServiceName} is then set to end at expiry`);
  });

  it("orders exactly one new tenant, first, then sets the old one to end at expiry", async () => {
    em.clearCalls();
    const before = new Set(orderIds());
    const r = await project.up(acme("acme2", { allowReplacement: true, allowTermination: true }));
    expect(r.stdout).toMatch(/Order \d+ placed/);

    const newOrders = orderIds().filter((id) => !before.has(id));
    expect(newOrders).toHaveLength(1);
    const outputs = await project.outputs();
    const newServiceName = String(outputs.serviceName);
    expect(newServiceName).not.toBe(oldServiceName);
    expect(outputs.orderId).toBe(Number(newOrders[0]));

    const state = em.state();
    expect(state.tenants[newServiceName]?.subDomain).toBe("acme2");
    expect(state.tenants[newServiceName]?.renew.deleteAtExpiration).toBe(false);
    expect(state.tenants[oldServiceName]?.renew.deleteAtExpiration).toBe(true);
    expect(state.tenants[oldServiceName]?.deletedAt).toBeNull();
    const infos = await fetchServiceInfos(oldServiceName);
    expect(infos.renew?.deleteAtExpiration).toBe(true);

    // The new tenant's order (checkout) comes before the write that ends the old one, and that write
    // is the only one on the old tenant.
    const writes = mutatingCalls(em).map((c) => `${c.method} ${c.path}`);
    const checkout = writes.findIndex((w) => /^POST \/order\/cart\/[^/]+\/checkout$/.test(w));
    const ending = writes.indexOf(`PUT /saas/csp2/${oldServiceName}/serviceInfos`);
    expect(checkout, writes.join("\n")).toBeGreaterThanOrEqual(0);
    expect(ending, writes.join("\n")).toBeGreaterThan(checkout);
    expect(writes.filter((w) => w.includes(oldServiceName))).toEqual([
      `PUT /saas/csp2/${oldServiceName}/serviceInfos`,
    ]);
    expect(writes.filter((w) => /\/checkout$/.test(w))).toHaveLength(1);
  });

  it("plans no change after the replacement", async () => {
    await project.pulumi(["preview", "--expect-no-changes"], {
      program: acme("acme2", { allowReplacement: true, allowTermination: true }),
    });
    expect(orderIds()).toHaveLength(2);
  });

  /** serviceInfos of a tenant as the API answers it, read with another credential of the account. */
  async function fetchServiceInfos(serviceName: string) {
    const colleague = em.addCredential(account.nic);
    const client = createOvhClient({
      endpoint: em.url,
      applicationKey: colleague.applicationKey,
      applicationSecret: colleague.applicationSecret,
      consumerKey: colleague.consumerKey,
      env: {},
      configFiles: [],
      log: false,
    });
    try {
      return await createCsp2Api(client).getServiceInfos(serviceName);
    } finally {
      await client.close();
    }
  }
});
