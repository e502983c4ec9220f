// CDKTF: the generated bindings match the provider schema (a stale binding fails here), and the
// hand-written constructs synthesize the resources, ids, providers and lifecycle they promise.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { GENERATED_DIR, generate, listFiles } from "../../constructs/generate.js";
import {
  configureO365Reseller,
  O365ResellerProvider,
  Office365ResellerSubscription,
  Office365ResellerTenant,
  Subscription,
  subscriptionId,
  Tenant,
} from "../../constructs/index.js";
import { ResellerStack } from "../../examples/cdktf/main.js";

const contact = {
  firstName: "Anna",
  lastName: "Muster",
  email: "it@acme.example",
  phone: "+49 30 1234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};

type Synth = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider: Record<string, Record<string, unknown>[]>;
  terraform: { required_providers: Record<string, { source: string }> };
};

function synth(build: (stack: TerraformStack) => void): { json: string; parsed: Synth } {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json) as Synth };
}

const temp: string[] = [];
afterAll(async () => {
  for (const dir of temp) await rm(dir, { recursive: true, force: true });
});

describe("generated bindings", () => {
  it("are what `npm run constructs:generate` makes from the current schema", async () => {
    const dir = await mkdtemp(join(tmpdir(), "o365r-bindings-"));
    temp.push(dir);
    const fresh = await generate(dir);
    const committed = (await listFiles(GENERATED_DIR)).map((f) => relative(GENERATED_DIR, f)).sort();
    expect(committed, "run `npm run constructs:generate` and commit constructs/.gen").toEqual(fresh);
    for (const file of fresh) {
      const [a, b] = await Promise.all([
        readFile(join(dir, file), "utf8"),
        readFile(join(GENERATED_DIR, file), "utf8"),
      ]);
      expect(b, `${file} is stale: run \`npm run constructs:generate\``).toBe(a);
    }
  });

  it("name the resource types and the provider source", () => {
    expect(Tenant.tfResourceType).toBe("o365reseller_tenant");
    expect(Subscription.tfResourceType).toBe("o365reseller_subscription");
    const { parsed } = synth((s) => configureO365Reseller(s, "p"));
    expect(parsed.terraform.required_providers.o365reseller).toEqual({
      source: "o365-reseller/o365reseller",
    });
  });
});

