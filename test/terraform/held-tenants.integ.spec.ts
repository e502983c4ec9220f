// Terraform's shared key (every tenant create of an account searches the same attempts): the soak's
// case through the provider process and the real plugin protocol, against the emulator. Two tenants of
// one account whose contacts differ only in last and display name; the second one's first cart is
// refused with a 503; the next clean apply, whose plan shows the provider the first tenant's state,
// orders the second. A finished create whose state the engine lost is still refused once edited (no
// engine ever showed its tenant in a state), and taken with its own inputs, even once it was seen.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import type { TfObject } from "../../provider/terraform/values.js";
import { admin } from "../emulator/helpers.js";
import {
  credentialsEnv,
  Engine,
  errorsOf,
  startWorld,
  tenantConfig,
  warningsOf,
} from "./provider-harness.js";

const TENANT = "o365reseller_tenant";

let em: EmulatorHandle;
/** This machine's cache (the shared facts); another machine has its own. */
let machine: string;
let otherMachine: string;
const started: Engine[] = [];

beforeAll(async () => {
  em = await startWorld();
  machine = mkdtempSync(join(tmpdir(), "o365r-held-"));
  otherMachine = mkdtempSync(join(tmpdir(), "o365r-held-other-"));
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((e) => e.stop()));
  await em?.stop();
  for (const dir of [machine, otherMachine]) rmSync(dir, { recursive: true, force: true });
});

/** A provider process as an engine starts one per command, on a machine (its cache directory). */
async function provider(creds: AccountCredentials, cache = machine): Promise<Engine> {
  const e = await Engine.start({
    ...credentialsEnv(em, creds),
    XDG_CACHE_HOME: cache,
    // Every process of one credential shares its budget on a machine: this test's pace, not fair use.
    O365R_REQUESTS_PER_MINUTE: "1200",
  });
  started.push(e);
  expect(await e.configure()).toEqual([]);
  return e;
}

const ordersOf = (nic: string) => Object.values(em.state().orders).filter((o) => o.nic === nic);
const tenantsOf = (nic: string) => Object.values(em.state().tenants).filter((t) => t.nic === nic);

/** A reseller's own contact on every tenant: the two differ in display name and last name only. */
const tenantA = tenantConfig({ display_name: "ACME Nord GmbH" }, { last_name: "Nord" });
const tenantB = tenantConfig({ display_name: "ACME Sued GmbH" }, { last_name: "Sued" });

