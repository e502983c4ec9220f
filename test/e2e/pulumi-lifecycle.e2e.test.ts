/**
 * The Pulumi provider's harder cases with the real CLI and the emulator: adopting a tenant and a
 * subscription that exist already (no order; no change planned after), a seat reduction outside
 * Microsoft's 168-hour window (flagged at preview, the API's refusal shown as one readable line), and a
 * pulumi process killed in the middle of a tenant order (the next `up` finds that order: one order).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle, SeededTenant } from "../../emulator/index.js";
import { CommandError, PulumiProject, type RunResult } from "./harness/index.js";
import { buildPackage, killOrphanedProviders, mutatingCalls, startTestEmulator } from "./pulumi-support.js";

const out = (r: RunResult) => `${r.stdout}\n${r.stderr}`;
const STACK_FRAME = /\n\s+at .+:\d+:\d+\)?\n/;

function stackConfig(em: EmulatorHandle, account: AccountCredentials) {
  return {
    config: {
      "o365-reseller:endpoint": em.url,
      "o365-reseller:applicationKey": account.applicationKey,
      "o365-reseller:requestsPerMinute": "6000",
    },
    secrets: {
      "o365-reseller:applicationSecret": account.applicationSecret,
      "o365-reseller:consumerKey": account.consumerKey,
      // The fixture's project (the example's) requires it; these programs do not use it.
      partnerAccount: "{}",
    },
  };
}

const CONTACT = {
  firstName: "Bill",
  lastName: "Lumbergh",
  email: "it@initech.example",
  phone: "+1.5125550100",
  address: "4120 Freidrich Lane",
  city: "Austin",
  zipCode: "78744",
};

// The classes as shipped: imported once dist/ is compiled.
let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;
let Office365ResellerSubscription: typeof import("o365-reseller/pulumi").Office365ResellerSubscription;

beforeAll(async () => {
  await buildPackage();
  ({ Office365ResellerTenant, Office365ResellerSubscription } = await import("o365-reseller/pulumi"));
});

describe("adoption, and a seat reduction outside the 168-hour window", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let project: PulumiProject;
  let seeded: SeededTenant;

  beforeAll(async () => {
    em = await startTestEmulator();
    account = em.createAccount({ nic: "initech-reseller-ovh" });
    // Bought 200 hours ago, in the control panel: outside Microsoft's window for reductions.
    seeded = em.createTenant({
      account: account.nic,
      displayName: "Initech AG",
      mpnId: "1234567",
      ...CONTACT,
      subscriptions: [{ license: "Microsoft 365 Business Standard", quantity: 10, purchasedHoursAgo: 200 }],
    });
    project = await PulumiProject.create({ fixture: "pulumi-example", ...stackConfig(em, account) });
  });
  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  const adopting = (seats: number) => async () => {
    const tenant = new Office365ResellerTenant("initech", {
      displayName: "Initech AG",
      mpnId: "1234567",
      contact: CONTACT,
      adoptServiceName: seeded.serviceName,
    });
    const standard = new Office365ResellerSubscription("initech-standard", {
      tenant: tenant.serviceName,
      license: "Microsoft 365 Business Standard",
      quantity: seats,
      adoptSubscriptionId: seeded.subscriptions[0]!.id,
    });
    return { tenant: tenant.serviceName, orderId: tenant.orderId, seats: standard.quantity };
  };

  it("adopts the seeded tenant and subscription without ordering or writing anything", async () => {
    const orders = Object.keys(em.state().orders).length;
    em.clearCalls();
    const r = await project.up(adopting(10));
    expect(mutatingCalls(em)).toEqual([]);
    expect(Object.keys(em.state().orders)).toHaveLength(orders);
    expect(r.stdout).toContain(`Tenant ${seeded.serviceName} adopted (no order placed).`);
    const outputs = await project.outputs();
    expect(outputs).toMatchObject({ tenant: seeded.serviceName, seats: 10 });
    expect(outputs.orderId).toBeUndefined();
  });

  it("plans no change after the adoption", async () => {
    await project.pulumi(["preview", "--expect-no-changes"], { program: adopting(10) });
    await project.refresh(["--expect-no-changes"]);
  });

  it("flags a seat reduction outside the window at preview, on the subscription", async () => {
    const preview = await project.previewJson(adopting(8));
    const steps = preview.steps.filter((s) => s.op !== "same");
    expect(steps.map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "initech-standard"]]);
    const warning = preview.diagnostics?.find(
      (d) => d.severity === "warning" && d.message?.includes("168 hours"),
    );
    expect(warning?.urn).toMatch(/::initech-standard$/);
    expect(warning?.message).toContain("from 10 to 8 seats will likely be refused");
  });

  it("shows OVHcloud's refusal of the reduction as one readable line", async () => {
    em.clearCalls();
    let result: RunResult | undefined;
    try {
      await project.up(adopting(8));
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      result = error.result;
    }
    expect(result, "up should fail").toBeDefined();
    const text = out(result!);
    const line = text.split("\n").find((l) => l.includes("was refused:"));
    expect(line).toMatch(/Reducing subscription \d+ of tenant csp2-\w+ from 10 to 8 seats was refused: .+/);
    expect(line).toMatch(/168 hours/);
    expect(line).toMatch(/\(OVHcloud query id [^)]+\)/);
    expect(text).not.toMatch(STACK_FRAME);
    expect(mutatingCalls(em).map((c) => [c.method, c.status])).toEqual([["POST", 403]]);
    expect(em.state().tenants[seeded.serviceName]!.subscriptions[seeded.subscriptions[0]!.id]?.quantity).toBe(
      10,
    );
  });
});

describe("a pulumi process killed in the middle of a tenant order", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let project: PulumiProject;

  beforeAll(async () => {
    // Each order step takes 30 s: the kill lands while the create waits for delivery.
    em = await startTestEmulator({ orderStepSeconds: 30 });
    account = em.createAccount({ nic: "crash-reseller-ovh" });
    project = await PulumiProject.create({ fixture: "pulumi-example", ...stackConfig(em, account) });
  });
  afterAll(async () => {
    await killOrphanedProviders(project?.dir ?? "");
    await project?.cleanup();
    await em?.stop();
  });

  const crashco = async () => {
    const tenant = new Office365ResellerTenant("crashco", {
      displayName: "CrashCo Ltd",
      mpnId: "1234567",
      contact: { ...CONTACT, email: "it@crashco.example" },
    });
    return { tenant: tenant.serviceName, orderId: tenant.orderId };
  };
  const ordersOfCrashCo = () =>
    Object.values(em.state().orders).filter((o) =>
      o.details.some((d) => d.configurations.some((c) => c.value === "CrashCo Ltd")),
    );

  it("leaves exactly one order after the killed run and the next up", async () => {
    // The harness sends SIGTERM after 15 s (Pulumi starts cancelling, waiting for the create) and
    // SIGKILL 5 s later: the engine dies with the create pending, its provider orphaned.
    let killed: RunResult | undefined;
    try {
      await project.pulumi(["up", "--yes", "--skip-preview"], { program: crashco, timeoutMs: 15_000 });
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      killed = error.result;
    }
    expect(killed?.signal ?? killed?.code, "the first up must not finish").toBeTruthy();
    expect(killed!.stdout).toMatch(/Order \d+ placed/);
    // The orphaned provider is stopped too, as if the machine had died.
    await killOrphanedProviders(project.dir);
    const state = JSON.parse((await project.pulumi(["stack", "export"])).stdout) as {
      deployment: {
        resources?: { urn: string }[];
        pending_operations?: { resource: { urn: string }; type: string }[];
      };
    };
    expect(
      state.deployment.pending_operations?.map((p) => [p.type, p.resource.urn.split("::").pop()]),
    ).toEqual([["creating", "crashco"]]);
    expect(state.deployment.resources?.some((r) => r.urn.endsWith("::crashco"))).toBe(false);
    expect(ordersOfCrashCo()).toHaveLength(1);

    // What Pulumi tells the user after a crash: release the stack's lock, then run again. Time passes;
    // the next up finds the first attempt's order and takes its tenant.
    await project.pulumi(["cancel", "--yes"]);
    em.advanceClock(120);
    const r = await project.up(crashco);
    expect(out(r)).toContain("pending operations");
    expect(r.stdout).toMatch(/already checked out; looking for its order/);
    const orders = ordersOfCrashCo();
    expect(orders).toHaveLength(1);
    const outputs = await project.outputs();
    expect(outputs.orderId).toBe(orders[0]!.orderId);
    expect(Object.values(em.state().tenants).filter((t) => t.displayName === "CrashCo Ltd")).toHaveLength(1);
  });
});
