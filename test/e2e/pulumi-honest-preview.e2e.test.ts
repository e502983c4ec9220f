/**
 * What `pulumi preview` shows is what `pulumi up` does, when a tenant changes in the same run as its
 * subscriptions: its display name (an in-place update of the tenant), or rotated credentials (a new
 * consumer key of the same account, on every resource). The subscriptions, an add-on among them, are
 * never shown as replaced (a purchase and a cancellation) when up only updates them in place or not at
 * all; the emulator's call log shows what up really did. And a misspelt input of the shipped class is
 * refused at preview, by name (as OpenTofu refuses it), never ignored.
 */
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { CommandError, PulumiProject } from "./harness/index.js";
import {
  buildPackage,
  credentialsOf,
  exampleConfig,
  mutatingCalls,
  startTestEmulator,
} from "./pulumi-support.js";

type Credentials = ReturnType<typeof credentialsOf>;

let pulumiPkg: typeof import("o365-reseller/pulumi");

beforeAll(async () => {
  await buildPackage();
  pulumiPkg = await import("o365-reseller/pulumi");
});

describe("preview shows what up does when a tenant changes with its subscriptions", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  let project: PulumiProject;
  let tenantName: string;
  // What the program declares; each test changes one of them.
  let displayName = "ACME GmbH";
  let credentials: Credentials;

  const program = async (): Promise<Record<string, pulumi.Input<unknown>>> => {
    const { Office365ResellerTenant, Office365ResellerSubscription } = pulumiPkg;
    const acme = new Office365ResellerTenant("acme", {
      displayName,
      mpnId: "1234567",
      contact: {
        firstName: "Anna",
        lastName: "Muster",
        email: "it@acme.example",
        phone: "+49 30 1234567",
        address: "Hauptstr. 1",
        city: "Berlin",
        zipCode: "10115",
      },
      credentials,
    });
    const premium = new Office365ResellerSubscription("acme-premium", {
      tenant: acme.serviceName,
      license: "Microsoft 365 Business Premium",
      quantity: 5,
      credentials,
    });
    new Office365ResellerSubscription("acme-phone", {
      tenant: acme.serviceName,
      license: "Microsoft Teams Phone Standard",
      quantity: 5,
      parent: premium.subscriptionId,
      credentials,
    });
    return { serviceName: acme.serviceName };
  };

  /** Steps the preview plans, other than "same", as [op, resource name]. */
  const planned = async () =>
    (await project.previewJson(program)).steps
      .filter((s) => s.op !== "same")
      .map((s) => [s.op, s.urn.split("::").pop()]);
  /** Resource name → id, from the state. */
  const ids = async () =>
    Object.fromEntries(
      (await project.resources()).filter((r) => r.id).map((r) => [r.urn.split("::").pop(), r.id]),
    );

  beforeAll(async () => {
    em = await startTestEmulator();
    account = em.createAccount({ nic: "acme-reseller-ovh" });
    credentials = credentialsOf(em, account);
    project = await PulumiProject.create({ fixture: "pulumi-example", ...exampleConfig(em, account) });
    await project.up(program);
    tenantName = String((await project.outputs()).serviceName);
  });
  afterAll(async () => {
    await project?.cleanup();
    await em?.stop();
  });

  it("a tenant rename: preview shows one update of the tenant; up writes only the tenant", async () => {
    displayName = "ACME Holding GmbH";
    expect(await planned()).toEqual([["update", "acme"]]);
    const before = await ids();
    em.clearCalls();
    await project.up(program);
    expect(mutatingCalls(em).map((c) => `${c.method} ${c.path}`)).toEqual([`PUT /saas/csp2/${tenantName}`]);
    expect(await ids()).toEqual(before);
    expect(em.state().tenants[tenantName]!.displayName).toBe("ACME Holding GmbH");
    await project.pulumi(["preview", "--expect-no-changes"], { program });
  });

  it("rotated credentials: preview shows updates, no replace; up writes nothing and keeps every id", async () => {
    credentials = credentialsOf(em, em.addCredential(account.nic));
    const steps = await planned();
    expect(steps.map(([op]) => op)).not.toContain("replace");
    expect(steps.sort()).toEqual([
      ["update", "acme"],
      ["update", "acme-phone"],
      ["update", "acme-premium"],
    ]);
    const before = await ids();
    em.clearCalls();
    await project.up(program);
    expect(mutatingCalls(em)).toEqual([]);
    expect(await ids()).toEqual(before);
    await project.pulumi(["preview", "--expect-no-changes"], { program });
  });

  it("a misspelt input is refused at preview, by name, with the input meant (never ignored)", async () => {
    const typo = async () => {
      const { Office365ResellerSubscription } = pulumiPkg;
      new Office365ResellerSubscription("acme-basic", {
        tenant: tenantName,
        license: "Microsoft 365 Business Basic",
        quantity: 1,
        quantty: 2,
        credentials,
      } as never);
      return {};
    };
    em.clearCalls();
    const failed = await project.pulumi(["preview"], { program: typo }).then(
      (r) => {
        throw new Error(`expected the preview to fail:\n${r.stdout}`);
      },
      (e: unknown) => {
        if (e instanceof CommandError) return e.result;
        throw e;
      },
    );
    expect(`${failed.stdout}\n${failed.stderr}`).toMatch(
      /quantty.*is not an input of the subscription; did you mean quantity\?/,
    );
    expect(mutatingCalls(em)).toEqual([]);
  });
});
