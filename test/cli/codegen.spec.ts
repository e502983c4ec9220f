// adopt's emitters: the model from scans (names, add-on parents) and the code for Pulumi, HCL, CDKTF.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { emitHcl, str } from "../../provider/cli/codegen/hcl.js";
import { adoptModel, slug } from "../../provider/cli/codegen/model.js";
import { emitCdktf, emitPulumi } from "../../provider/cli/codegen/typescript.js";
import type { AccountScan } from "../../provider/cli/lib/scan.js";
import type { OfficeLicence, OfficeSubscription, OfficeTenant } from "../../provider/ovh/models/index.js";
import type { UnmanagedResource } from "../../provider/resources/drift.js";

const NOW = new Date("2026-11-27T12:00:00Z");

const tenant = (
  serviceName: string,
  displayName: string,
  over: Partial<OfficeTenant> = {},
): OfficeTenant => ({
  serviceName,
  displayName,
  mpnId: "1234567",
  status: "ok",
  creationDate: "2026-01-01T00:00:00Z",
  firstName: "Anna",
  lastName: "Muster",
  email: "it@acme.example",
  phone: "+49.301234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
  hasAcceptedNewMCA: true,
  iam: null,
  mpnIssueFlag: null,
  ...over,
});
const sub = (id: number, licenseId: number, quantity: number): OfficeSubscription => ({
  id,
  licenseId,
  quantity,
  status: "active",
  creationDate: "2026-01-01T00:00:00Z",
  lastUpdate: null,
  taskPendingId: 0,
});
const licence = (
  id: number,
  name: string,
  type: "ADDON" | "NON-SPECIFIC" = "NON-SPECIFIC",
): OfficeLicence => ({
  id,
  name,
  licenceType: type,
  limit: null,
  newSeatsAllowed: true,
  newSubscriptionsAllowed: true,
});

const scans: AccountScan[] = [
  {
    name: "eu-main",
    nic: "ab12345-ovh",
    tenants: [
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ is what the escaping is tested with.
        tenant: tenant("csp2-00000001", 'Müller & Söhne "Bau" ${x}'),
        subscriptions: [
          { subscription: sub(11, 3, 5), licence: licence(3, "Microsoft 365 Business Premium") },
          {
            subscription: sub(12, 101, 5),
            licence: licence(101, "Microsoft Teams Phone Standard", "ADDON"),
            parentId: 11,
          },
        ],
      },
      {
        tenant: tenant("csp2-00000002", "Managed Co"),
        subscriptions: [
          { subscription: sub(21, 2, 7), licence: licence(2, "Microsoft 365 Business Standard") },
        ],
      },
    ],
  },
  {
    name: "ca-shop",
    nic: "cd67890-ovh",
    tenants: [{ tenant: tenant("csp2-00000003", "Müller & Söhne", { mpnId: null }), subscriptions: [] }],
  },
];

const unmanaged: UnmanagedResource[] = [
  {
    kind: "tenant",
    id: "csp2-00000001",
    account: "eu-main",
    nic: "ab12345-ovh",
    serviceName: "csp2-00000001",
  },
  {
    kind: "subscription",
    id: "csp2-00000001/11",
    account: "eu-main",
    nic: "ab12345-ovh",
    serviceName: "csp2-00000001",
  },
  {
    kind: "subscription",
    id: "csp2-00000001/12",
    account: "eu-main",
    nic: "ab12345-ovh",
    serviceName: "csp2-00000001",
  },
  {
    kind: "subscription",
    id: "csp2-00000002/21",
    account: "eu-main",
    nic: "ab12345-ovh",
    serviceName: "csp2-00000002",
    tenantManaged: true,
  },
  {
    kind: "tenant",
    id: "csp2-00000003",
    account: "ca-shop",
    nic: "cd67890-ovh",
    serviceName: "csp2-00000003",
  },
];

const model = adoptModel(scans, unmanaged, NOW);

