// `o365r accounts` lists the accounts file (where each account's credentials come from, whether they
// are set; never a secret). `o365r accounts check` verifies each account: the credentials resolve, the
// account is the one the file names, read calls succeed, and the consumer key's access rules cover
// what o365r and the providers do.
import { describeSources } from "../../ovh/index.js";
import { type AccountSpec, resolveAccount, selectAccounts } from "../lib/accounts.js";
import { withConnection } from "../lib/connect.js";
import { EXIT, messageOf } from "../lib/errors.js";
import { type CliIo, colorEnabled, say } from "../lib/io.js";
import { missingCapabilities } from "../lib/rights.js";
import { renderJson, renderTable } from "../render/formats.js";
import type { HandlerDeps } from "./inventory.js";

export interface AccountsOptions {
  accounts?: string | undefined;
  account?: string[] | undefined;
  json?: boolean | undefined;
}

export interface AccountListing {
  name: string;
  endpoint: string | null;
  nic: string | null;
  description: string | null;
  credentials: string;
  /** Whether the credentials resolve; the reason when they do not. */
  ready: boolean;
  problem?: string | undefined;
}

export async function runAccountsList(options: AccountsOptions, io: CliIo): Promise<number> {
  const selection = selectAccounts(options, io);
  const listing = selection.accounts.map((spec): AccountListing => {
    let problem: string | undefined;
    let endpoint = spec.endpoint ?? null;
    try {
      endpoint = resolveAccount(spec, io).endpoint.input;
    } catch (error) {
      problem = messageOf(error);
    }
    return {
      name: spec.name,
      endpoint,
      nic: spec.nic ?? null,
      description: spec.description ?? null,
      credentials: describeSource(spec),
      ready: problem === undefined,
      ...(problem !== undefined ? { problem } : {}),
    };
  });
  if (options.json) {
    io.stdout.write(renderJson({ file: selection.file ?? null, accounts: listing }));
  } else {
    if (selection.file === undefined)
      say(io, "no accounts file: the OVH_* environment and ovh.conf make one account.");
    io.stdout.write(
      renderTable(
        [
          { title: "account" },
          { title: "endpoint" },
          { title: "nic" },
          { title: "credentials from" },
          { title: "ready" },
        ],
        listing.map((a) => [a.name, a.endpoint, a.nic, a.credentials, a.ready ? "yes" : "NO"]),
        colorEnabled(io, io.stdout),
      ),
    );
    for (const a of listing) if (a.problem) say(io, a.problem);
  }
  return listing.every((a) => a.ready) ? EXIT.ok : EXIT.failure;
}

function describeSource(spec: AccountSpec): string {
  const c = spec.credentials;
  switch (c.kind) {
    case "ambient":
      return "OVH_* environment, then ovh.conf";
    case "ovhConf":
      return `${c.file} [${c.section}]`;
    case "env":
      return c.prefix !== undefined
        ? `environment ${c.prefix}OVH_*`
        : `environment ${Object.values(c.variables).join(", ")}`;
  }
}

export interface AccountCheck {
  name: string;
  ok: boolean;
  nic: string | null;
  endpoint: string | null;
  auth: "signature" | "oauth2" | null;
  /** Each verification with its outcome. */
  checks: Array<{ check: string; ok: boolean; detail?: string | undefined }>;
}

export async function runAccountsCheck(
  options: AccountsOptions,
  io: CliIo,
  deps: HandlerDeps = {},
): Promise<number> {
  const selection = selectAccounts(options, io);
  const results = await Promise.all(selection.accounts.map((spec) => checkAccount(spec, io, deps)));
  if (options.json) {
    io.stdout.write(renderJson({ file: selection.file ?? null, accounts: results }));
  } else {
    const lines: string[] = [];
    for (const r of results) {
      lines.push(`${r.ok ? "ok  " : "FAIL"} ${r.name}${r.nic ? ` (${r.nic}, ${r.endpoint})` : ""}`);
      for (const c of r.checks)
        lines.push(`     ${c.ok ? "✓" : "✗"} ${c.check}${c.detail ? `: ${c.detail}` : ""}`);
    }
    io.stdout.write(`${lines.join("\n")}\n`);
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.failure;
}

async function checkAccount(spec: AccountSpec, io: CliIo, deps: HandlerDeps): Promise<AccountCheck> {
  const result: AccountCheck = {
    name: spec.name,
    ok: false,
    nic: null,
    endpoint: null,
    auth: null,
    checks: [],
  };
  const step = (check: string, ok: boolean, detail?: string) => result.checks.push({ check, ok, detail });
  try {
    await withConnection(
      spec,
      io,
      async ({ api, client }) => {
        step("credentials resolve", true, describeSources(client.config));
        result.endpoint = client.endpoint.baseUrl;
        result.auth = client.authMethod;
        const me = await api.whoAmI();
        result.nic = me.nic;
        const sameAccount = spec.nic === undefined || spec.nic === me.nic;
        step(
          "who am I",
          sameAccount,
          sameAccount
            ? me.nic
            : `the credentials belong to ${me.nic}, not to ${spec.nic} as the accounts file says`,
        );
        await probe(step, "list tenants (GET /saas/csp2)", async () => {
          const names = await api.listTenantNames();
          return `${names.length} tenant${names.length === 1 ? "" : "s"}`;
        });
        await probe(step, "list orders (GET /me/order)", async () => {
          const now = io.now();
          const ids = await api.listOrders({ from: new Date(now.getTime() - 86_400_000), to: now });
          return `${ids.length} in the last day`;
        });
        try {
          const credential = await api.currentCredential();
          const missing = missingCapabilities(credential.rules);
          step(
            "access rules cover inventory, drift and the providers",
            missing.length === 0,
            missing.length === 0
              ? `${credential.rules.length} rule${credential.rules.length === 1 ? "" : "s"}`
              : `missing ${missing.map((m) => `${m.name} (${m.use}; rules ${m.rules.join(", ")})`).join("; ")}`,
          );
        } catch (error) {
          step(
            "access rules",
            client.authMethod === "oauth2",
            client.authMethod === "oauth2"
              ? "an OAuth2 service account's rights come from IAM policies; only the read calls above were verified"
              : messageOf(error),
          );
        }
      },
      deps.makeApi,
    );
  } catch (error) {
    step(result.checks.length === 0 ? "credentials resolve" : "who am I (GET /me)", false, messageOf(error));
  }
  result.ok = result.checks.every((c) => c.ok);
  return result;
}

async function probe(
  step: (check: string, ok: boolean, detail?: string) => void,
  check: string,
  fn: () => Promise<string>,
): Promise<void> {
  try {
    step(check, true, await fn());
  } catch (error) {
    step(check, false, messageOf(error));
  }
}
