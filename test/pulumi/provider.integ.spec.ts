// The providers through Pulumi's own dynamic-provider host, spoken to over its gRPC interface as the
// engine speaks to it, against the emulator: check failures per property, diff plans and refusals,
// create/read/update/delete, progress lines on the resource, a half-done create kept by id. Refusals
// are checked in the emulator's call log (its admin API): nothing that writes was called.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { providers, SUBSCRIPTION_TYPE, TENANT_TYPE } from "../../provider/pulumi/common.js";
import { PULUMI_UNKNOWN } from "../../provider/pulumi/wire.js";
import { DIFF, type Host, HostError, SEVERITY, serializeProvider, startHost } from "./host.js";

type Props = Record<string, unknown>;

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;
let host: Host;
let tenantText: string;
let subText: string;

const urnOf = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const tUrn = (name: string) => urnOf(TENANT_TYPE, name);
const sUrn = (name: string) => urnOf(SUBSCRIPTION_TYPE, name);

/** The emulator's call log, read through its admin API. */
async function writes(): Promise<{ method: string; path: string; status: number }[]> {
  const calls = (await (await fetch(`${em.adminUrl}/calls`)).json()) as {
    method: string;
    path: string;
    status: number;
  }[];
  return calls.filter((c) => c.method !== "GET");
}
const clearCalls = () => fetch(`${em.adminUrl}/calls`, { method: "DELETE" });
/** Every API call of the log as "METHOD path", reads included. */
async function apiCalls(): Promise<string[]> {
  const calls = (await (await fetch(`${em.adminUrl}/calls`)).json()) as { method: string; path: string }[];
  return calls.map((c) => `${c.method} ${c.path}`);
}

