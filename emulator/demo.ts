// `--demo`: one reseller account with two tenants and a few subscriptions (some inside Microsoft's
// 168-hour window, some outside). Seeded once per data directory; a restart with the same data
// reprints the same credentials.
import { type AccountCredentials, createAccount, seedTenant } from "./admin/seed.js";
import type { State } from "./core/state.js";

export interface DemoAccount extends AccountCredentials {
  tenants: string[];
}

export function ensureDemo(state: State, now: number): DemoAccount {
  if (state.demo) {
    const { nic, consumerKey, clientId } = state.demo;
    const application = Object.values(state.applications).find((a) => a.nic === nic)!;
    return {
      nic,
      applicationKey: application.applicationKey,
      applicationSecret: application.applicationSecret,
      consumerKey,
      clientId,
      clientSecret: state.oauthClients[clientId]!.clientSecret,
      tenants: Object.values(state.tenants)
        .filter((t) => t.nic === nic && t.deletedAt === null)
        .map((t) => t.serviceName),
    };
  }
  const account = createAccount(state, { firstname: "Demo", name: "Reseller" }, now);
  const contoso = seedTenant(
    state,
    {
      account: account.nic,
      displayName: "Contoso Demo GmbH",
      firstName: "Max",
      lastName: "Mustermann",
      email: "it@contoso-demo.invalid",
      city: "Berlin",
      zipCode: "10115",
      address: "Beispielstraße 1",
      subscriptions: [
        { license: "Microsoft 365 Business Standard", quantity: 25, purchasedHoursAgo: 720 },
        {
          license: "Microsoft 365 Business Premium",
          quantity: 5,
          purchasedHoursAgo: 24,
          addons: [{ license: "Microsoft Teams Phone Standard", quantity: 5, purchasedHoursAgo: 24 }],
        },
      ],
    },
    now,
  );
  const fabrikam = seedTenant(
    state,
    {
      account: account.nic,
      displayName: "Fabrikam Demo SARL",
      firstName: "Camille",
      lastName: "Martin",
      email: "admin@fabrikam-demo.invalid",
      subscriptions: [
        { license: "Office 365 E3", quantity: 50, purchasedHoursAgo: 2000 },
        { license: "Exchange Online (Plan 1)", quantity: 10, purchasedHoursAgo: 100 },
      ],
    },
    now,
  );
  state.demo = { nic: account.nic, consumerKey: account.consumerKey, clientId: account.clientId };
  return { ...account, tenants: [contoso.serviceName, fabrikam.serviceName] };
}