function syntaxErrors(code: string): string[] {
  const out = ts.transpileModule(code, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022 },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("adopt model", () => {
  it("unique names, add-ons after their parent, managed tenants referenced by service name", () => {
    const eu = model.accounts[0]!;
    expect(eu.tenants.map((t) => [t.serviceName, t.name])).toEqual([
      ["csp2-00000001", "muller_sohne_bau_x"],
      ["csp2-00000002", undefined],
    ]);
    expect(eu.tenants[0]!.subscriptions.map((s) => [s.name, s.parentName])).toEqual([
      ["muller_sohne_bau_x_microsoft_365_business_premium", undefined],
      [
        "muller_sohne_bau_x_microsoft_teams_phone_standard",
        "muller_sohne_bau_x_microsoft_365_business_premium",
      ],
    ]);
    expect(model.accounts[1]!.tenants[0]!.name).toBe("muller_sohne");
    expect(slug("123 GmbH")).toBe("r_123_gmbh");
  });
});

describe("HCL", () => {
  const hcl = emitHcl(model);

  it("import blocks with the documented ids, and provider aliases for several accounts", () => {
    const imports = [
      ...hcl.matchAll(/import \{\n {2}to {7}= (\S+)\n {2}id {7}= "([^"]+)"\n {2}provider = (\S+)\n\}/g),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(imports).toEqual([
      ["o365reseller_tenant.muller_sohne_bau_x", "csp2-00000001", "o365reseller.eu_main"],
      [
        "o365reseller_subscription.muller_sohne_bau_x_microsoft_365_business_premium",
        "csp2-00000001/11",
        "o365reseller.eu_main",
      ],
      [
        "o365reseller_subscription.muller_sohne_bau_x_microsoft_teams_phone_standard",
        "csp2-00000001/12",
        "o365reseller.eu_main",
      ],
      [
        "o365reseller_subscription.managed_co_microsoft_365_business_standard",
        "csp2-00000002/21",
        "o365reseller.eu_main",
      ],
      ["o365reseller_tenant.muller_sohne", "csp2-00000003", "o365reseller.ca_shop"],
    ]);
    expect(hcl).toContain('#   provider "o365reseller" { alias = "eu_main" }   # eu-main (ab12345-ovh)');
  });

  it("escapes strings, references parents and tenants, flags a missing MPN ID", () => {
    expect(hcl).toContain('display_name = "Müller & Söhne \\"Bau\\" $${x}"');
    expect(hcl).toContain(
      "parent   = o365reseller_subscription.muller_sohne_bau_x_microsoft_365_business_premium.subscription_id",
    );
    expect(hcl).toContain('tenant   = "csp2-00000002"');
    expect(hcl).toContain('mpn_id       = "" # TODO: no MPN ID at OVHcloud');
    expect(str("a\\b%{c}\n")).toBe('"a\\\\b%%{c}\\n"');
    expect(hcl.match(/\{/g)?.length).toBe(hcl.match(/\}/g)?.length);
  });
});

describe("TypeScript", () => {
  it("Pulumi: adopt inputs, references, valid TypeScript", () => {
    const code = emitPulumi(model);
    expect(syntaxErrors(code)).toEqual([]);
    expect(code).toContain(
      'import { Office365ResellerSubscription, Office365ResellerTenant } from "o365-reseller/pulumi";',
    );
    expect(code).toContain('adoptServiceName: "csp2-00000001",');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ stays literal in a JS string.
    expect(code).toContain('displayName: "Müller & Söhne \\"Bau\\" ${x}",');
    expect(code).toContain("parent: mullerSohneBauXMicrosoft365BusinessPremium.subscriptionId,");
    expect(code).toContain('tenant: "csp2-00000002",');
    expect(code).toContain("adoptSubscriptionId: 21,");
  });

  it("CDKTF: constructs with importFrom and a provider per account, valid TypeScript", () => {
    const code = emitCdktf(model);
    expect(syntaxErrors(code)).toEqual([]);
    expect(code).toContain(
      'export function adoptResources(scope: Construct, providers: Record<"eu-main" | "ca-shop", TerraformProvider>): void {',
    );
    expect(code).toContain('mullerSohneBauX.importFrom("csp2-00000001", providers["eu-main"]);');
    expect(code).toContain('importFrom("csp2-00000002/21", providers["eu-main"]);');
    const single = emitCdktf(adoptModel([scans[1]!], unmanaged, NOW));
    expect(single).toContain("export function adoptResources(scope: Construct): void {");
    expect(single).toContain('mullerSohne.importFrom("csp2-00000003");');
    expect(syntaxErrors(single)).toEqual([]);
  });

  it("says so when there is nothing to adopt", () => {
    const empty = adoptModel(scans, [], NOW);
    expect(emitHcl(empty)).toContain("# Nothing to adopt");
    expect(syntaxErrors(emitPulumi(empty))).toEqual([]);
    expect(syntaxErrors(emitCdktf(empty))).toEqual([]);
  });
});