const CONTACT = {
  firstName: "Anna",
  lastName: "Muster",
  email: "it@acme.example",
  phone: "+49.301234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};

const tenantNews = (name: string, over: Props = {}): Props => ({
  __provider: tenantText,
  __urn: tUrn(name),
  __idempotencyKey: `proj/dev/${name}`,
  displayName: `${name} GmbH`,
  mpnId: "1234567",
  contact: { ...CONTACT, email: `it@${name}.example` },
  ...over,
});
const subNews = (name: string, over: Props): Props => ({ __provider: subText, __urn: sUrn(name), ...over });
const credsOf = (a: AccountCredentials) => ({
  endpoint: em.url,
  applicationKey: a.applicationKey,
  applicationSecret: a.applicationSecret,
  consumerKey: a.consumerKey,
});

/** A tenant already delivered (seeded through the admin API) and its state as create would store it. */
async function seededTenant(name: string, account = alice, subscriptions: object[] = []) {
  const seeded = em.createTenant({
    account: account.nic,
    displayName: `${name} GmbH`,
    mpnId: "1234567",
    ...CONTACT,
    email: `it@${name}.example`,
    subscriptions: subscriptions as never,
  });
  const news = tenantNews(name, {
    adoptServiceName: seeded.serviceName,
    ...(account === alice ? {} : { credentials: credsOf(account) }),
  });
  const created = await host.create(tUrn(name), (await host.check(tUrn(name), {}, news)).inputs);
  return { seeded, state: created.properties, news };
}

async function aliceHost(): Promise<Host> {
  const started = await startHost();
  await started.configure({
    "o365-reseller:endpoint": em.url,
    "o365-reseller:applicationKey": alice.applicationKey,
    "o365-reseller:applicationSecret": alice.applicationSecret,
    "o365-reseller:consumerKey": alice.consumerKey,
    "o365-reseller:requestsPerMinute": "6000",
  });
  return started;
}

/**
 * The next engine run. The engine starts a provider process per run (preview, up, refresh), and a
 * process keeps what it read for its run: a change made meanwhile is seen by the next run's process.
 */
async function nextRun(): Promise<void> {
  await host.stop();
  host = await aliceHost();
}

beforeAll(async () => {
  em = await startEmulator({ port: 0, taskSeconds: 0.2, orderStepSeconds: 0.2, log: () => {} });
  alice = em.createAccount({ nic: "alice-ovh" });
  bob = em.createAccount({ nic: "bob-ovh" });
  tenantText = await serializeProvider(providers.tenant);
  subText = await serializeProvider(providers.subscription);
  host = await aliceHost();
});
afterAll(async () => {
  await host?.stop();
  await em?.stop();
});

describe("check", () => {
  it("refuses an input the resource does not have, by name, with the input meant; and an output given as input", async () => {
    await clearCalls();
    const t = await host.check(
      tUrn("typo"),
      {},
      { ...tenantNews("typo"), dispalyName: "ACME", status: "ok" },
    );
    expect(t.failures).toEqual([
      {
        property: "dispalyName",
        reason: expect.stringMatching(
          /^is not an input of the tenant; did you mean displayName\? \(inputs: /,
        ),
      },
      { property: "status", reason: "is an output of the tenant, set by the provider; it cannot be given" },
    ]);
    const s = await host.check(
      sUrn("typo-sub"),
      {},
      subNews("typo-sub", {
        tenant: "csp2-00000001",
        license: "Microsoft 365 Business Basic",
        quantity: 1,
        quantty: 2,
      }),
    );
    expect(s.failures).toEqual([
      {
        property: "quantty",
        reason: expect.stringMatching(/^is not an input of the subscription; did you mean quantity\?/),
      },
    ]);
    expect(await apiCalls()).toEqual([]);
  });

  it("reports every bad tenant input per property, calling nothing", async () => {
    await clearCalls();
    const r = await host.check(
      tUrn("bad"),
      {},
      {
        ...tenantNews("bad"),
        mpnId: "12",
        displayName: "",
        contact: { ...CONTACT, email: "nope", phone: "030 1234567", zipCode: "?" },
        subdomain: "not a domain!",
        timeouts: { create: "soon" },
        credentials: { applicationKey: "k", password: "p" },
      },
    );
    expect(r.failures.map((f) => f.property).sort()).toEqual(
      [
        "contact.email",
        "contact.phone",
        "contact.zipCode",
        "credentials.password",
        "displayName",
        "mpnId",
        "subdomain",
        "timeouts.create",
      ].sort(),
    );
    expect(r.failures.find((f) => f.property === "contact.email")?.reason).toContain('(given: "nope")');
    expect(em.calls()).toEqual([]);
  });

  it("normalises tenant inputs and keeps the hidden ones", async () => {
    const r = await host.check(
      tUrn("ok"),
      {},
      tenantNews("ok", { contact: { ...CONTACT, phone: "+49 30 1234567" } }),
    );
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({
      contact: { phone: "+49.301234567" },
      __urn: tUrn("ok"),
      __idempotencyKey: "proj/dev/ok",
      __provider: tenantText,
    });
  });

  it("passes unknown values of a preview through, without calling the API", async () => {
    await clearCalls();
    const r = await host.check(
      sUrn("pending"),
      {},
      subNews("pending", {
        tenant: PULUMI_UNKNOWN,
        license: "Microsoft 365 Business Basic",
        quantity: 5,
      }),
    );
    expect(r.failures).toEqual([]);
    expect(r.inputs.tenant).toBe(PULUMI_UNKNOWN);
    expect(em.calls()).toEqual([]);
  });

  it("checks the licence against the tenant's orderable licences", async () => {
    const { seeded } = await seededTenant("licences", alice, [
      { license: "Microsoft 365 Business Premium", quantity: 2 },
    ]);
    const check = (over: Props) =>
      host.check(sUrn("s"), {}, subNews("s", { tenant: seeded.serviceName, ...over }));
    expect((await check({ license: "Microsoft 365 Business Basic", quantity: 0 })).failures).toEqual([
      { property: "quantity", reason: expect.stringMatching(/whole number/) },
    ]);
    const unknown = await check({ license: "Windows 95", quantity: 1 });
    expect(unknown.failures).toEqual([
      {
        property: "license",
        reason: expect.stringMatching(/is not orderable in tenant .*Microsoft 365 Business Basic \(id 1\)/),
      },
    ]);
    expect((await check({ license: "Microsoft Teams Phone Standard", quantity: 1 })).failures).toEqual([
      { property: "parent", reason: expect.stringMatching(/^is required: .* is an add-on licence/) },
    ]);
    expect((await check({ license: "microsoft 365 business basic", quantity: 301 })).failures).toEqual([
      { property: "quantity", reason: expect.stringMatching(/must be at most 300/) },
    ]);
    expect((await check({ license: "2", quantity: 5 })).failures).toEqual([]);
  });

  it("refuses a new subscription in another account's tenant at check, calling nothing that writes", async () => {
    const bobs = em.createTenant({ account: bob.nic, displayName: "Bob's customer" });
    await clearCalls();
    const r = await host.check(
      sUrn("theft"),
      {},
      subNews("theft", {
        tenant: bobs.serviceName,
        license: "Microsoft 365 Business Basic",
        quantity: 1,
      }),
    );
    expect(r.failures).toEqual([
      {
        property: "tenant",
        reason: expect.stringContaining(`is not visible to OVHcloud account ${alice.nic}`),
      },
    ]);
    expect(await writes()).toEqual([]);
  });
});

describe("create, read, update, delete", () => {
  it("orders a tenant, with progress lines on its URN", async () => {
    const urn = tUrn("ordered");
    const { inputs } = await host.check(urn, {}, tenantNews("ordered"));
    const r = await host.create(urn, inputs);
    expect(r.id).toMatch(/^csp2-[0-9a-f]{8}$/);
    expect(r.properties).toMatchObject({
      serviceName: r.id,
      ovhAccount: alice.nic,
      status: "ok",
      schemaVersion: 1,
      __urn: urn,
      __provider: tenantText,
    });
    const lines = host.logs.filter((l) => l.urn === urn);
    expect(lines.every((l) => l.severity === SEVERITY.INFO)).toBe(true);
    expect(lines.map((l) => l.message)).toContainEqual(expect.stringMatching(/^Order \d+ placed\.$/));
    expect(lines.at(-1)?.message).toMatch(new RegExp(`delivered: tenant ${r.id}`));
  });

  it("plans a seat change in place, a licence change as a replace (new one first), and nothing else", async () => {
    const { seeded } = await seededTenant("plans");
    const urn = sUrn("plans-sub");
    const news = subNews("plans-sub", {
      tenant: seeded.serviceName,
      license: "Microsoft 365 Business Basic",
      quantity: 3,
    });
    const created = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    expect(created.id).toBe(`${seeded.serviceName}/${created.properties.subscriptionId}`);
    const olds = created.properties;

    expect(await host.diff(urn, created.id, olds, news)).toEqual({
      changes: DIFF.NONE,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await host.diff(urn, created.id, olds, { ...news, quantity: 4 })).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const licence = await host.diff(urn, created.id, olds, {
      ...news,
      license: "Microsoft 365 Business Standard",
    });
    expect(licence).toEqual({ changes: DIFF.SOME, replaces: ["license"], deleteBeforeReplace: false });
    // The licence by id is the same licence: no change.
    expect((await host.diff(urn, created.id, olds, { ...news, license: "1" })).changes).toBe(DIFF.NONE);

    await clearCalls();
    const updated = await host.update(urn, created.id, olds, { ...news, quantity: 4 });
    expect(updated).toMatchObject({ quantity: 4, subscriptionId: olds.subscriptionId });
    expect((await writes()).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /saas/csp2/${seeded.serviceName}/subscription/${olds.subscriptionId}/changeQuantity`,
    ]);
  });

  it("the up after a preview of the same change reads nothing again; after an edit it reads again", async () => {
    const { seeded } = await seededTenant("shared-plan");
    const urn = sUrn("shared-plan-sub");
    const news = subNews("shared-plan-sub", {
      tenant: seeded.serviceName,
      license: "Microsoft 365 Business Basic",
      quantity: 3,
    });
    const created = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    const olds = created.properties;
    const s = seeded.serviceName;
    const id = olds.subscriptionId;

    // pulumi preview: its own process plans the change, reading the tenant, catalogue and list.
    await nextRun();
    await clearCalls();
    expect((await host.diff(urn, created.id, olds, { ...news, quantity: 4 })).changes).toBe(DIFF.SOME);
    expect((await apiCalls()).filter((c) => c.startsWith("GET /saas/"))).toHaveLength(3);

    // pulumi up, another process: the same change is planned from what the preview saw, then applied.
    await nextRun();
    await clearCalls();
    expect((await host.diff(urn, created.id, olds, { ...news, quantity: 4 })).changes).toBe(DIFF.SOME);
    expect(await apiCalls()).toEqual([]);
    const updated = await host.update(urn, created.id, olds, { ...news, quantity: 4 });
    expect(updated).toMatchObject({ quantity: 4 });
    expect(await apiCalls()).toEqual([
      `POST /saas/csp2/${s}/subscription/${id}/changeQuantity`,
      expect.stringMatching(new RegExp(`^GET /saas/csp2/${s}/task/\\d+$`)),
    ]);

    // Another change (or the same one once applied) is read anew.
    await nextRun();
    await clearCalls();
    await host.diff(urn, created.id, updated, { ...news, quantity: 5 });
    expect((await apiCalls()).filter((c) => c.startsWith("GET /saas/"))).toHaveLength(3);
  });

  it("reads a change made behind our back into both outputs and inputs, and a cancelled subscription as gone", async () => {
    const { seeded } = await seededTenant("drift", alice, [
      { license: "Microsoft 365 Business Basic", quantity: 7 },
    ]);
    const id = seeded.subscriptions[0]!.id;
    const urn = sUrn("drift-sub");
    const news = subNews("drift-sub", {
      tenant: seeded.serviceName,
      license: "Microsoft 365 Business Basic",
      quantity: 7,
      adoptSubscriptionId: id,
    });
    const adopted = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    expect(await writes()).not.toContainEqual(
      expect.objectContaining({ path: expect.stringContaining("/order") }),
    );

    em.state(); // (the colleague's change goes through the API with another credential of alice)
    const colleague = em.addCredential(alice.nic);
    const { createOvhClient } = await import("../../provider/ovh/index.js");
    const { createCsp2Api } = await import("../../provider/csp2/index.js");
    const client = createOvhClient({ ...credsOf(colleague), env: {}, configFiles: [], log: false });
    const api = createCsp2Api(client, { taskPoll: { initialMs: 50, maxMs: 200, factor: 1.5 } });
    await api.waitForTask(seeded.serviceName, (await api.changeQuantity(seeded.serviceName, id, 9)).id);

    await nextRun(); // pulumi refresh
    const read = await host.read(urn, adopted.id, adopted.properties);
    expect(read.id).toBe(adopted.id);
    expect(read.properties).toMatchObject({ quantity: 9, __urn: urn });
    expect(read.inputs).toMatchObject({ quantity: 9, tenant: seeded.serviceName, __urn: urn });
    expect(read.inputs).not.toHaveProperty("subscriptionId");

    await api.waitForTask(seeded.serviceName, (await api.cancelSubscription(seeded.serviceName, id)).id);
    await client.close();
    await nextRun(); // pulumi refresh
    expect((await host.read(urn, adopted.id, read.properties)).id).toBe("");
  });

  it("refuses another account's credentials at diff and read with the ownership message, calling nothing that writes", async () => {
    const { seeded, state } = await seededTenant("owned");
    await clearCalls();
    const urn = tUrn("owned");
    const moved = {
      ...tenantNews("owned", { adoptServiceName: seeded.serviceName }),
      credentials: credsOf(bob),
    };
    const refusal = await host.diff(urn, seeded.serviceName, state, moved).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HostError);
    expect((refusal as HostError).message).toBe(
      `Tenant ${seeded.serviceName} belongs to OVHcloud account ${alice.nic} but these credentials are for ${bob.nic}. ` +
        "A tenant cannot move between OVHcloud accounts, so this is never planned as a replace or a recreate. " +
        `Use credentials of ${alice.nic} for this resource, or end it on ${alice.nic} and order the licences again on ${bob.nic}.`,
    );
    const read = await host
      .read(urn, seeded.serviceName, { ...state, credentials: credsOf(bob) })
      .catch((e: unknown) => e);
    expect((read as HostError).message).toContain("belongs to OVHcloud account alice-ovh");
    expect(await writes()).toEqual([]);
    // One line on the resource: the host's stderr echo of it (with a stack) is dropped.
    expect(host.stderr()).not.toContain("belongs to OVHcloud account");
  });

  it("manages a tenant of a second account through the resource's own credentials", async () => {
    const { seeded, state } = await seededTenant("bobs", bob, [{ license: "Office 365 E3", quantity: 10 }]);
    expect(state).toMatchObject({ ovhAccount: bob.nic, credentials: credsOf(bob) });
    const urn = sUrn("bobs-e3");
    const news = subNews("bobs-e3", {
      tenant: seeded.serviceName,
      license: "Office 365 E3",
      quantity: 10,
      adoptSubscriptionId: seeded.subscriptions[0]!.id,
      credentials: credsOf(bob),
    });
    const adopted = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    expect(adopted.properties).toMatchObject({ ovhAccount: bob.nic, quantity: 10 });
    // A credentials change within the same account is recorded without any call that writes.
    const colleague = em.addCredential(bob.nic);
    const rotated = { ...news, credentials: credsOf(colleague) };
    expect(await host.diff(urn, adopted.id, adopted.properties, rotated)).toMatchObject({
      changes: DIFF.SOME,
      replaces: [],
    });
    await clearCalls();
    const updated = await host.update(urn, adopted.id, adopted.properties, rotated);
    expect(updated.credentials).toEqual(credsOf(colleague));
    expect(await writes()).toEqual([]);
  });

  it("flags a seat reduction outside the 168-hour window at diff, as a warning on the resource", async () => {
    const { seeded } = await seededTenant("window", alice, [
      { license: "Microsoft 365 Business Basic", quantity: 10, purchasedHoursAgo: 200 },
    ]);
    const urn = sUrn("window-sub");
    const news = subNews("window-sub", {
      tenant: seeded.serviceName,
      license: "Microsoft 365 Business Basic",
      quantity: 10,
      adoptSubscriptionId: seeded.subscriptions[0]!.id,
    });
    const adopted = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    const diff = await host.diff(urn, adopted.id, adopted.properties, { ...news, quantity: 8 });
    expect(diff).toMatchObject({ changes: DIFF.SOME, replaces: [] });
    const warning = host.logs.find((l) => l.urn === urn && l.severity === SEVERITY.WARNING);
    expect(warning?.message).toMatch(/from 10 to 8 seats will likely be refused: .*168 hours/);
  });

  it("cancels a subscription on delete; refuses to end a tenant unless allowTermination", async () => {
    const { seeded, state, news } = await seededTenant("ending", alice, [
      { license: "Microsoft 365 Business Basic", quantity: 1 },
    ]);
    await clearCalls();
    const refused = await host.delete(tUrn("ending"), seeded.serviceName, state).catch((e: unknown) => e);
    expect((refused as HostError).message).toMatch(
      /^Tenant csp2-\w+ would be deleted\. .*Set allowTermination: true/,
    );
    expect(await writes()).toEqual([]);

    const allowed = await host.update(tUrn("ending"), seeded.serviceName, state, {
      ...news,
      allowTermination: true,
    });
    expect(await writes()).toEqual([]);
    await host.delete(tUrn("ending"), seeded.serviceName, allowed);
    expect(em.state().tenants[seeded.serviceName]!.renew.deleteAtExpiration).toBe(true);
  });

  it("keeps a tenant delivered before the create failed: the error carries its id and state", async () => {
    // The order goes through; the read of the new tenant right after fails.
    em.addFault({ method: "GET", path: "/saas/csp2/*", status: 404, count: 1 });
    const urn = tUrn("half");
    const { inputs } = await host.check(urn, {}, tenantNews("half"));
    const error = await host.create(urn, inputs).catch((e: unknown) => e);
    em.clearFaults();
    expect(error).toBeInstanceOf(HostError);
    const failed = (error as HostError).initFailed;
    expect(failed?.id).toMatch(/^csp2-[0-9a-f]{8}$/);
    expect(failed?.properties).toMatchObject({
      serviceName: failed?.id,
      ovhAccount: alice.nic,
      __urn: urn,
      // What refresh and destroy of the half-created resource will run.
      __provider: tenantText,
    });
    expect((error as HostError).message).toMatch(/was created, but the create did not finish/);
    // The next run reads it: found, nothing ordered again.
    await nextRun();
    const read = await host.read(urn, failed!.id, failed!.properties);
    expect(read.properties).toMatchObject({ status: "ok", serviceName: failed!.id });
  });

  it("makes a half-created tenant's state true on the next up's update (nothing changed), reading only", async () => {
    em.addFault({ method: "GET", path: "/saas/csp2/*", status: 404, count: 1 });
    const urn = tUrn("half-update");
    const { inputs } = await host.check(urn, {}, tenantNews("half-update"));
    const error = await host.create(urn, inputs).catch((e: unknown) => e);
    em.clearFaults();
    const failed = (error as HostError).initFailed!;
    expect(failed.properties).toMatchObject({ status: "unknown", creationDate: "" });
    const orders = Object.keys(em.state().orders).length;
    // The engine keeps the resource with its init error and runs update on the next up, inputs unchanged.
    await nextRun();
    await clearCalls();
    const diff = await host.diff(urn, failed.id, failed.properties, inputs!);
    expect(diff.changes).toBe(DIFF.NONE);
    const updated = await host.update(urn, failed.id, failed.properties, inputs!);
    expect(updated).toMatchObject({
      serviceName: failed.id,
      status: "ok",
      ovhAccount: alice.nic,
      orderId: failed.properties.orderId,
    });
    expect(updated.creationDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await writes()).toEqual([]);
    expect(Object.keys(em.state().orders)).toHaveLength(orders);
  });

  it("records a subscription whose order task failed as failed; the next up replaces it, leaving one working subscription", async () => {
    const { seeded } = await seededTenant("taskfail");
    em.addFault({ method: "POST", path: "/saas/csp2/*/subscription", task: "error", count: 1 });
    const urn = sUrn("taskfail-sub");
    const news = subNews("taskfail-sub", {
      tenant: seeded.serviceName,
      license: "Microsoft 365 Business Basic",
      quantity: 2,
    });
    const error = await host.create(urn, (await host.check(urn, {}, news)).inputs).catch((e: unknown) => e);
    em.clearFaults();
    const failed = (error as HostError).initFailed!;
    expect(failed.id).toMatch(new RegExp(`^${seeded.serviceName}/\\d+$`));
    expect(failed.properties).toMatchObject({ tenant: seeded.serviceName, __provider: subText });
    // What happened, to which subscription, whether anything was bought, and the one thing to do.
    expect((error as HostError).message).toMatch(
      new RegExp(
        `ended in "error" at OVHcloud \\(task \\d+\\): subscription ${failed.id} exists but holds no working seats\\. .*no working seats were bought\\. Run apply again: .*nothing will be ordered twice`,
      ),
    );
    // Never taken for a working purchase: the state says so.
    expect(failed.properties).toMatchObject({ status: "error" });

    // The next run's plan shows a change: a replace (never "no changes" while no seats work).
    await nextRun();
    const { inputs } = await host.check(urn, {}, news);
    const diff = await host.diff(urn, failed.id, failed.properties, inputs!);
    expect(diff).toMatchObject({ changes: DIFF.SOME, replaces: ["status"] });
    // The engine replaces it, the new one first: one order, and the failed one cancelled.
    await clearCalls();
    const created = await host.create(urn, inputs!);
    await host.delete(urn, failed.id, failed.properties);
    const orders = (await writes()).filter((c) => c.method === "POST" && c.path.endsWith("/subscription"));
    expect(orders).toHaveLength(1);
    const left = Object.values(em.state().tenants[seeded.serviceName]!.subscriptions);
    expect(left).toEqual([
      expect.objectContaining({ id: created.properties.subscriptionId, status: "active", quantity: 2 }),
    ]);
  });

  it("stops waiting for an order after the tenant's timeouts.create, saying what to do", async () => {
    em.addFault({ method: "POST", path: "/order/cart/*/checkout", order: "stuck", count: 1 });
    const urn = tUrn("stuck");
    const { inputs } = await host.check(urn, {}, tenantNews("stuck", { timeouts: { create: "3s" } }));
    const started = Date.now();
    const error = (await host.create(urn, inputs).catch((e: unknown) => e)) as HostError;
    em.clearFaults();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error.initFailed).toBeUndefined();
    expect(error.message).toMatch(/did not finish within 3s\. .*raise timeouts\.create/);
  });
});

describe("a tenant ordered with its first licences", () => {
  const STANDARD = "Microsoft 365 Business Standard";

  it("check refuses, per property and before anything is ordered, a licence the cart does not offer and a plan sold only with one", async () => {
    await clearCalls();
    const bad = await host.check(
      tUrn("unoffered"),
      {},
      tenantNews("unoffered", { licenses: [{ license: "Visio Plan 2", quantity: 1 }] }),
    );
    expect(bad.failures).toEqual([
      {
        property: "licenses[0].license",
        reason: expect.stringMatching(
          /"Visio Plan 2" is not offered with a new tenant: OVHcloud's cart offers "Microsoft 365 Business Basic"/,
        ),
      },
    ]);
    expect((await writes()).filter((c) => c.path.endsWith("/checkout"))).toEqual([]);
  });

  it("a plan sold only with a licence: check of a tenant with licences of no option reads the offer once per process; one without licences reads nothing, and its create stops before checkout", async () => {
    em.setTenantPlan({ requireLicenceOption: true });
    const fresh = await startHost();
    try {
      await fresh.configure({
        "o365-reseller:endpoint": em.url,
        "o365-reseller:applicationKey": alice.applicationKey,
        "o365-reseller:applicationSecret": alice.applicationSecret,
        "o365-reseller:consumerKey": alice.consumerKey,
        // The test's pace: the budget per credential is shared with the other host of this file.
        "o365-reseller:requestsPerMinute": "6000",
      });
      await clearCalls();
      const none = await fresh.check(tUrn("nolicence"), {}, tenantNews("nolicence"));
      expect(none.failures).toEqual([]);
      expect(await writes()).toEqual([]);
      const addonOnly = await fresh.check(
        tUrn("addon"),
        {},
        tenantNews("addon", { licenses: [{ license: "Visio Plan 2", quantity: 1 }] }),
      );
      expect(addonOnly.failures.map((f) => f.property)).toEqual(["licenses[0].license", "licenses"]);
      expect(addonOnly.failures[1]!.reason).toMatch(
        /only with at least one option of its mandatory family "licence"/,
      );
      await fresh.check(
        tUrn("addon2"),
        {},
        tenantNews("addon2", { licenses: [{ license: "Visio Plan 2", quantity: 1 }] }),
      );
      // Read once, from one throwaway cart, deleted; nothing checked out.
      expect((await writes()).map((c) => `${c.method} ${c.path.replace(/cart\/[^/]+/, "cart/{c}")}`)).toEqual(
        ["POST /order/cart", "DELETE /order/cart/{c}"],
      );
      const err = await fresh.create(tUrn("nolicence"), none.inputs).catch((e: unknown) => e);
      expect(String(err)).toMatch(
        /only with at least one option of its mandatory family "licence".*Nothing was ordered/,
      );
      expect((await writes()).filter((c) => c.path.endsWith("/checkout"))).toEqual([]);
    } finally {
      em.setTenantPlan({ requireLicenceOption: false });
      await fresh.stop();
    }
  });

  it("orders the tenant with a licence; the subscription resource of that licence adopts it; nothing changes after", async () => {
    const urn = tUrn("withlicence");
    const news = tenantNews("withlicence", { licenses: [{ license: STANDARD, quantity: 3 }] });
    const checked = await host.check(urn, {}, news);
    expect(checked.failures).toEqual([]);
    const t = await host.create(urn, checked.inputs);
    expect(t.properties.licenses).toEqual([{ license: STANDARD, quantity: 3 }]);
    await clearCalls();
    const surn = sUrn("withlicence-standard");
    const snews = subNews("withlicence-standard", { tenant: t.id, license: STANDARD, quantity: 3 });
    const s = await host.create(surn, (await host.check(surn, {}, snews)).inputs);
    expect(s.properties).toMatchObject({ quantity: 3, licenseName: STANDARD });
    expect(await writes()).toEqual([]);
    expect(host.logs.filter((l) => l.urn === surn).map((l) => l.message)).toContainEqual(
      expect.stringMatching(/was bought with tenant csp2-\w+'s order/),
    );
    expect((await host.diff(urn, t.id, t.properties, news)).changes).toBe(DIFF.NONE);
    expect((await host.diff(surn, s.id, s.properties, snews)).changes).toBe(DIFF.NONE);

    // A later edit of licenses: a state-only update, with a warning on the resource.
    const edited = { ...news, licenses: [{ license: STANDARD, quantity: 9 }] };
    expect((await host.diff(urn, t.id, t.properties, edited)).changes).toBe(DIFF.SOME);
    expect(
      host.logs.filter((l) => l.urn === urn && l.severity === SEVERITY.WARNING).map((l) => l.message),
    ).toContainEqual(expect.stringMatching(/^licenses only count when a tenant is ordered/));
    await clearCalls();
    const updated = await host.update(urn, t.id, t.properties, edited);
    expect(updated.licenses).toEqual([{ license: STANDARD, quantity: 9 }]);
    expect(await writes()).toEqual([]);
    expect(Object.values(em.state().tenants[t.id]!.subscriptions).map((x) => x.quantity)).toEqual([3]);
  });
});
