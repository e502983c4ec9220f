/**
 * Credentials with the real Pulumi CLI: a stack without any fails at preview (not at `up`), naming the
 * stack config keys and the other places credentials come from, before any API call; a misspelt
 * `o365-reseller:*` key is warned about, with the key meant.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { PulumiProject, type RunResult } from "./harness/index.js";
import { buildPackage, exampleConfig, startTestEmulator } from "./pulumi-support.js";

const out = (r: RunResult) => `${r.stdout}\n${r.stderr}`.replace(/\s+/g, " ");
/** No OVH_* credentials from the test's own environment, and a HOME without ~/.ovh.conf. */
const NO_AMBIENT = Object.fromEntries(
  [
    "OVH_ENDPOINT",
    "OVH_APPLICATION_KEY",
    "OVH_APPLICATION_SECRET",
    "OVH_CONSUMER_KEY",
    "OVH_CLIENT_ID",
    "OVH_CLIENT_SECRET",
  ].map((k) => [k, ""]),
);

let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;
let em: EmulatorHandle;
let account: AccountCredentials;
let home: string;

beforeAll(async () => {
  await buildPackage();
  ({ Office365ResellerTenant } = await import("o365-reseller/pulumi"));
  em = await startTestEmulator();
  account = em.createAccount({ nic: "creds-reseller-ovh" });
  home = await mkdtemp(join(tmpdir(), "o365r-e2e-home-"));
});
afterAll(async () => {
  await em?.stop();
  await rm(home, { recursive: true, force: true });
});

const program = async () => {
  const tenant = new Office365ResellerTenant("acme", {
    displayName: "ACME GmbH",
    mpnId: "1234567",
    contact: {
      firstName: "Anna",
      lastName: "Muster",
      email: "it@acme.example",
      phone: "+49.301234567",
      address: "Hauptstr. 1",
      city: "Berlin",
      zipCode: "10115",
    },
  });
  return { tenant: tenant.serviceName };
};

describe("Pulumi credentials", () => {
  it("a preview without credentials fails, naming the o365-reseller:* keys and the other places", async () => {
    const project = await PulumiProject.create({
      fixture: "pulumi-example",
      secrets: { partnerAccount: "{}" },
      env: { ...NO_AMBIENT, HOME: home },
    });
    try {
      em.clearCalls();
      const r = await project.pulumi(["preview"], { program, okCodes: [1] });
      const text = out(r);
      expect(text).toContain("No OVHcloud credentials found.");
      for (const key of ["applicationKey", "applicationSecret", "consumerKey", "clientId", "clientSecret"]) {
        expect(text).toContain(`o365-reseller:${key}`);
      }
      expect(text).toMatch(/OVH_APPLICATION_KEY.*ovh\.conf.*own `credentials`/);
      expect(em.calls().filter((c) => !c.path.startsWith("/_emulator"))).toEqual([]);
    } finally {
      await project.cleanup();
    }
  });

  it("warns about a misspelt o365-reseller:* key, naming the key meant", async () => {
    const { config, secrets } = exampleConfig(em, account);
    const project = await PulumiProject.create({
      fixture: "pulumi-example",
      config: { ...config, "o365-reseller:requestPerMinute": "6000" },
      secrets,
      env: { ...NO_AMBIENT, HOME: home },
    });
    try {
      const r = await project.pulumi(["preview"], { program });
      const text = out(r);
      expect(text).toContain(
        "The stack config key o365-reseller:requestPerMinute is not one o365-reseller reads and is ignored; did you mean o365-reseller:requestsPerMinute?",
      );
      // Once in the engine's summary of diagnostics, however many resources the provider serves.
      const summary = text.slice(text.indexOf("Diagnostics:"));
      expect(summary.split("o365-reseller:requestPerMinute is not one").length - 1).toBe(1);
    } finally {
      await project.cleanup();
    }
  });
});
