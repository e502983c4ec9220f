/**
 * The soak's case with the real OpenTofu CLI, our provider and the emulator: two tenants of one account
 * whose contacts differ only in last and display name (a reseller's own contact on every tenant). One
 * 503 on the first cart POST makes one create fail while the other finishes; the next fault-free
 * `tofu apply` orders the one that failed (its plan showed the provider the other's state), instead of
 * refusing it for a day as a possible lost create: two orders, two tenants, then no change.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { ovhEnv, TofuProject, type Workdir } from "./harness/index.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

const tenant = (name: string, displayName: string, lastName: string) => `
resource "o365reseller_tenant" "${name}" {
  display_name = "${displayName}"
  mpn_id       = "1234567"
  contact = {
    first_name = "Anna"
    last_name  = "${lastName}"
    email      = "it@reseller.example"
    phone      = "+49 30 1234567"
    address    = "Hauptstr. 1"
    city       = "Berlin"
    zip_code   = "10115"
  }
}
`;

const MAIN_TF = `
terraform {
  required_providers {
    o365reseller = {
      source = "${PROVIDER_SOURCE}"
    }
  }
}

provider "o365reseller" {}
${tenant("nord", "ACME Nord GmbH", "Nord")}
${tenant("sued", "ACME Sued GmbH", "Sued")}
`;

let em: EmulatorHandle;
let account: AccountCredentials;
let plugin: Workdir;
let project: TofuProject;
/** This machine's cache directory (the rate budget and the shared facts), the test's own. */
let cache: string;

beforeAll(async () => {
  em = await startEmulator({ port: 0, taskSeconds: 0.3, orderStepSeconds: 0.3, log: () => {} });
  account = em.createAccount({ nic: "reseller-ovh" });
  plugin = await providerDir();
  cache = await mkdtemp(join(tmpdir(), "o365r-e2e-cache-"));
  project = await TofuProject.create({
    files: { "main.tf": MAIN_TF },
    devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
    env: { ...ovhEnv(em, account), XDG_CACHE_HOME: cache },
  });
});

afterAll(async () => {
  await project?.cleanup();
  await plugin?.cleanup();
  await em?.stop();
  if (cache) await rm(cache, { recursive: true, force: true });
});

const orders = () => Object.values(em.state().orders).filter((o) => o.nic === account.nic);
const tenants = () => Object.values(em.state().tenants).filter((t) => t.nic === account.nic);

describe("two tenants with resembling contacts, one create cut off by a 503", () => {
  it("the faulted apply creates one tenant and fails the other", async () => {
    em.addFault({ method: "POST", path: "/order/cart", status: 503, count: 1 });
    const r = await project.tofu(["apply", "-no-color", "-auto-approve"], { okCodes: [1] });
    expect(r.stdout + r.stderr).toMatch(/503/);
    expect(orders()).toHaveLength(1);
    expect(tenants()).toHaveLength(1);
  });

  it("the next clean apply orders the other one: two orders, two tenants, and then no change", async () => {
    const r = await project.apply();
    expect(r.stdout + r.stderr).not.toMatch(/could be this resource's/);
    expect(orders()).toHaveLength(2);
    expect(
      tenants()
        .map((t) => [t.displayName, t.lastName])
        .sort(),
    ).toEqual([
      ["ACME Nord GmbH", "Nord"],
      ["ACME Sued GmbH", "Sued"],
    ]);
    const { changes } = await project.plan();
    expect(changes).toBe(false);
  });
});