describe("a tenant create that failed beside a tenant with a resembling contact", () => {
  it("is ordered by the next clean apply (its plan shows the provider the other tenant's state): two orders, two tenants", async () => {
    const alice = em.createAccount();
    // `tofu apply` #1: A is created; B's first cart POST is refused with a 503, B fails.
    const first = await provider(alice);
    const a = await first.planApply(TENANT, null, tenantA);
    expect(errorsOf(a.diagnostics)).toEqual([]);
    const stateA = a.state!;
    const nameA = String(stateA.service_name);
    const fault = await admin(em.adminUrl, "POST", "/faults", {
      method: "POST",
      path: "/order/cart",
      status: 503,
      count: 1,
    });
    expect(fault.status).toBe(201);
    const failed = await first.planApply(TENANT, null, tenantB);
    expect(errorsOf(failed.diagnostics)).not.toEqual([]);
    expect(ordersOf(alice.nic)).toHaveLength(1);

    // A saved plan of B alone applied on another machine, whose provider never saw A's state:
    // refused, saying what a fresh plan and an import would do, and nothing ordered.
    const elsewhere = await provider(alice, otherMachine);
    const refused = await elsewhere.planApply(TENANT, null, tenantB);
    const [error] = errorsOf(refused.diagnostics);
    expect(error?.summary).toMatch(/could be this resource's/);
    const text = `${error?.summary} ${error?.detail}`;
    expect(text).toContain(`tenant ${nameA} `);
    expect(text).toMatch(/differs in display_name, contact\.last_name/);
    expect(text).toMatch(
      /plan the whole configuration it is in here \(for this one: apply without a saved plan and without -target/,
    );
    expect(text).toMatch(/import it \(an import block with its service name, or adopt_service_name\)/);
    expect(ordersOf(alice.nic)).toHaveLength(1);

    // `tofu apply` #2 on this machine: the plan process refreshes and plans A, and plans B; another
    // process applies B with that plan.
    const planning = await provider(alice);
    const readA = await planning.read(TENANT, stateA);
    expect(errorsOf(readA.diagnostics)).toEqual([]);
    const planA = await planning.plan(TENANT, readA.state, tenantA, readA.private);
    expect(errorsOf(planA.diagnostics)).toEqual([]);
    const planB = await planning.plan(TENANT, null, tenantB);
    expect(errorsOf(planB.diagnostics)).toEqual([]);
    const applying = await provider(alice);
    em.clearCalls();
    const b = await applying.apply(TENANT, null, planB.state, tenantB, planB.private);
    expect(errorsOf(b.diagnostics)).toEqual([]);
    expect(b.state?.service_name).not.toBe(nameA);
    // Knowing A is held costs no call: the search does not even read A to see whether it lives.
    expect(em.calls().filter((c) => c.path.includes(nameA))).toEqual([]);
    expect(ordersOf(alice.nic)).toHaveLength(2);
    expect(
      tenantsOf(alice.nic)
        .map((t) => [t.displayName, t.lastName])
        .sort(),
    ).toEqual([
      ["ACME Nord GmbH", "Nord"],
      ["ACME Sued GmbH", "Sued"],
    ]);
  }, 120_000);
});

describe("a finished create whose state the engine lost (killed before it saved)", () => {
  it("edited: still refused, since no state ever showed its tenant; with its own inputs: taken, ordered once", async () => {
    const bob = em.createAccount();
    // The engine is killed after the provider answered: the state of A is never persisted.
    const killed = await provider(bob);
    const lost = await killed.planApply(TENANT, null, tenantA);
    expect(errorsOf(lost.diagnostics)).toEqual([]);
    const lostName = lost.state!.service_name as string;
    await killed.stop();

    // The user edits the display name and a contact field, and applies again.
    const edited: TfObject = tenantConfig({ display_name: "ACME Nord AG" }, { last_name: "Nord-Ost" });
    const retry = await provider(bob);
    const refused = await retry.planApply(TENANT, null, edited);
    const [error] = errorsOf(refused.diagnostics);
    expect(`${error?.summary} ${error?.detail}`).toContain(`tenant ${lostName} `);
    expect(ordersOf(bob.nic)).toHaveLength(1);

    const same = await retry.planApply(TENANT, null, tenantA);
    expect(errorsOf(same.diagnostics)).toEqual([]);
    expect(same.state?.service_name).toBe(lostName);
    expect(
      warningsOf(same.diagnostics)
        .map((d) => d.summary)
        .join(" "),
    ).toMatch(/ordered by an earlier create/);
    expect(ordersOf(bob.nic)).toHaveLength(1);
  }, 120_000);

  it("a state file lost whole after its tenant was seen: the same inputs still take it back, nothing ordered", async () => {
    const carol = em.createAccount();
    const created = await (await provider(carol)).planApply(TENANT, null, tenantA);
    const name = String(created.state!.service_name);
    // A refresh shows the tenant in its state (recorded as held); then the state file is lost.
    const refresh = await provider(carol);
    expect(errorsOf((await refresh.read(TENANT, created.state!)).diagnostics)).toEqual([]);
    const again = await (await provider(carol)).planApply(TENANT, null, tenantA);
    expect(errorsOf(again.diagnostics)).toEqual([]);
    expect(again.state?.service_name).toBe(name);
    expect(ordersOf(carol.nic)).toHaveLength(1);
  }, 120_000);
});
