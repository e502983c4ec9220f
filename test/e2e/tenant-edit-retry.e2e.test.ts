/**
 * Never ordering twice survives edits, with the real engines: `tofu apply` and `pulumi up` are killed
 * (the engine and every process it started, SIGKILL, as if the machine died) after the tenant's order
 * was checked out and paid, before it was delivered; the display name and the contact are edited;
 * the next apply takes the first order (exactly one per tenant) and applies the edit. The same with two
 * tenants created in one run, both cut off, both edited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { ovhEnv, PulumiProject, type RunResult, TofuProject, type Workdir } from "./harness/index.js";
import { buildPackage, killOrphanedProviders, startTestEmulator } from "./pulumi-support.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

interface Customer {
  name: string;
  displayName: string;
  email: string;
  phone: string;
}
const ACME: Customer = {
  name: "acme",
  displayName: "ACME GmbH",
  email: "it@acme.example",
  phone: "+49.301234567",
};
const GLOBEX: Customer = {
  name: "globex",
  displayName: "Globex Corp",
  email: "it@globex.example",
  phone: "+1.5125550100",
};
const edited = (c: Customer): Customer => ({
  ...c,
  displayName: `${c.displayName} (renamed)`,
  email: `admin.${c.email}`,
  phone: c.phone.replace(/\d{3}$/, "999"),
});
const CONTACT = { lastName: "Muster", address: "Hauptstr. 1", city: "Berlin", zipCode: "10115" };
const LICENCE = "Microsoft 365 Business Standard";

const ordersOf = (em: EmulatorHandle, nic: string) =>
  Object.values(em.state().orders).filter((o) => o.nic === nic);
const tenantsOf = (em: EmulatorHandle, nic: string) =>
  Object.values(em.state().tenants).filter((t) => t.nic === nic);

/** Resolves once the account has paid `n` orders (checked out, paid, not delivered: 30 s per step). */
async function paidOrders(em: EmulatorHandle, n: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const paid = em
      .calls()
      .filter((c) => c.method === "POST" && /^\/me\/order\/\d+\/pay$/.test(c.path) && c.status < 300);
    if (paid.length >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${n} orders were paid within ${timeoutMs} ms`);
}

/** Runs `start` with a kill switch, kills it once `n` orders are paid, and returns what it printed. */
async function killedAfterPayment(
  em: EmulatorHandle,
  n: number,
  start: (kill: AbortSignal) => Promise<RunResult>,
): Promise<RunResult> {
  const kill = new AbortController();
  em.clearCalls();
  const running = start(kill.signal).catch((error: unknown) => {
    const result = (error as { result?: RunResult }).result;
    if (!result) throw error;
    return result;
  });
  try {
    await paidOrders(em, n);
  } finally {
    kill.abort();
  }
  const result = await running;
  expect(result.signal, `${result.stdout}\n${result.stderr}`).toBe("SIGKILL");
  return result;
}

function expectEdited(em: EmulatorHandle, nic: string, customers: Customer[]) {
  expect(ordersOf(em, nic)).toHaveLength(customers.length);
  const tenants = tenantsOf(em, nic);
  expect(tenants).toHaveLength(customers.length);
  for (const c of customers) {
    const e = edited(c);
    const t = tenants.find((x) => x.lastName === `${CONTACT.lastName}-${c.name}`);
    expect(t, c.name).toMatchObject({ displayName: e.displayName, email: e.email, phone: e.phone });
    // The licence bought with the tenant, once.
    expect(Object.values(t!.subscriptions).map((s) => s.quantity)).toEqual([2]);
  }
}

// ---- OpenTofu -------------------------------------------------------------------------------------

function tofuConfig(customers: Customer[]): string {
  const tenants = customers.map(
    (c) => `
resource "o365reseller_tenant" "${c.name}" {
  display_name = "${c.displayName}"
  mpn_id       = "1234567"
  contact = {
    first_name = "Anna"
    last_name  = "${CONTACT.lastName}-${c.name}"
    email      = "${c.email}"
    phone      = "${c.phone}"
    address    = "${CONTACT.address}"
    city       = "${CONTACT.city}"
    zip_code   = "${CONTACT.zipCode}"
  }
  licenses = [{ license = "${LICENCE}", quantity = 2 }]
}
`,
  );
  return `terraform {
  required_providers {
    o365reseller = {
      source = "${PROVIDER_SOURCE}"
    }
  }
}

provider "o365reseller" {}
${tenants.join("")}`;
}

describe("OpenTofu killed mid-order, then the inputs edited", () => {
  let em: EmulatorHandle;
  let plugin: Workdir;
  const projects: TofuProject[] = [];

  beforeAll(async () => {
    em = await startTestEmulator({ orderStepSeconds: 30 });
    plugin = await providerDir();
  });
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
    await plugin?.cleanup();
    await em?.stop();
  });

  async function project(account: AccountCredentials, customers: Customer[]): Promise<TofuProject> {
    const p = await TofuProject.create({
      files: { "main.tf": tofuConfig(customers) },
      devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
      env: ovhEnv(em, account),
    });
    projects.push(p);
    return p;
  }

  it.each([
    ["one tenant", [ACME]],
    ["two tenants created in one apply", [ACME, GLOBEX]],
  ])(
    "%s: killed after checkout and payment, edited, applied → one order each, the edit applied",
    async (_l, customers) => {
      const account = em.createAccount();
      const p = await project(account, customers);
      const killed = await killedAfterPayment(em, customers.length, (kill) =>
        p.tofu(["apply", "-no-color", "-auto-approve"], { kill }),
      );
      expect(killed.stdout).toMatch(/Creating\.\.\./);
      expect(ordersOf(em, account.nic)).toHaveLength(customers.length);
      expect((await p.state()).values?.root_module?.resources ?? []).toEqual([]);

      await p.writeFile("main.tf", tofuConfig(customers.map(edited)));
      em.advanceClock(120);
      const r = await p.apply();
      // First what costs money: a second order here is what the old input-hash key did.
      expectEdited(em, account.nic, customers);
      const out = r.stdout + r.stderr;
      expect(out).toMatch(
        /Warning: Order \d+ of an earlier attempt of this create was placed with other values\s+of\s+display_name, contact\.email, contact\.phone/,
      );
      const state = await p.state();
      expect(state.values?.root_module?.resources?.map((x) => x.values.display_name).sort()).toEqual(
        customers.map((c) => edited(c).displayName).sort(),
      );
      const { changes } = await p.plan();
      expect(changes).toBe(false);
    },
  );
});

// ---- Pulumi ---------------------------------------------------------------------------------------

let Office365ResellerTenant: typeof import("o365-reseller/pulumi").Office365ResellerTenant;

describe("pulumi killed mid-order, then the inputs edited", () => {
  let em: EmulatorHandle;
  const projects: PulumiProject[] = [];

  beforeAll(async () => {
    await buildPackage();
    ({ Office365ResellerTenant } = await import("o365-reseller/pulumi"));
    em = await startTestEmulator({ orderStepSeconds: 30 });
  });
  afterAll(async () => {
    for (const p of projects) {
      await killOrphanedProviders(p.dir);
      await p.cleanup();
    }
    await em?.stop();
  });

  const program = (customers: Customer[]) => async () => {
    const out: Record<string, unknown> = {};
    for (const c of customers) {
      const t = new Office365ResellerTenant(c.name, {
        displayName: c.displayName,
        mpnId: "1234567",
        contact: {
          firstName: "Anna",
          lastName: `${CONTACT.lastName}-${c.name}`,
          email: c.email,
          phone: c.phone,
          address: CONTACT.address,
          city: CONTACT.city,
          zipCode: CONTACT.zipCode,
        },
        licenses: [{ license: LICENCE, quantity: 2 }],
      });
      out[c.name] = t.serviceName;
    }
    return out;
  };

  it.each([
    ["one tenant", [ACME]],
    ["two tenants created in one up", [ACME, GLOBEX]],
  ])(
    "%s: killed after checkout and payment, edited, up → one order each, the edit applied",
    async (_l, customers) => {
      const account = em.createAccount();
      const p = await PulumiProject.create({
        fixture: "pulumi-example",
        config: {
          "o365-reseller:endpoint": em.url,
          "o365-reseller:applicationKey": account.applicationKey,
          "o365-reseller:requestsPerMinute": "6000",
        },
        secrets: {
          "o365-reseller:applicationSecret": account.applicationSecret,
          "o365-reseller:consumerKey": account.consumerKey,
          partnerAccount: "{}",
        },
      });
      projects.push(p);
      await killedAfterPayment(em, customers.length, (kill) =>
        p.pulumi(["up", "--yes", "--skip-preview"], { program: program(customers), kill }),
      );
      expect(ordersOf(em, account.nic)).toHaveLength(customers.length);
      // What Pulumi asks for after a crash: release the stack's lock, then run again.
      await p.pulumi(["cancel", "--yes"], { okCodes: [0, 255] });

      em.advanceClock(120);
      const r = await p.up(program(customers.map(edited)));
      expectEdited(em, account.nic, customers);
      expect(r.stdout).toMatch(
        /Order \d+ of an earlier attempt of this create was placed with other values of displayName, contact\.email, contact\.phone/,
      );
      const outputs = await p.outputs();
      expect(Object.keys(outputs).sort()).toEqual(customers.map((c) => c.name).sort());
      await p.pulumi(["preview", "--expect-no-changes"], { program: program(customers.map(edited)) });
    },
  );
});
