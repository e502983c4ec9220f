// The provider process through its gRPC interface, started as Terraform starts it, against a live
// emulator: handshake and mTLS, schema, validation, configure, plan/apply/read/import of both
// resources, a refusal, a replace, the data sources, destroy rules, and the process lifecycle.
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import { selfSignedCertificate } from "../../provider/terraform/certificate.js";
import { encodeDynamic, UNKNOWN } from "../../provider/terraform/codec.js";
import type { TfObject } from "../../provider/terraform/values.js";
import { PluginClient } from "./plugin-client.js";
import {
  credentialsEnv,
  Engine,
  errorsOf,
  pathOf,
  startWorld,
  subscriptionConfig,
  tenantConfig,
  tenantDataConfig,
  warningsOf,
} from "./provider-harness.js";

const TENANT = "o365reseller_tenant";
const SUB = "o365reseller_subscription";

let em: EmulatorHandle;
let alice: AccountCredentials;
let bob: AccountCredentials;
let engine: Engine;
let bobEngine: Engine;

beforeAll(async () => {
  em = await startWorld();
  alice = em.createAccount({ nic: "ab123-ovh" });
  bob = em.createAccount({ nic: "cd456-ovh" });
  [engine, bobEngine] = await Promise.all([
    Engine.start(credentialsEnv(em, alice), { env: { TF_LOG: "debug" } }),
    Engine.start(credentialsEnv(em, bob)),
  ]);
  expect(await engine.configure()).toEqual([]);
  expect(await bobEngine.configure()).toEqual([]);
}, 60_000);

/**
 * Another provider process for alice, as an engine starts one per command, with a consumer key of its
 * own: OVHcloud's fair use (the client keeps to 60 requests a minute) is counted per consumer key,
 * and shared by every process of one key on this machine, which a tenant order and a few plans use up.
 */
async function fresh(): Promise<Engine> {
  const e = await Engine.start(credentialsEnv(em, em.addCredential(alice.nic)));
  expect(await e.configure()).toEqual([]);
  return e;
}

afterAll(async () => {
  await Promise.all([engine?.stop(), bobEngine?.stop()]);
  await em?.stop();
});

