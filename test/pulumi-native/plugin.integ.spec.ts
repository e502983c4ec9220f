// The native plugin (bin/pulumi-resource-o365reseller.js, from source) over Pulumi's provider
// protocol, driven as the engine drives it, against the emulator: the provider resource's CheckConfig
// and Configure, per-property check failures, undeclared inputs, and a read with only an id (what
// `pulumi import` and the `import` option send): ownership checked, nothing written.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { type Host, HostError, NATIVE_PLUGIN, startHost } from "../pulumi/host.js";

const MUTATING = new Set(["POST", "PUT", "DELETE"]);
const providerUrn = (name: string) => `urn:pulumi:dev::proj::pulumi:providers:o365reseller::${name}`;
const tUrn = (name: string) => `urn:pulumi:dev::proj::o365reseller:index:Tenant::${name}`;
const sUrn = (name: string) => `urn:pulumi:dev::proj::o365reseller:index:Subscription::${name}`;

const CONTACT = {
  firstName: "Anna",
  lastName: "Muster",
  email: "it@acme.example",
  phone: "+49 30 1234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;
let host: Host;
const credentials = (a: AccountCredentials) => ({
  endpoint: em.url,
  applicationKey: a.applicationKey,
  applicationSecret: a.applicationSecret,
  consumerKey: a.consumerKey,
  requestsPerMinute: "6000",
});
const writes = () => em.calls().filter((c) => MUTATING.has(c.method) && !c.path.startsWith("/_emulator"));

beforeAll(async () => {
  em = await startEmulator({ port: 0, taskSeconds: 0.2, orderStepSeconds: 0.2, log: () => {} });
  alice = em.createAccount({ nic: "alice-ovh" });
  bob = em.createAccount({ nic: "bob-ovh" });
  const env: NodeJS.ProcessEnv = {
    O365R_FROM_SOURCE: "1",
    HOME: mkdtempSync(join(tmpdir(), "o365r-native-")),
  };
  for (const k of Object.keys(process.env)) if (k.startsWith("OVH_")) env[k] = "";
  host = await startHost({ script: NATIVE_PLUGIN, env });
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await em?.stop();
});

describe("the provider resource", () => {
  it("refuses a misspelt setting, naming the one meant", async () => {
    const { failures } = await host.checkConfig(
      providerUrn("main"),
      {},
      { ...credentials(alice), aplicationKey: "x" },
    );
    expect(failures).toEqual([
      { property: "aplicationKey", reason: expect.stringContaining("did you mean applicationKey?") },
    ]);
  });

  it("refuses a pace that is not a number, and an incomplete credential set, per property", async () => {
    const pace = await host.checkConfig(
      providerUrn("main"),
      {},
      { ...credentials(alice), requestsPerMinute: "fast" },
    );
    expect(pace.failures).toEqual([
      { property: "requestsPerMinute", reason: expect.stringContaining('"fast"') },
    ]);
    const partial = await host.checkConfig(
      providerUrn("main"),
      {},
      { endpoint: em.url, applicationKey: "k" },
    );
    expect(partial.failures).toHaveLength(1);
    expect(partial.failures[0]!.reason).toMatch(/applicationSecret/);
    expect(partial.failures[0]!.reason).toMatch(/consumerKey/);
  });

  it("names the stack config o365reseller:* for the default provider", async () => {
    const { failures } = await host.checkConfig(providerUrn("default_0_1_0"), {}, { version: "0.1.0" });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.reason).toMatch(/o365reseller:applicationKey/);
    expect(failures[0]!.reason).toMatch(/OVH_APPLICATION_KEY/);
  });

  it("accepts a complete set and keeps the engine's own keys", async () => {
    const news = { ...credentials(alice), version: "0.1.0" };
    const r = await host.checkConfig(providerUrn("main"), {}, news);
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual(news);
    await host.configure(credentials(alice), providerUrn("main"));
  });
});

describe("check", () => {
  it("reports each bad input on its property, before any call", async () => {
    em.clearCalls();
    const { failures } = await host.check(
      tUrn("acme"),
      {},
      { displayName: "ACME", mpnId: "12", contact: { ...CONTACT, email: "nope" } },
    );
    expect(failures.map((f) => f.property).sort()).toEqual(["contact.email", "mpnId"]);
    expect(em.calls()).toEqual([]);
  });

  it("refuses a credentials input, saying where credentials belong, before any call", async () => {
    em.clearCalls();
    const { failures } = await host.check(
      sUrn("s"),
      {},
      { tenant: "csp2-x", license: "Office 365 E3", quantity: 1, credentials: { applicationKey: "k" } },
    );
    expect(failures).toEqual([
      { property: "credentials", reason: expect.stringContaining("credentials belong to the provider") },
    ]);
    expect(em.calls()).toEqual([]);
  });

  it("refuses any other input the resource does not have by the core's check, naming the one meant", async () => {
    const { failures } = await host.check(
      sUrn("s"),
      {},
      { tenant: "csp2-x", license: "Office 365 E3", quantty: 3 },
    );
    expect(failures).toContainEqual({
      property: "quantty",
      reason: expect.stringMatching(/is not an input of the subscription; did you mean quantity\?/),
    });
  });

  it("returns the checked inputs without hidden properties", async () => {
    const { failures, inputs } = await host.check(
      tUrn("acme"),
      {},
      { displayName: "ACME", mpnId: "1234567", contact: CONTACT },
    );
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ displayName: "ACME", contact: { phone: "+49.301234567" } });
    expect(Object.keys(inputs).filter((k) => k.startsWith("__"))).toEqual([]);
  });
});

describe("read with only an id (import)", () => {
  it("adopts a tenant and its subscription of the provider's account, writing nothing", async () => {
    const seeded = em.createTenant({
      account: alice.nic,
      displayName: "Legacy Ltd",
      mpnId: "1234567",
      ...CONTACT,
      subscriptions: [{ license: "Microsoft 365 Business Standard", quantity: 7 }],
    });
    em.clearCalls();
    const t = await host.read(tUrn("legacy"), seeded.serviceName, {});
    expect(t.id).toBe(seeded.serviceName);
    expect(t.properties).toMatchObject({ serviceName: seeded.serviceName, ovhAccount: alice.nic });
    expect(t.inputs).toMatchObject({ displayName: "Legacy Ltd", mpnId: "1234567" });
    const id = `${seeded.serviceName}/${seeded.subscriptions[0]!.id}`;
    const s = await host.read(sUrn("legacy-standard"), id, {});
    expect(s.id).toBe(id);
    expect(s.inputs).toMatchObject({ tenant: seeded.serviceName, quantity: 7 });
    expect(s.properties).toMatchObject({
      licenseName: "Microsoft 365 Business Standard",
      ovhAccount: alice.nic,
    });
    expect(writes()).toEqual([]);
  });

  it("refuses another account's tenant with the ownership message", async () => {
    const theirs = em.createTenant({ account: bob.nic, displayName: "Not Ours" });
    const error = await host.read(tUrn("theirs"), theirs.serviceName, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toContain(theirs.serviceName);
    expect((error as HostError).message).toContain(alice.nic);
    expect(writes()).toEqual([]);
  });

  it("refuses a subscription id that is not <tenant>/<id>, naming the form", async () => {
    const error = await host.read(sUrn("bad"), "42", {}).catch((e: unknown) => e);
    expect((error as HostError).message).toMatch(/<tenant service name>\/<subscription id>/);
  });
});
