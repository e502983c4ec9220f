/**
 * examples/pulumi redone with the native provider (`o365-reseller/native`, plugin
 * `pulumi-resource-o365reseller`): two end customers in two OVHcloud reseller accounts, one explicit
 * provider per account, the credentials on the providers (secrets stored encrypted), none on the
 * resources.
 *
 *   pulumi config set --secret mainAccount '{"endpoint":"ovh-eu","applicationKey":"…","applicationSecret":"…","consumerKey":"…"}'
 *   pulumi config set --secret partnerAccount '{"endpoint":"ovh-eu","applicationKey":"…","applicationSecret":"…","consumerKey":"…"}'
 *   pulumi up
 *
 * Seats and the licence are stack config, so a change is one command:
 * `pulumi config set acmeSeats 30 && pulumi preview`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as o365reseller from "o365-reseller/native";

/** One account's credentials, as a secret object of the stack config. */
interface Account {
  endpoint?: string;
  applicationKey?: string;
  applicationSecret?: string;
  consumerKey?: string;
  clientId?: string;
  clientSecret?: string;
}

function accountProvider(name: string, account: pulumi.Output<Account>): o365reseller.Provider {
  return new o365reseller.Provider(name, {
    endpoint: account.apply((a) => a.endpoint ?? ""),
    applicationKey: account.apply((a) => a.applicationKey ?? ""),
    applicationSecret: account.apply((a) => a.applicationSecret ?? ""),
    consumerKey: account.apply((a) => a.consumerKey ?? ""),
  });
}

export default async function program(): Promise<Record<string, pulumi.Input<unknown>>> {
  const config = new pulumi.Config();
  const acmeSeats = config.getNumber("acmeSeats") ?? 25;
  const acmeLicense = config.get("acmeLicense") ?? "Microsoft 365 Business Standard";
  // Deleting a tenant ends the customer's Microsoft 365 service: refused unless this is true.
  const allowTermination = config.getBoolean("allowTermination") ?? false;
  const main = { provider: accountProvider("main", config.requireSecretObject<Account>("mainAccount")) };
  const partner = {
    provider: accountProvider("partner", config.requireSecretObject<Account>("partnerAccount")),
  };

  const acme = new o365reseller.Tenant(
    "acme",
    {
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
      allowTermination,
      timeouts: { create: "45m" },
    },
    main,
  );

  const acmeStandard = new o365reseller.Subscription(
    "acme-standard",
    { tenant: acme.serviceName, license: acmeLicense, quantity: acmeSeats },
    main,
  );

  const acmePremium = new o365reseller.Subscription(
    "acme-premium",
    { tenant: acme.serviceName, license: "Microsoft 365 Business Premium", quantity: 5 },
    main,
  );

  // An add-on extends a subscription: `parent` is that subscription's id.
  const acmeTeamsPhone = new o365reseller.Subscription(
    "acme-teams-phone",
    {
      tenant: acme.serviceName,
      license: "Microsoft Teams Phone Standard",
      quantity: 5,
      parent: acmePremium.subscriptionId,
    },
    main,
  );

  const globex = new o365reseller.Tenant(
    "globex",
    {
      displayName: "Globex SARL",
      mpnId: "7654321",
      contact: {
        firstName: "Camille",
        lastName: "Martin",
        email: "admin@globex.example",
        phone: "+33.140000000",
        address: "1 rue de la Paix",
        city: "Paris",
        zipCode: "75002",
      },
      allowTermination,
    },
    partner,
  );

  const globexE3 = new o365reseller.Subscription(
    "globex-e3",
    { tenant: globex.serviceName, license: "Office 365 E3", quantity: 50 },
    partner,
  );

  return {
    acmeTenant: acme.serviceName,
    acmeAccount: acme.ovhAccount,
    acmeAdminPortal: acme.adminPortalUrl,
    acmeStandardSeats: acmeStandard.quantity,
    acmeStandardLicense: acmeStandard.licenseName,
    acmeTeamsPhoneParent: acmeTeamsPhone.parent,
    globexTenant: globex.serviceName,
    globexAccount: globex.ovhAccount,
    globexE3Seats: globexE3.quantity,
  };
}