describe("handshake and transport", () => {
  it("prints one go-plugin handshake line with our certificate, then nothing on stdout", () => {
    const h = engine.plugin.handshake;
    expect([h.core, h.protocol, h.network, h.rpc]).toEqual(["1", "6", "tcp", "grpc"]);
    expect(h.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const port = Number(h.address.split(":")[1]);
    expect(port).toBeGreaterThanOrEqual(10000);
    expect(port).toBeLessThanOrEqual(25000);
    expect(h.certificate).not.toContain("=");
    expect(engine.plugin.serverCertificate?.subjectAltName).toBe("DNS:localhost");
    expect(engine.plugin.extraStdout).toEqual([]);
  });

  it("serves gRPC health SERVING over mTLS", async () => {
    expect(await engine.plugin.checkHealth()).toEqual({ status: 1 });
  });

  it("refuses a client that presents another certificate than PLUGIN_CLIENT_CERT", async () => {
    const impostor = selfSignedCertificate({ curve: "P-521" });
    const plugin = await PluginClient.start({ connectWith: impostor });
    try {
      await expect(plugin.checkHealth()).rejects.toMatchObject({ code: 14 });
    } finally {
      plugin.kill();
    }
  });

  it("serves plaintext with an empty certificate field when PLUGIN_CLIENT_CERT is empty", async () => {
    const plugin = await PluginClient.start({ tls: false });
    try {
      expect(plugin.handshake.line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|$/);
      expect(await plugin.checkHealth()).toEqual({ status: 1 });
    } finally {
      expect(await plugin.shutdown()).toBe(0);
    }
  });

  it("logs hclog JSON to stderr", () => {
    const started = engine.plugin.stderr
      .map((l) => JSON.parse(l))
      .find((e) => e["@message"] === "plugin started");
    expect(started).toMatchObject({ "@level": "debug", "@module": "o365reseller", tls: true });
  });
});

describe("schema and validation", () => {
  it("returns the schema of both resources and both data sources", async () => {
    const r = await engine.plugin.call<{
      resource_schemas: Record<string, unknown>;
      data_source_schemas: Record<string, unknown>;
      server_capabilities: { plan_destroy: boolean };
    }>("GetProviderSchema");
    expect(Object.keys(r.resource_schemas).sort()).toEqual([SUB, TENANT]);
    expect(Object.keys(r.data_source_schemas).sort()).toEqual(["o365reseller_licenses", TENANT]);
    expect(r.server_capabilities.plan_destroy).toBe(true);
  });

  it("reports bad input per attribute, before any API call", async () => {
    em.clearCalls();
    const d = await engine.validate(TENANT, tenantConfig({ mpn_id: "12" }, { email: "not-an-email" }));
    // A nested field's diagnostic carries the path of its attribute (engines cannot point further
    // into an object value) and names the field itself.
    expect(d.map(pathOf).sort()).toEqual(["contact", "mpn_id"]);
    expect(d.find((x) => pathOf(x) === "contact")?.summary).toBe("Invalid contact.email");
    expect(d.find((x) => pathOf(x) === "mpn_id")?.detail).toMatch(/6 to 10 digits/);
    const t = await engine.validate(
      TENANT,
      tenantConfig({ timeouts: { create: "soon", update: null, delete: null } }),
    );
    expect(t.map(pathOf)).toEqual(["timeouts.create"]);
    expect(em.calls()).toEqual([]);
  });

  it("refuses at plan, on its attribute and before any mutating call, what only OVHcloud's answers show", async () => {
    const seeded = em.createTenant({
      account: alice.nic,
      displayName: "Plan refusals",
      subscriptions: [{ license: "Microsoft 365 Business Basic", quantity: 1 }] as never,
    });
    const other = em.createTenant({
      account: bob.nic,
      displayName: "Bob's",
      subscriptions: [{ license: "Microsoft 365 Business Premium", quantity: 1 }] as never,
    });
    const basic = seeded.subscriptions[0]!.id;
    const addon = (over: TfObject) =>
      subscriptionConfig({
        tenant: seeded.serviceName,
        license: "Microsoft Teams Phone Standard",
        quantity: 1,
        ...over,
      });
    em.clearCalls();
    const cases: [TfObject, string, string, RegExp][] = [
      [
        addon({ parent: basic }),
        SUB,
        "license",
        /does not fit parent subscription \d+ \(Microsoft 365 Business Basic\)/,
      ],
      [
        addon({ parent: other.subscriptions[0]!.id }),
        SUB,
        "parent",
        /is not a subscription of tenant csp2-\w+ in OVHcloud account/,
      ],
      [
        subscriptionConfig({ tenant: seeded.serviceName, adopt_subscription_id: other.subscriptions[0]!.id }),
        SUB,
        "adopt_subscription_id",
        /cannot be adopted: OVHcloud account \S+ does not see it/,
      ],
      [
        tenantConfig({ adopt_service_name: other.serviceName }),
        TENANT,
        "adopt_service_name",
        /cannot be adopted/,
      ],
    ];
    for (const [config, type, attribute, text] of cases) {
      const plan = await engine.plan(type, null, config);
      const errors = errorsOf(plan.diagnostics);
      expect(errors.map(pathOf), attribute).toEqual([attribute]);
      expect(`${errors[0]!.summary} ${errors[0]!.detail}`).toMatch(text);
    }
    expect(em.calls().filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("passes unknown values through validation", async () => {
    expect(await engine.validate(TENANT, tenantConfig({ display_name: UNKNOWN }))).toEqual([]);
    expect(await engine.validate(SUB, subscriptionConfig({ tenant: UNKNOWN, quantity: UNKNOWN }))).toEqual(
      [],
    );
  });

  it("reports unusable credentials at configure, naming the attribute", async () => {
    const e = await Engine.start({ ...credentialsEnv(em, alice), OVH_ENDPOINT: "" });
    try {
      const d = await e.configure({ endpoint: "ovh-mars" });
      expect(errorsOf(d)[0]?.detail).toMatch(/Unknown OVHcloud endpoint "ovh-mars"/);
      expect(pathOf(d[0]!)).toBe("endpoint");
    } finally {
      await e.stop();
    }
  });

  it("names missing credentials as the provider block spells them (application_secret), with the other places", async () => {
    const none = Object.fromEntries(
      [
        "OVH_APPLICATION_KEY",
        "OVH_APPLICATION_SECRET",
        "OVH_CONSUMER_KEY",
        "OVH_CLIENT_ID",
        "OVH_CLIENT_SECRET",
      ].map((v) => [v, ""]),
    );
    const e = await Engine.start({ ...none, OVH_ENDPOINT: em.url, HOME: tmpdir() });
    try {
      const missing = await e.configure({ application_key: alice.applicationKey });
      const detail = errorsOf(missing)[0]?.detail ?? "";
      expect(detail).toBe(
        "In the provider arguments, application_key is set but not application_secret and consumer_key. " +
          "A credential set comes whole from one place (the provider arguments, else the OVH_* environment " +
          "variables, else ovh.conf): add application_secret and consumer_key there, or remove " +
          "application_key to take the whole set from the OVH_* environment variables or ovh.conf.",
      );
      expect(pathOf(missing[0]!)).toBe("application_secret");

      const nothing = errorsOf(await e.configure({}))[0]?.detail ?? "";
      expect(nothing).toContain(
        "No OVHcloud credentials found. Set the provider arguments application_key, application_secret and consumer_key",
      );
      expect(nothing).toMatch(/or client_id and client_secret .*OVH_APPLICATION_KEY.*ovh\.conf/);
    } finally {
      await e.stop();
    }
  });

  it("answers unsupported methods with a diagnostic naming them", async () => {
    const r = await engine.plugin.call<{ diagnostics: { summary: string }[] }>("OpenEphemeralResource", {});
    expect(r.diagnostics[0]?.summary).toBe("Unsupported: OpenEphemeralResource");
    expect(await engine.plugin.call("GetResourceIdentitySchemas")).toMatchObject({ identity_schemas: {} });
  });
});

describe("tenant and subscription lifecycle", () => {
  let tenant: TfObject;
  let sub: TfObject;

  it("plans a tenant create with unknown outputs, applies it once, reads it back", async () => {
    const config = tenantConfig();
    const plan = await engine.plan(TENANT, null, config);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.state).toMatchObject({ display_name: "ACME GmbH", service_name: UNKNOWN, id: UNKNOWN });
    const applied = await engine.apply(TENANT, null, plan.state, config);
    expect(applied.diagnostics).toEqual([]);
    tenant = applied.state!;
    expect(tenant).toMatchObject({
      service_name: expect.stringMatching(/^csp2-/),
      ovh_account: "ab123-ovh",
      status: "ok",
      // The user's spelling is kept (OVHcloud stores +49.301234567).
      contact: expect.objectContaining({ phone: "+49 30 1234567" }),
    });
    expect(tenant.id).toBe(tenant.service_name);
    const orders = Object.values(em.state().orders).filter((o) => o.nic === "ab123-ovh");
    expect(orders).toHaveLength(1);
    const read = await engine.read(TENANT, tenant);
    expect(read.state).toEqual(tenant);
  }, 60_000);

  it("plans no change for the same config (normalised spellings are not drift)", async () => {
    const plan = await engine.plan(TENANT, tenant, tenantConfig());
    expect(plan.state).toEqual(tenant);
    expect(plan.requiresReplace).toEqual([]);
  });

  it("refuses a sub-domain change with the attribute path, never a replace", async () => {
    const plan = await engine.plan(TENANT, tenant, tenantConfig({ subdomain: "acme" }));
    const [error] = errorsOf(plan.diagnostics);
    expect(pathOf(error!)).toBe("subdomain");
    expect(error!.summary).toMatch(/sub-domain of tenant csp2-\w+ would change/);
    expect(error!.detail).toMatch(/allow_replacement = true/);
    expect(plan.requiresReplace).toEqual([]);
  });

  it("plans a sub-domain replace once allowed and consented, noting that the configuration sets the order", async () => {
    const consented = { ...tenant, allow_termination: true };
    const plan = await engine.plan(
      TENANT,
      consented,
      tenantConfig({ subdomain: "acme", allow_replacement: true, allow_termination: true }),
    );
    expect(errorsOf(plan.diagnostics)).toEqual([]);
    expect(plan.requiresReplace).toEqual([["subdomain"]]);
    expect(warningsOf(plan.diagnostics)).toContainEqual(
      expect.objectContaining({
        summary: "This tenant is replaced: the order follows lifecycle create_before_destroy",
        // True whether or not the resource sets it (the provider cannot see lifecycle settings).
        detail: expect.stringMatching(
          /^With lifecycle \{ create_before_destroy = true \} on this resource, the new tenant is ordered first .*; without it, the old tenant is ended \(at its expiry date\) before the new one is ordered\. The provider cannot see that setting/,
        ),
      }),
    );
  });

  it("orders a subscription, changes its seats in place", async () => {
    const config = subscriptionConfig({ tenant: tenant.service_name!, quantity: 5 });
    const created = await engine.planApply(SUB, null, config);
    expect(created.diagnostics).toEqual([]);
    sub = created.state!;
    expect(sub).toMatchObject({ quantity: 5, license_id: 2, status: "active", ovh_account: "ab123-ovh" });
    expect(sub.id).toBe(`${String(tenant.service_name)}/${String(sub.subscription_id)}`);

    const more = { ...config, quantity: 8 };
    const plan = await engine.plan(SUB, sub, more);
    expect(plan.requiresReplace).toEqual([]);
    expect(plan.state).toMatchObject({ quantity: 8, status: UNKNOWN, subscription_id: sub.subscription_id });
    const applied = await engine.apply(SUB, sub, plan.state, more);
    expect(applied.diagnostics).toEqual([]);
    sub = applied.state!;
    expect(sub.quantity).toBe(8);
  }, 60_000);

  it("shows drift made behind its back on read", async () => {
    // A colleague changes the seats with another credential of the same account.
    const colleague = await Engine.start(credentialsEnv(em, em.addCredential("ab123-ovh")));
    try {
      expect(await colleague.configure()).toEqual([]);
      const config = subscriptionConfig({ tenant: tenant.service_name!, quantity: 9 });
      const plan = await colleague.plan(SUB, sub, config);
      await colleague.apply(SUB, sub, plan.state, config);
    } finally {
      await colleague.stop();
    }
    const read = await engine.read(SUB, sub);
    expect(read.state).toMatchObject({ quantity: 9, license: sub.license });
    sub = read.state!;
  }, 60_000);

  it("plans a half-created subscription's stale outputs as unknown and reads them on apply, writing nothing", async () => {
    const partial: TfObject = { ...sub, status: "unknown" };
    const config = subscriptionConfig({ tenant: tenant.service_name!, quantity: 9 });
    const engine = await fresh();
    try {
      const plan = await engine.plan(SUB, partial, config);
      expect(errorsOf(plan.diagnostics)).toEqual([]);
      expect(plan.state).toMatchObject({
        subscription_id: sub.subscription_id,
        quantity: 9,
        status: UNKNOWN,
        last_update: UNKNOWN,
        creation_date: UNKNOWN,
      });
      em.clearCalls();
      const applied = await engine.apply(SUB, partial, plan.state, config);
      expect(applied.diagnostics).toEqual([]);
      expect(applied.state).toEqual(sub);
      expect(em.calls().filter((c) => c.method !== "GET")).toEqual([]);
    } finally {
      await engine.stop();
    }
  }, 60_000);

  it("plans a licence change as a replace with requires_replace", async () => {
    const config = subscriptionConfig({
      tenant: tenant.service_name!,
      license: "Microsoft 365 Business Premium",
      quantity: 9,
    });
    const engine = await fresh();
    const plan = await engine.plan(SUB, sub, config);
    expect(errorsOf(plan.diagnostics)).toEqual([]);
    expect(plan.requiresReplace).toContainEqual(["license"]);
    expect(plan.state).toMatchObject({ subscription_id: UNKNOWN, id: UNKNOWN });
    expect(warningsOf(plan.diagnostics).map((d) => d.summary)).toContain(
      "This subscription is replaced: the order follows lifecycle create_before_destroy",
    );
    // The engine then creates the new one (create_before_destroy) and deletes the old one.
    const created = await engine.planApply(SUB, null, config);
    expect(created.state).toMatchObject({ license_id: 3, quantity: 9 });
    const destroy = await engine.plan(SUB, sub, null);
    expect(errorsOf(destroy.diagnostics)).toEqual([]);
    const deleted = await engine.apply(SUB, sub, null, null);
    expect(deleted).toMatchObject({ state: null, diagnostics: [] });
    expect((await engine.read(SUB, sub)).state).toBeNull();
    await engine.stop();
    sub = created.state!;
  }, 60_000);

  it("imports a subscription and a tenant by id, checking the account", async () => {
    const imported = await engine.importState(
      SUB,
      `${String(tenant.service_name)}/${String(sub.subscription_id)}`,
    );
    expect(imported.diagnostics).toEqual([]);
    expect(imported.state).toMatchObject({ license: "Microsoft 365 Business Premium", quantity: 9 });
    const t = await engine.importState(TENANT, String(tenant.service_name));
    expect(t.state).toMatchObject({
      service_name: tenant.service_name,
      display_name: "ACME GmbH",
      order_id: null,
    });

    const foreign = await bobEngine.importState(TENANT, String(tenant.service_name));
    expect(errorsOf(foreign.diagnostics)[0]?.summary).toMatch(/not visible to OVHcloud account cd456-ovh/);
    const bad = await engine.importState(SUB, "nonsense");
    expect(errorsOf(bad.diagnostics)[0]?.summary).toMatch(/not a subscription import id/);
  });

  it("refuses the tenant under another account's credentials at plan (no move, no recreate)", async () => {
    const read = await bobEngine.read(TENANT, tenant);
    expect(errorsOf(read.diagnostics)[0]?.summary).toMatch(/belongs to OVHcloud account ab123-ovh/);
    const plan = await bobEngine.plan(TENANT, tenant, tenantConfig({ display_name: "Renamed" }));
    expect(errorsOf(plan.diagnostics)[0]?.detail).toMatch(/cannot move between OVHcloud accounts/);
  });

  it("reads the data sources", async () => {
    const engine = await fresh();
    const licences = await engine.readData("o365reseller_licenses", {
      tenant: tenant.service_name!,
      licenses: null,
    });
    const list = licences.state!.licenses as TfObject[];
    expect(list.find((l) => l.id === 2)).toMatchObject({
      name: "Microsoft 365 Business Standard",
      type: "NON-SPECIFIC",
      price: 11.7,
      currency: "EUR",
    });
    // Prices come from the cart's licence options: every catalogue licence is priced there.
    expect(list.find((l) => l.name === "Microsoft 365 Business Premium")).toMatchObject({ price: 20.6 });
    expect(list.every((l) => typeof l.price === "number")).toBe(true);
    const view = await engine.readData(TENANT, tenantDataConfig(tenant.service_name as string));
    expect(view.state).toMatchObject({ display_name: "ACME GmbH", ovh_account: "ab123-ovh" });
    await engine.stop();
  }, 30_000);

  it("plans a half-created tenant's unread outputs as unknown and reads them on apply, writing nothing", async () => {
    // What a create that stopped after delivery records (the core's partial state), planned without
    // a refresh (-refresh=false): the apply reads the tenant, so the outputs may change.
    const partial: TfObject = { ...tenant, status: "unknown", creation_date: "", has_accepted_new_mca: null };
    const plan = await engine.plan(TENANT, partial, tenantConfig());
    expect(plan.diagnostics).toEqual([]);
    expect(plan.state).toMatchObject({
      service_name: tenant.service_name,
      status: UNKNOWN,
      creation_date: UNKNOWN,
      has_accepted_new_mca: UNKNOWN,
    });
    em.clearCalls();
    const applied = await engine.apply(TENANT, partial, plan.state, tenantConfig());
    expect(applied.diagnostics).toEqual([]);
    expect(applied.state).toEqual(tenant);
    expect(em.calls().filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("refuses to destroy a tenant without allow_termination, at plan", async () => {
    const plan = await engine.plan(TENANT, tenant, null);
    const [error] = errorsOf(plan.diagnostics);
    expect(error?.summary).toMatch(/would be deleted/);
    expect(error?.detail).toMatch(/allow_termination = true/);
    expect(pathOf(error!)).toBe("allow_termination");
  });

  it("ends a tenant at expiry once allow_termination is applied", async () => {
    const engine = await fresh();
    const allowed = await engine.planApply(TENANT, tenant, tenantConfig({ allow_termination: true }));
    expect(allowed.diagnostics).toEqual([]);
    const plan = await engine.plan(TENANT, allowed.state, null);
    expect(errorsOf(plan.diagnostics)).toEqual([]);
    expect(warningsOf(plan.diagnostics)[0]?.summary).toMatch(/will end at its expiry date/);
    expect(await engine.apply(TENANT, allowed.state, null, null)).toMatchObject({
      state: null,
      diagnostics: [],
    });
    await engine.stop();
  });
});

describe("refusals and warnings from OVHcloud's rules", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await fresh();
  }, 30_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it("warns at plan about a seat reduction outside the 168-hour window", async () => {
    const seeded = em.createTenant({
      account: "ab123-ovh",
      displayName: "Old Co",
      subscriptions: [{ license: 2, quantity: 10, purchasedHoursAgo: 400 }],
    });
    const imported = await engine.importState(SUB, `${seeded.serviceName}/${seeded.subscriptions[0]!.id}`);
    const plan = await engine.plan(
      SUB,
      imported.state,
      subscriptionConfig({ tenant: seeded.serviceName, license: imported.state!.license!, quantity: 4 }),
    );
    const [warning] = warningsOf(plan.diagnostics);
    expect(pathOf(warning!)).toBe("quantity");
    expect(warning!.summary).toMatch(/Reducing .* from 10 to 4 seats will likely be refused/);
  });

  it("refuses a purchase in a tenant whose customer has not accepted the MCA", async () => {
    const seeded = em.createTenant({ account: "ab123-ovh", displayName: "No MCA", hasAcceptedNewMCA: false });
    const plan = await engine.plan(SUB, null, subscriptionConfig({ tenant: seeded.serviceName }));
    expect(errorsOf(plan.diagnostics)[0]?.summary).toMatch(/is refused/);
    expect(errorsOf(plan.diagnostics)[0]?.detail).toMatch(/Microsoft Customer Agreement/);
  });

  it("refuses a licence the tenant cannot order, at plan, naming the attribute", async () => {
    const seeded = em.createTenant({ account: "ab123-ovh", displayName: "Catalogue Co" });
    const plan = await engine.plan(
      SUB,
      null,
      subscriptionConfig({ tenant: seeded.serviceName, license: "Windows 95" }),
    );
    const [error] = errorsOf(plan.diagnostics);
    expect(pathOf(error!)).toBe("license");
    expect(error!.detail).toMatch(/is not orderable in tenant/);
  });
});

describe("a tenant ordered with its first licences", () => {
  const STANDARD = "Microsoft 365 Business Standard";
  let engine: Engine;
  beforeAll(async () => {
    engine = await fresh();
  }, 30_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it("validates licenses at the licenses attribute, the text naming the entry, before any call", async () => {
    em.clearCalls();
    const d = await engine.validate(
      TENANT,
      tenantConfig({
        licenses: [
          { license: STANDARD, quantity: 0 },
          { license: "2", quantity: 1 },
        ],
      }),
    );
    // Engines follow a path into nested blocks only: it stops at the attribute, the text names the entry.
    expect(d.map(pathOf)).toEqual(["licenses", "licenses"]);
    expect(d.map((x) => x.summary).sort()).toEqual([
      "Invalid licenses[0].quantity",
      "Invalid licenses[1].license",
    ]);
    expect(d.find((x) => x.summary === "Invalid licenses[1].license")?.detail).toMatch(
      /licence ids are known only once a tenant exists/,
    );
    expect(em.calls()).toEqual([]);
  });

  it("refuses at plan a licence the cart does not offer, naming the attribute; nothing is ordered", async () => {
    em.clearCalls();
    const plan = await engine.plan(
      TENANT,
      null,
      tenantConfig({ display_name: "Unoffered", licenses: [{ license: "Visio Plan 2", quantity: 1 }] }),
    );
    const [error] = errorsOf(plan.diagnostics);
    expect(pathOf(error!)).toBe("licenses");
    expect(error!.summary).toMatch(/Licence "Visio Plan 2" is not offered with a new tenant/);
    // Only the throwaway cart of the offer: created and deleted, nothing added to it, no checkout.
    const writes = em.calls().filter((c) => c.method !== "GET");
    expect(writes.map((c) => `${c.method} ${c.path.replace(/cart\/[^/]+/, "cart/{c}")}`)).toEqual([
      "POST /order/cart",
      "DELETE /order/cart/{c}",
    ]);
  });

  it("orders the tenant with a licence; the subscription of that licence adopts it; plans show no change after", async () => {
    const config = tenantConfig({
      display_name: "Licensed GmbH",
      licenses: [{ license: STANDARD, quantity: 4 }],
    });
    const created = await engine.planApply(TENANT, null, config);
    expect(created.diagnostics).toEqual([]);
    const tenant = created.state!;
    expect(tenant.licenses).toEqual([{ license: STANDARD, quantity: 4 }]);
    em.clearCalls();
    const subConfig = subscriptionConfig({ tenant: tenant.service_name!, license: STANDARD, quantity: 4 });
    const sub = await engine.planApply(SUB, null, subConfig);
    expect(sub.diagnostics).toEqual([]);
    expect(sub.state).toMatchObject({ quantity: 4, license_id: 2 });
    expect(em.calls().filter((c) => c.method !== "GET")).toEqual([]);
    expect((await engine.plan(SUB, sub.state, subConfig)).state).toEqual(sub.state);
    expect((await engine.plan(TENANT, tenant, config)).state).toEqual(tenant);

    const edited = { ...config, licenses: [{ license: STANDARD, quantity: 6 }] };
    const plan = await engine.plan(TENANT, tenant, edited);
    expect(errorsOf(plan.diagnostics)).toEqual([]);
    const [warning] = warningsOf(plan.diagnostics);
    expect(pathOf(warning!)).toBe("licenses");
    expect(warning!.summary).toMatch(/^licenses only count when a tenant is ordered/);
  }, 60_000);
});

describe("state upgrade and process lifecycle", () => {
  it("upgrades a stored JSON state into msgpack of the current schema, without API calls", async () => {
    em.clearCalls();
    const r = await engine.plugin.call<{ upgraded_state: { msgpack: Buffer }; diagnostics: unknown[] }>(
      "UpgradeResourceState",
      {
        type_name: SUB,
        version: 1,
        raw_state: {
          json: Buffer.from(
            JSON.stringify({
              tenant: "csp2-1",
              license: "2",
              quantity: 3,
              subscription_id: 7,
              license_id: 2,
              license_name: "x",
              status: "active",
              creation_date: "",
              ovh_account: "ab123-ovh",
              id: "csp2-1/7",
            }),
          ),
        },
      },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.upgraded_state.msgpack.length).toBeGreaterThan(10);
    expect(em.calls()).toEqual([]);
    const newer = await engine.plugin.call<{ diagnostics: { summary: string }[] }>("UpgradeResourceState", {
      type_name: SUB,
      version: 2,
      raw_state: { json: Buffer.from("{}") },
    });
    expect(newer.diagnostics[0]?.summary).toBe("State written by a newer provider");
  });

  it("acknowledges StopProvider", async () => {
    expect(await engine.plugin.call("StopProvider")).toEqual({ Error: "" });
  });

  it("exits 0 on the controller's Shutdown", async () => {
    const e = await Engine.start(credentialsEnv(em, alice));
    expect(await e.stop()).toBe(0);
  });

  it("keeps the encoder honest about the type it sends", () => {
    expect(() =>
      encodeDynamic({ quantity: "many" } as TfObject, ["object", { quantity: "number" }]),
    ).toThrow();
  });
});
