/**
 * CDKTF example: two customer tenants on two OVHcloud accounts (provider aliases).
 *
 *   npx cdktn synth                         # the root cdktf.json, as CDKTF users run `cdktf synth`
 *   npx tsx examples/cdktf/main.ts          # the same, without a CLI
 *   cd cdktf.out/stacks/reseller && tofu plan -out=tfplan && tofu apply tfplan
 *
 * The default provider reads OVH_ENDPOINT and the OVH_* credentials; the second account's come from
 * the variable `second_account` (TF_VAR_second_account='{"application_key": …}'). In an application
 * of your own, import from "o365-reseller/constructs" instead of the relative path.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { configureO365Reseller, Office365ResellerTenant } from "../../constructs/index.js";

export class ResellerStack extends TerraformStack {
  readonly acme: Office365ResellerTenant;
  readonly globex: Office365ResellerTenant;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    configureO365Reseller(this, "main");

    const second = new TerraformVariable(this, "second_account", {
      type: "object({endpoint = optional(string), application_key = optional(string), application_secret = optional(string), consumer_key = optional(string)})",
      default: {},
      sensitive: true,
      description: "Credentials of the second OVHcloud account.",
    });
    const secondAccount = configureO365Reseller(this, "second", {
      alias: "second",
      endpoint: `\${var.${second.friendlyUniqueId}.endpoint}`,
      applicationKey: `\${var.${second.friendlyUniqueId}.application_key}`,
      applicationSecret: `\${var.${second.friendlyUniqueId}.application_secret}`,
      consumerKey: `\${var.${second.friendlyUniqueId}.consumer_key}`,
    });

    this.acme = new Office365ResellerTenant(this, "acme", {
      displayName: "ACME GmbH",
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
      subscriptions: [
        { license: "Microsoft 365 Business Standard", quantity: 5 },
        { license: "Exchange Online (Plan 1)", quantity: 2 },
      ],
    });

    this.globex = new Office365ResellerTenant(this, "globex", {
      provider: secondAccount,
      displayName: "Globex SARL",
      mpnId: "7654321",
      contact: {
        firstName: "Gil",
        lastName: "Globex",
        email: "admin@globex.example",
        phone: "+33 1 23456789",
        address: "1 rue de la Paix",
        city: "Paris",
        zipCode: "75002",
      },
      subscriptions: [{ license: "Microsoft 365 Business Basic", quantity: 10 }],
    });

    new TerraformOutput(this, "acme_tenant", { value: this.acme.serviceName });
    new TerraformOutput(this, "globex_tenant", { value: this.globex.serviceName });
  }
}

export function synthesize(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new ResellerStack(app, "reseller");
  app.synth();
  return app;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  synthesize(process.env.CDKTF_OUTDIR);
}
