/**
 * Two end customers in two OVHcloud reseller accounts, with their Microsoft 365 licences.
 *
 * - ACME GmbH belongs to the account in the stack config (`o365-reseller:*`, or OVH_* / ovh.conf):
 *   Business Standard seats, Business Premium seats and a Teams Phone add-on on the Premium ones.
 * - Globex SARL belongs to a partner account whose credentials are a secret object in the stack
 *   config (`partnerAccount`), passed to its resources as `credentials`.
 *
 * Run it with `npm start` (the embedded emulator, see scripts/start.ts), or against OVHcloud:
 *
 *   pulumi config set o365-reseller:endpoint ovh-eu
 *   pulumi config set o365-reseller:applicationKey <key>
 *   pulumi config set --secret o365-reseller:applicationSecret <secret>
 *   pulumi config set --secret o365-reseller:consumerKey <consumer key>
 *   pulumi config set --secret partnerAccount '{"applicationKey":"…","applicationSecret":"…","consumerKey":"…"}'
 *   pulumi up
 *
 * Seats and the licence are stack config too, so a change is one command:
 * `pulumi config set acmeSeats 30 && pulumi preview`.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  type Office365ResellerCredentials,
  Office365ResellerSubscription,
  Office365ResellerTenant,
} from "o365-reseller/pulumi";

export default async function program(): Promise<Record<string, pulumi.Input<unknown>>> {
  const config = new pulumi.Config();
  const acmeSeats = config.getNumber("acmeSeats") ?? 25;
  const acmeLicense = config.get("acmeLicense") ?? "Microsoft 365 Business Standard";
  // Deleting a tenant ends the customer's Microsoft 365 service: refused unless this is true.
  const allowTermination = config.getBoolean("allowTermination") ?? false;
  const partner = config.requireSecretObject<Office365ResellerCredentials>("partnerAccount");

  const acme = new Office365ResellerTenant("acme", {
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
  });

  const acmeStandard = new Office365ResellerSubscription("acme-standard", {
    tenant: acme.serviceName,
    license: acmeLicense,
    quantity: acmeSeats,
  });

  const acmePremium = new Office365ResellerSubscription("acme-premium", {
    tenant: acme.serviceName,
    license: "Microsoft 365 Business Premium",
    quantity: 5,
  });

  // An add-on extends a subscription: `parent` is that subscription's id.
  const acmeTeamsPhone = new Office365ResellerSubscription("acme-teams-phone", {
    tenant: acme.serviceName,
    license: "Microsoft Teams Phone Standard",
    quantity: 5,
    parent: acmePremium.subscriptionId,
  });

  const globex = new Office365ResellerTenant("globex", {
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
    credentials: partner,
  });

  const globexE3 = new Office365ResellerSubscription("globex-e3", {
    tenant: globex.serviceName,
    license: "Office 365 E3",
    quantity: 50,
    credentials: partner,
  });

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
