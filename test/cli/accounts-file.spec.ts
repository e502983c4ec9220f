// The accounts file: where credentials come from, and one-line errors naming the file and the account.
import { afterAll, describe, expect, it } from "vitest";
import { loadAccountsFile, resolveAccount, selectAccounts } from "../../provider/cli/lib/accounts.js";
import { CliError } from "../../provider/cli/lib/errors.js";
import { isGranted, missingCapabilities } from "../../provider/cli/lib/rights.js";
import { captureIo, tempDir, writeFile } from "./harness.js";

const ENDPOINT = "http://127.0.0.1:9/1.0";

function fails(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).not.toContain("\n");
    return error as CliError;
  }
  throw new Error("expected an error");
}

describe("accounts file", () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const file = (name: string, text: string) => writeFile(t.dir, name, text);

  it("reads env, envPrefix and ovh.conf sources and tuning", () => {
    const conf = file(
      "ovh.conf",
      `[default]\nendpoint = ovh-eu\n\n[reseller-ca]\nendpoint = ${ENDPOINT}\nclient_id = EU.abc\nclient_secret = s3cr3t\n`,
    );
    const path = file(
      "a.yaml",
      `version: 1
accounts:
  eu-main:
    endpoint: ${ENDPOINT}
    nic: ab12345-ovh
    credentials:
      envPrefix: EU_
    requestsPerMinute: 120
    pageSize: 500
  ca:
    credentials:
      ovhConf: ./ovh.conf
      section: reseller-ca
  plain:
    endpoint: ${ENDPOINT}
    credentials:
      env: { applicationKey: AK, applicationSecret: AS, consumerKey: CK }
`,
    );
    const specs = loadAccountsFile(path);
    expect(specs.map((s) => s.name)).toEqual(["eu-main", "ca", "plain"]);
    expect(specs[0]).toMatchObject({ nic: "ab12345-ovh", tuning: { requestsPerMinute: 120, pageSize: 500 } });
    expect(specs[1]!.credentials).toEqual({ kind: "ovhConf", file: conf, section: "reseller-ca" });
    const { io } = captureIo({
      env: {
        EU_OVH_APPLICATION_KEY: "ak",
        EU_OVH_APPLICATION_SECRET: "as",
        EU_OVH_CONSUMER_KEY: "ck",
        AK: "a",
        AS: "b",
        CK: "c",
      },
    });
    expect(resolveAccount(specs[0]!, io)).toMatchObject({
      auth: { kind: "signature", applicationKey: "ak" },
      tuning: { requestsPerMinute: 120, pageSize: 500 },
    });
    // The page size in effect is in the config report, with its source.
    expect(resolveAccount(specs[0]!, io).report.entries.find((e) => e.key === "pageSize")).toMatchObject({
      display: "500",
      defaultValue: "5000",
    });
    expect(resolveAccount(specs[1]!, io)).toMatchObject({ auth: { kind: "oauth2", clientId: "EU.abc" } });
    expect(resolveAccount(specs[2]!, io).endpoint.baseUrl).toBe(ENDPOINT);
  });

  it("never falls back to the ambient OVH_* credentials for a named account", () => {
    const path = file(
      "b.yaml",
      `accounts:\n  a:\n    endpoint: ${ENDPOINT}\n    credentials: { envPrefix: A_ }\n`,
    );
    const { io } = captureIo({
      env: { OVH_APPLICATION_KEY: "x", OVH_APPLICATION_SECRET: "y", OVH_CONSUMER_KEY: "z" },
    });
    const error = fails(() => resolveAccount(loadAccountsFile(path)[0]!, io));
    expect(error.message).toBe(
      `account a (${path}): No OVHcloud credentials found. Set A_OVH_APPLICATION_KEY, A_OVH_APPLICATION_SECRET and A_OVH_CONSUMER_KEY (an API application and a validated consumer key), or A_OVH_CLIENT_ID and A_OVH_CLIENT_SECRET (an OAuth2 service account).`,
    );
    expect(error.exitCode).toBe(1);
  });

  it.each([
    ["missing.yaml", null, /^accounts file .*missing\.yaml not found\. Create it/],
    ["bad.yaml", "accounts: [\n", /^accounts file .*bad\.yaml is not valid YAML: /],
    [
      "dup.yaml",
      "accounts:\n  a: {credentials: {envPrefix: A_}}\n  a: {credentials: {envPrefix: B_}}\n",
      /is not valid YAML: .*[Mm]ap keys must be unique/,
    ],
    ["empty.yaml", "accounts: {}\n", /accounts: expected a mapping of account names/],
    [
      "secret.yaml",
      "accounts:\n  a:\n    consumerKey: abcdef\n    credentials: {envPrefix: A_}\n",
      /accounts\.a\.consumerKey: the accounts file must not hold secrets/,
    ],
    [
      "mix.yaml",
      "accounts:\n  a:\n    credentials: {envPrefix: A_, ovhConf: x, section: y}\n",
      /accounts\.a\.credentials: envPrefix and ovhConf given/,
    ],
    [
      "half.yaml",
      "accounts:\n  a:\n    credentials: {env: {applicationKey: AK}}\n",
      /accounts\.a\.credentials\.env: name applicationKey, applicationSecret and consumerKey/,
    ],
    [
      "var.yaml",
      "accounts:\n  a:\n    credentials: {env: {clientId: 'EU.123', clientSecret: S}}\n",
      /accounts\.a\.credentials\.env\.clientId: expected the NAME of an environment variable/,
    ],
    [
      "newer.yaml",
      "version: 2\naccounts:\n  a: {credentials: {envPrefix: A_}}\n",
      /version: version 2 is not known to this o365r/,
    ],
  ])("%s: one line naming the file and what is wrong", (name, text, pattern) => {
    const path = text === null ? `${t.dir}/${name}` : file(name, text);
    const error = fails(() => loadAccountsFile(path));
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain(path);
    expect(error.exitCode).toBe(1);
  });

  it("names a missing ovh.conf file or section, and a missing variable", () => {
    const path = file(
      "c.yaml",
      `accounts:
  nofile:
    credentials: { ovhConf: ./nope.conf, section: x }
  nosection:
    credentials: { ovhConf: ./ovh2.conf, section: other }
  novar:
    endpoint: ${ENDPOINT}
    credentials: { env: { applicationKey: AK, applicationSecret: AS, consumerKey: MISSING_CK } }
`,
    );
    file("ovh2.conf", "[default]\nendpoint = ovh-eu\n");
    const [nofile, nosection, novar] = loadAccountsFile(path);
    const { io } = captureIo({ env: { AK: "a", AS: "b" } });
    expect(fails(() => resolveAccount(nofile!, io)).message).toBe(
      `account nofile (${path}): ovh.conf file ${t.dir}/nope.conf not found.`,
    );
    expect(fails(() => resolveAccount(nosection!, io)).message).toBe(
      `account nosection (${path}): ovh.conf file ${t.dir}/ovh2.conf has no [other] section (it has [default]).`,
    );
    expect(fails(() => resolveAccount(novar!, io)).message).toBe(
      `account novar (${path}): In the environment, AK and AS are set but not MISSING_CK. A credential set comes whole from one place: set MISSING_CK too.`,
    );
  });

  it("applies the providers' rule inside the place an account names: whole sets, its own spelling, endpoint by layer", () => {
    const conf = file(
      "rule.conf",
      "[half]\nendpoint = ovh-ca\nconsumer_key = ck\n[both]\napplication_key = a\napplication_secret = b\nconsumer_key = c\nclient_id = d\nclient_secret = e\n",
    );
    const path = file(
      "rule.yaml",
      `accounts:
  half: { credentials: { ovhConf: ${conf}, section: half } }
  both: { credentials: { ovhConf: ${conf}, section: both } }
  prefixed: { endpoint: ${ENDPOINT}, credentials: { envPrefix: P_ } }
`,
    );
    const [half, both, prefixed] = loadAccountsFile(path);
    const { io } = captureIo({
      env: {
        P_OVH_ENDPOINT: "ovh-us",
        P_OVH_APPLICATION_KEY: "a",
        P_OVH_APPLICATION_SECRET: "b",
        P_OVH_CONSUMER_KEY: "c",
        // Never read for a named account.
        OVH_APPLICATION_KEY: "x",
        OVH_APPLICATION_SECRET: "y",
      },
    });
    expect(fails(() => resolveAccount(half!, io)).message).toBe(
      `account half (${path}): In ovh.conf (${conf} [half]), consumer_key is set but not application_key and application_secret. ` +
        `A credential set comes whole from one place: add application_key and application_secret to ${conf} [half].`,
    );
    expect(fails(() => resolveAccount(both!, io)).message).toContain(
      `Two authentication methods are configured at once in ovh.conf: an application key set (application_key, application_secret, consumer_key) and OAuth2 client credentials (client_id, client_secret). OVHcloud's tools refuse this mix, and so does o365-reseller: keep one. To sign with the application key, remove client_id and client_secret from ${conf} [both];`,
    );
    // The accounts file's endpoint is the account's provider block: it wins over P_OVH_ENDPOINT.
    const config = resolveAccount(prefixed!, io);
    expect(config.endpoint.baseUrl).toBe(ENDPOINT);
    expect(config.report.entries.find((e) => e.key === "OVH_ENDPOINT")?.sourceText).toBe(
      `endpoint (account prefixed of ${path})`,
    );
    expect(config.report.credentialsFrom).toBe("the environment");
  });

  it("selects accounts: O365R_ACCOUNTS, ./o365r.accounts.yaml, else the ambient account; unknown names are usage errors", () => {
    const path = file(
      "sel.yaml",
      "accounts:\n  a: {credentials: {envPrefix: A_}}\n  b: {credentials: {envPrefix: B_}}\n",
    );
    const viaEnv = captureIo({ env: { O365R_ACCOUNTS: path }, cwd: "/" }).io;
    expect(selectAccounts({}, viaEnv).accounts.map((a) => a.name)).toEqual(["a", "b"]);
    expect(selectAccounts({ account: ["b"] }, viaEnv).accounts.map((a) => a.name)).toEqual(["b"]);
    const unknown = fails(() => selectAccounts({ account: ["c"] }, viaEnv));
    expect(unknown.exitCode).toBe(64);
    expect(unknown.message).toBe(`unknown account c: ${path} defines a, b.`);

    const empty = tempDir();
    const ambient = captureIo({ env: {}, cwd: empty.dir }).io;
    expect(selectAccounts({}, ambient)).toEqual({
      file: undefined,
      accounts: [{ name: "default", credentials: { kind: "ambient" }, tuning: {} }],
    });
    expect(fails(() => selectAccounts({ account: ["x"] }, ambient)).exitCode).toBe(64);
    writeFile(empty.dir, "o365r.accounts.yaml", "accounts:\n  here: {credentials: {envPrefix: H_}}\n");
    expect(selectAccounts({}, ambient).accounts.map((a) => a.name)).toEqual(["here"]);
    empty.cleanup();
  });
});

describe("access rules", () => {
  it("matches OVHcloud's wildcard rules", () => {
    expect(isGranted([{ method: "GET", path: "/saas/csp2/*" }], "GET", "/saas/csp2/x/subscription")).toBe(
      true,
    );
    expect(isGranted([{ method: "GET", path: "/saas/csp2/*" }], "GET", "/saas/csp2")).toBe(false);
    expect(isGranted([{ method: "get", path: "/*" }], "GET", "/me")).toBe(true);
    expect(
      missingCapabilities(["GET", "POST", "PUT", "DELETE"].map((method) => ({ method, path: "/*" }))),
    ).toEqual([]);
    expect(
      missingCapabilities([
        { method: "GET", path: "/*" },
        { method: "PUT", path: "/saas/csp2/*" },
      ]).map((c) => c.name),
    ).toEqual([
      "read licence prices from a cart",
      "buy, change and cancel subscriptions",
      "order tenants (carts)",
      "read and pay orders",
    ]);
  });
});
