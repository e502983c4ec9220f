/**
 * A tenant create that stops after the order was delivered (the read of the new tenant fails), with the
 * real Pulumi CLI and the emulator: the engine keeps the tenant with the partial state (status
 * "unknown") and its init error; the next `up`, nothing changed, runs the provider's update, which reads
 * the tenant: the state is true without a refresh, and nothing is ordered or written again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { CommandError, PulumiProject, type RunResult } from "./harness/index.js";
import { buildPackage, exampleConfig, mutatingCalls, startTestEmulator } from "./pulumi-support.js";

const CONTACT = {
  firstName: "Peter",
  lastName: "Gibbons",
  email: "it@halfco.example",
  phone: "+1.5125550199",
  address: "4120 Freidrich Lane",
  city: "Austin",
  zipCode: "78744",
};

let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;

beforeAll(async () => {
  await buildPackage();
  ({ Office365ResellerTenant } = await import("o365-reseller/pulumi"));
});

describe("the next up after a half-done tenant create", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let project: PulumiProject;

  beforeAll(async () => {
    em = await startTestEmulator();
    account = em.createAccount({ nic: "halfco-reseller-ovh" });
    project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, account) });
  });
  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  const halfco = async () => {
    const tenant = new Office365ResellerTenant("halfco", {
      displayName: "HalfCo Inc",
      mpnId: "1234567",
      contact: CONTACT,
    });
    return { serviceName: tenant.serviceName, status: tenant.status };
  };
  const stored = async () => (await project.resources()).find((r) => r.urn.endsWith("::halfco"));

  it("keeps the delivered tenant with a partial state when its read fails", async () => {
    // The order goes through; the first read of the new tenant (GET /saas/csp2/{serviceName}) fails.
    em.addFault({ method: "GET", path: "/saas/csp2/csp2-*", status: 503, count: 20 });
    let result: RunResult | undefined;
    try {
      await project.up(halfco);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      result = error.result;
    }
    em.clearFaults();
    expect(result, "the up should fail").toBeDefined();
    expect(`${result!.stdout}\n${result!.stderr}`).toMatch(/was created, but the create did not finish/);
    const partial = await stored();
    expect(partial?.outputs).toMatchObject({ status: "unknown", creationDate: "" });
    expect(Object.keys(em.state().orders)).toHaveLength(1);
  });

  it("the next up, nothing changed, makes the state true without a refresh, writing nothing", async () => {
    em.clearCalls();
    await project.up(halfco);
    expect(mutatingCalls(em)).toEqual([]);
    const serviceName = Object.keys(em.state().tenants)[0]!;
    const state = await stored();
    expect(state?.id).toBe(serviceName);
    expect(state?.outputs).toMatchObject({ serviceName, status: "ok" });
    expect(state?.outputs?.creationDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await project.outputs()).toMatchObject({ serviceName, status: "ok" });
    expect(Object.keys(em.state().orders)).toHaveLength(1);
    // And nothing is left to do.
    await project.pulumi(["preview", "--expect-no-changes"], { program: halfco });
  });
});
