/**
 * `protect` with the real Pulumi CLI: on a tenant alone it does not stop `pulumi destroy` from cancelling
 * the tenant's subscriptions first (Pulumi deletes dependents before what they depend on, and refuses
 * the protected tenant only when it gets to it), as the README says; `protect` on every resource of the
 * customer refuses the destroy before anything is cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { CommandError, PulumiProject, type RunResult } from "./harness/index.js";
import { buildPackage, exampleConfig, mutatingCalls, startTestEmulator } from "./pulumi-support.js";

let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;
let Office365ResellerSubscription: typeof import("o365-reseller/pulumi").Office365ResellerSubscription;
let em: EmulatorHandle;
let account: AccountCredentials;

const CONTACT = {
  firstName: "Anna",
  lastName: "Muster",
  email: "it@acme.example",
  phone: "+49.301234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};

beforeAll(async () => {
  await buildPackage();
  ({ Office365ResellerTenant, Office365ResellerSubscription } = await import("o365-reseller/pulumi"));
  em = await startTestEmulator();
  account = em.createAccount({ nic: "protect-reseller-ovh" });
});
afterAll(async () => {
  await em?.stop();
});

/** One customer: a tenant and a subscription, the tenant alone or every resource protected. */
const estate = (how: "tenant" | "every") => async () => {
  const tenant = new Office365ResellerTenant(
    "acme",
    { displayName: "ACME GmbH", mpnId: "1234567", contact: CONTACT },
    { protect: true },
  );
  new Office365ResellerSubscription(
    "acme-standard",
    { tenant: tenant.serviceName, license: "Microsoft 365 Business Standard", quantity: 3 },
    { protect: how === "every" },
  );
  return { tenant: tenant.serviceName };
};

async function destroyRefused(project: PulumiProject): Promise<RunResult> {
  try {
    await project.destroy();
  } catch (error) {
    if (error instanceof CommandError) return error.result;
    throw error;
  }
  throw new Error("pulumi destroy succeeded; it should have been refused");
}

describe("protect", () => {
  it("on the tenant alone: destroy cancels the subscription first, then refuses the tenant", async () => {
    const project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, account) });
    try {
      await project.up(estate("tenant"));
      em.clearCalls();
      const r = await destroyRefused(project);
      expect(`${r.stdout}${r.stderr}`).toMatch(/protected/);
      expect(mutatingCalls(em).map((c) => c.method)).toContain("DELETE");
    } finally {
      await project.cleanup();
    }
  });

  it("on every resource of the customer: destroy is refused before anything is cancelled", async () => {
    const project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, account) });
    try {
      await project.up(estate("every"));
      em.clearCalls();
      const r = await destroyRefused(project);
      expect(`${r.stdout}${r.stderr}`).toMatch(/protected/);
      expect(mutatingCalls(em)).toEqual([]);
    } finally {
      await project.cleanup();
    }
  });
});
