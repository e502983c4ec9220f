// An emulator with one account per layer and method (`env-oauth-ovh`, …) and what each front end is
// given for a row of the credential table: stack config, provider arguments, a resource's
// `credentials`, OVH_* variables, an ovh.conf file. The account that signs names the layer and method.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { type Content, KEYS_OF, type Key, LAYERS, type Layer, nicOf, type Row } from "./credential-table.js";

/** What a front end did with a row: the accounts whose credentials reached the API, or its refusal. */
export type Observation = { signedBy: string[] } | { refusal: string };

export const CAMEL: Record<Key, string> = {
  application_key: "applicationKey",
  application_secret: "applicationSecret",
  consumer_key: "consumerKey",
  client_id: "clientId",
  client_secret: "clientSecret",
};
export const ALL_KEYS = Object.keys(CAMEL) as Key[];
export const envName = (key: Key) => `OVH_${key.toUpperCase()}`;

export interface CredentialWorld {
  em: EmulatorHandle;
  /** A tenant every account can be asked about (it belongs to `provider-sig-ovh`). */
  tenant: string;
  /** A temporary directory, removed by close(). */
  dir: string;
  /** The values a layer holds in a row, by ovh.conf key. */
  values(row: Row, layer: Layer): Partial<Record<Key, string>>;
  /** The same with the code names (applicationKey …), for Pulumi's stack config and `credentials`. */
  camel(row: Row, layer: Layer): Record<string, string>;
  /** OVH_* for the row: the endpoint always, the credentials of its env layer, every other one empty. */
  env(row: Row): Record<string, string>;
  /** The ovh.conf text of the row's file layer (the endpoint is in [default] either way). */
  ovhConf(row: Row): string;
  /** Who signed the API calls since the last clear (the emulator's call log). */
  signers(): string[];
  close(): Promise<void>;
}

export async function startCredentialWorld(): Promise<CredentialWorld> {
  const em = await startEmulator({ port: 0, taskSeconds: 0.2, orderStepSeconds: 0.2, log: () => {} });
  const accounts = new Map<string, AccountCredentials>();
  for (const layer of LAYERS) {
    for (const method of ["sig", "oauth"] as const) {
      const nic = nicOf(layer, method);
      accounts.set(nic, em.createAccount({ nic }));
    }
  }
  const tenant = em.createTenant({ account: nicOf("provider", "sig"), displayName: "Credential table" });
  const dir = mkdtempSync(join(tmpdir(), "o365r-credentials-"));

  const values = (row: Row, layer: Layer): Partial<Record<Key, string>> => {
    const content: Content | undefined = row.layers[layer];
    if (!content) return {};
    const sig = accounts.get(nicOf(layer, "sig"))!;
    const oauth = accounts.get(nicOf(layer, "oauth"))!;
    const all: Record<Key, string> = {
      application_key: sig.applicationKey,
      application_secret: sig.applicationSecret,
      consumer_key: sig.consumerKey,
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
    };
    return Object.fromEntries(KEYS_OF[content].map((k) => [k, all[k]]));
  };
  return {
    em,
    tenant: tenant.serviceName,
    dir,
    values,
    camel: (row, layer) =>
      Object.fromEntries(Object.entries(values(row, layer)).map(([k, v]) => [CAMEL[k as Key], v])),
    env: (row) => {
      const own = values(row, "env");
      return {
        OVH_ENDPOINT: em.url,
        ...Object.fromEntries(ALL_KEYS.map((k) => [envName(k), own[k] ?? ""])),
      };
    },
    ovhConf: (row) => {
      const own = values(row, "file");
      const lines = Object.entries(own).map(([k, v]) => `${k} = ${v}`);
      return `[default]\nendpoint = ${em.url}\n\n[${em.url}]\n${lines.join("\n")}\n`;
    },
    signers: () => {
      const byAccount = new Map<string, number[]>();
      for (const c of em.calls()) {
        if (c.account === null) continue;
        byAccount.set(c.account, [...(byAccount.get(c.account) ?? []), c.status]);
      }
      // An account whose every call was refused as unauthenticated did not really sign (a key of one
      // account with another's secret): say so.
      return [...byAccount].map(([account, statuses]) =>
        statuses.every((s) => s === 400 || s === 401 || s === 403)
          ? `${account} (refused: HTTP ${statuses[0]})`
          : account,
      );
    },
    close: async () => {
      await em.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a row's ovh.conf as `file` (e.g. HOME/.ovh.conf). */
export function writeOvhConf(world: CredentialWorld, row: Row, file: string): void {
  writeFileSync(file, world.ovhConf(row));
}
