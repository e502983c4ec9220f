// The account of a credential (`GET /me`: NIC handle and subsidiary), shared for a few minutes by the
// processes of the machine (the client's facts, machine-facts.ts): a consumer key never changes
// account, so a provider process started for each plan or apply need not ask again. `o365r accounts
// check` does not use this: there the call is the check.
import type { OvhClient } from "../ovh/client.js";
import type { Csp2Api, Identity } from "./types.js";

export async function knownAccount(client: OvhClient, api: Pick<Csp2Api, "whoAmI">): Promise<Identity> {
  const known = client.facts.get("account");
  if (isIdentity(known)) return known;
  const account = await api.whoAmI();
  client.facts.set("account", { nic: account.nic, subsidiary: account.subsidiary });
  return account;
}

function isIdentity(value: unknown): value is Identity {
  const v = value as Partial<Identity> | undefined;
  return typeof v?.nic === "string" && v.nic !== "" && typeof v.subsidiary === "string";
}