describe("Office365ResellerTenant", () => {
  it("synthesizes the tenant with snake_case attributes and one subscription per entry", () => {
    const { json } = synth((s) => {
      configureO365Reseller(s, "p");
      new Office365ResellerTenant(s, "acme", {
        displayName: "ACME GmbH",
        mpnId: "1234567",
        contact,
        allowTermination: true,
        timeouts: { create: "90m" },
        subscriptions: [
          { license: "Microsoft 365 Business Standard", quantity: 5 },
          { license: "Exchange Online (Plan 1)", quantity: 2 },
        ],
      });
    });
    expect(
      Testing.toHaveResourceWithProperties(json, Tenant.tfResourceType, {
        display_name: "ACME GmbH",
        mpn_id: "1234567",
        allow_termination: true,
        contact: { first_name: "Anna", zip_code: "10115", phone: "+49 30 1234567" },
        timeouts: { create: "90m" },
      }),
    ).toBe(true);
    expect(
      Testing.toHaveResourceWithProperties(json, Subscription.tfResourceType, {
        license: "Microsoft 365 Business Standard",
        quantity: 5,
        // A Terraform reference to the tenant's service name (not a JS template).
        tenant: ["$", "{o365reseller_tenant.acme_tenant_C8236C26.service_name}"].join(""),
        lifecycle: { create_before_destroy: true },
      }),
    ).toBe(true);
    expect(
      Testing.toHaveResourceWithProperties(json, Subscription.tfResourceType, {
        license: "Exchange Online (Plan 1)",
        quantity: 2,
      }),
    ).toBe(true);
  });

  it("keeps subscription ids stable when the list is reordered", () => {
    const ids = (order: string[]) =>
      Object.keys(
        synth((s) => {
          configureO365Reseller(s, "p");
          new Office365ResellerTenant(s, "acme", {
            displayName: "ACME",
            mpnId: "1234567",
            contact,
            subscriptions: order.map((license) => ({ license, quantity: 1 })),
          });
        }).parsed.resource.o365reseller_subscription!,
      ).sort();
    const a = ids(["Microsoft 365 Business Standard", "Exchange Online (Plan 1)"]);
    expect(a).toEqual(ids(["Exchange Online (Plan 1)", "Microsoft 365 Business Standard"]));
    expect(a).toHaveLength(2);
    expect(subscriptionId({ license: "Exchange Online (Plan 1)" })).toBe("license-exchange-online-plan-1");
    expect(subscriptionId({ license: "Teams Phone", parent: 42 })).toBe("license-teams-phone-of-42");
  });

  it("refuses the same licence twice", () => {
    expect(() =>
      synth((s) => {
        new Office365ResellerTenant(s, "acme", {
          displayName: "ACME",
          mpnId: "1234567",
          contact,
          subscriptions: [
            { license: "Office 365 E3", quantity: 1 },
            { license: "office 365 e3", quantity: 2 },
          ],
        });
      }),
    ).toThrow(/listed twice; a tenant holds one subscription per licence/);
  });

  it("puts the tenant and its subscriptions on the provider alias it is given", () => {
    const { parsed } = synth((s) => {
      configureO365Reseller(s, "main");
      const second = configureO365Reseller(s, "second", { alias: "second", endpoint: "ovh-ca" });
      new Office365ResellerTenant(s, "globex", {
        provider: second,
        displayName: "Globex",
        mpnId: "7654321",
        contact,
        subscriptions: [{ license: "Microsoft 365 Business Basic", quantity: 10 }],
      });
    });
    expect(parsed.provider.o365reseller).toEqual([{}, { alias: "second", endpoint: "ovh-ca" }]);
    const [tenant] = Object.values(parsed.resource.o365reseller_tenant!);
    const [sub] = Object.values(parsed.resource.o365reseller_subscription!);
    expect(tenant).toMatchObject({ provider: "o365reseller.second" });
    expect(sub).toMatchObject({ provider: "o365reseller.second", quantity: 10 });
  });
});

describe("Office365ResellerSubscription", () => {
  it("synthesizes one subscription, create-before-destroy unless told otherwise", () => {
    const { json } = synth((s) => {
      new O365ResellerProvider(s, "p", {});
      new Office365ResellerSubscription(s, "addon", {
        tenant: "csp2-1a2b3c4d",
        license: "Microsoft Teams Phone Standard",
        quantity: 3,
        parent: 100001,
        createBeforeDestroy: false,
      });
    });
    expect(
      Testing.toHaveResourceWithProperties(json, Subscription.tfResourceType, {
        tenant: "csp2-1a2b3c4d",
        parent: 100001,
        quantity: 3,
        lifecycle: { create_before_destroy: false },
      }),
    ).toBe(true);
  });
});

describe("examples/cdktf", () => {
  it("declares two tenants on two accounts, three subscriptions", () => {
    const app = Testing.app();
    const stack = new ResellerStack(app, "reseller");
    const json = Testing.synth(stack);
    const parsed = JSON.parse(json) as Synth;
    expect(Object.keys(parsed.resource.o365reseller_tenant!)).toHaveLength(2);
    expect(Object.keys(parsed.resource.o365reseller_subscription!)).toHaveLength(3);
    expect(parsed.provider.o365reseller!.map((p) => p.alias ?? "(default)")).toEqual(["(default)", "second"]);
    expect(
      Testing.toHaveResourceWithProperties(json, Tenant.tfResourceType, {
        display_name: "Globex SARL",
        provider: "o365reseller.second",
      }),
    ).toBe(true);
    expect(stack.acme.subscriptions["Microsoft 365 Business Standard"]).toBeDefined();
    expect(app).toBeInstanceOf(App);
  });
});
