/**
 * What every soak run declares: two tenants and three subscriptions, first as created, then with one
 * subscription's seats raised (the seat change). Written as OpenTofu HCL and as a Pulumi program.
 */
import type { PulumiFn } from "../../test/e2e/harness/index.js";
import { PROVIDER_SOURCE } from "../../test/e2e/tofu-provider-support.js";

export interface SubscriptionDecl {
  key: string;
  license: string;
  quantity: number;
}
export interface TenantDecl {
  key: string;
  displayName: string;
  /** The contact's last name, unique per tenant: how orders and tenants are told apart in the emulator. */
  lastName: string;
  subscriptions: SubscriptionDecl[];
}
export type World = TenantDecl[];

const CONTACT = {
  firstName: "Anna",
  email: "it@soak.example",
  phone: "+49.301234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};
const MPN_ID = "1234567";

/** The first apply: both tenants and their subscriptions, from nothing. */
export const CREATED: World = [
  {
    key: "alpha",
    displayName: "Soak Alpha GmbH",
    lastName: "Soak-alpha",
    subscriptions: [
      { key: "standard", license: "Microsoft 365 Business Standard", quantity: 3 },
      { key: "basic", license: "Microsoft 365 Business Basic", quantity: 2 },
    ],
  },
  {
    key: "beta",
    displayName: "Soak Beta SARL",
    lastName: "Soak-beta",
    subscriptions: [{ key: "e3", license: "Office 365 E3", quantity: 2 }],
  },
];

/** The second apply, and the state every run must end in: alpha's Business Standard from 3 to 5 seats. */
export const SEATS_CHANGED: World = CREATED.map((t) => ({
  ...t,
  subscriptions: t.subscriptions.map((s) =>
    t.key === "alpha" && s.key === "standard" ? { ...s, quantity: 5 } : s,
  ),
}));

export function hcl(world: World): string {
  const q = (s: string) => JSON.stringify(s);
  const blocks = [
    `terraform {\n  required_providers {\n    o365reseller = { source = ${q(PROVIDER_SOURCE)} }\n  }\n}`,
    `provider "o365reseller" {}`,
  ];
  for (const t of world) {
    blocks.push(`resource "o365reseller_tenant" ${q(t.key)} {
  display_name = ${q(t.displayName)}
  mpn_id       = ${q(MPN_ID)}
  contact = {
    first_name = ${q(CONTACT.firstName)}
    last_name  = ${q(t.lastName)}
    email      = ${q(CONTACT.email)}
    phone      = ${q(CONTACT.phone)}
    address    = ${q(CONTACT.address)}
    city       = ${q(CONTACT.city)}
    zip_code   = ${q(CONTACT.zipCode)}
  }
}`);
    for (const s of t.subscriptions) {
      blocks.push(`resource "o365reseller_subscription" ${q(`${t.key}_${s.key}`)} {
  tenant   = o365reseller_tenant.${t.key}.service_name
  license  = ${q(s.license)}
  quantity = ${s.quantity}
}`);
    }
  }
  return `${blocks.join("\n\n")}\n`;
}

export type PulumiModule = typeof import("o365-reseller/pulumi");

export function pulumiProgram(pkg: PulumiModule, world: World): PulumiFn {
  return async () => {
    for (const t of world) {
      const tenant = new pkg.Office365ResellerTenant(t.key, {
        displayName: t.displayName,
        mpnId: MPN_ID,
        contact: { ...CONTACT, lastName: t.lastName },
      });
      for (const s of t.subscriptions) {
        new pkg.Office365ResellerSubscription(`${t.key}-${s.key}`, {
          tenant: tenant.serviceName,
          license: s.license,
          quantity: s.quantity,
        });
      }
    }
    return {};
  };
}
