import { describe, expect, it } from "vitest";
import {
  CLIENT_DEFAULTS,
  type ConfigSources,
  inspectConfig,
  OvhConfigError,
  resolveConfig,
} from "../../provider/ovh/index.js";
import { SECRETS } from "./fake.js";

const FULL_ENV = {
  OVH_APPLICATION_KEY: SECRETS.applicationKey,
  OVH_APPLICATION_SECRET: SECRETS.applicationSecret,
  OVH_CONSUMER_KEY: SECRETS.consumerKey,
};

/** Sources with an in-memory file system: /etc, home /home/u, cwd /work. */
function sources(files: Record<string, string>, rest: Partial<ConfigSources> = {}): ConfigSources {
  return {
    env: {},
    homeDir: "/home/u",
    cwd: "/work",
    readFile: (path) => files[path],
    ...rest,
  };
}

function errorOf(fn: () => unknown): OvhConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OvhConfigError) return error;
    throw error;
  }
  throw new Error("expected an OvhConfigError");
}

describe("resolveConfig precedence", () => {
  it("defaults the endpoint to ovh-eu and reads credentials from the environment", () => {
    const config = resolveConfig(sources({}, { env: FULL_ENV }));
    expect(config.endpoint.name).toBe("ovh-eu");
    expect(config.auth).toEqual({
      kind: "signature",
      ...pick(SECRETS, "applicationKey", "applicationSecret", "consumerKey"),
    });
    const endpoint = config.report.entries.find((e) => e.key === "OVH_ENDPOINT")!;
    expect(endpoint.source).toEqual({ kind: "default" });
    expect(endpoint.defaultValue).toBe("ovh-eu");
  });

  it("takes a credential set whole from the first layer holding any; the endpoint resolves on its own", () => {
    const files = {
      "/etc/ovh.conf":
        "[default]\nendpoint=ovh-ca\n[ovh-ca]\napplication_key=etc-ak\napplication_secret=etc-as\nconsumer_key=etc-ck\n",
      "/home/u/.ovh.conf": "[ovh-ca]\napplication_secret = home-as\nconsumer_key = home-ck\n",
      "/work/ovh.conf": "[ovh-ca]\nconsumer_key: local-ck\n",
    };
    // ovh.conf alone: the files merge per key, a later file winning (as OVHcloud's clients read them).
    const config = resolveConfig(sources(files));
    expect(config.endpoint.name).toBe("ovh-ca");
    expect(config.auth).toEqual({
      kind: "signature",
      applicationKey: "etc-ak",
      applicationSecret: "home-as",
      consumerKey: "local-ck",
    });
    const source = (c: typeof config, key: string) => c.report.entries.find((e) => e.key === key)!.sourceText;
    expect(source(config, "OVH_ENDPOINT")).toBe("/etc/ovh.conf [default]");
    expect(source(config, "OVH_APPLICATION_KEY")).toBe("/etc/ovh.conf [ovh-ca]");
    expect(source(config, "OVH_APPLICATION_SECRET")).toBe("/home/u/.ovh.conf [ovh-ca]");
    expect(source(config, "OVH_CONSUMER_KEY")).toBe("/work/ovh.conf [ovh-ca]");
    expect(config.report.filesRead).toEqual(["/etc/ovh.conf", "/home/u/.ovh.conf", "/work/ovh.conf"]);
    expect(config.report.credentialsFrom).toBe("ovh.conf");

    // A complete set in the environment: ovh.conf's credentials are not mixed in, but its endpoint is
    // still the one used (no layer above names one).
    const fromEnv = resolveConfig(sources(files, { env: FULL_ENV }));
    expect(fromEnv.endpoint.name).toBe("ovh-ca");
    expect(fromEnv.auth).toMatchObject({
      applicationKey: SECRETS.applicationKey,
      consumerKey: SECRETS.consumerKey,
    });
    expect(source(fromEnv, "OVH_CONSUMER_KEY")).toBe("environment OVH_CONSUMER_KEY");
    expect(fromEnv.report.unused).toEqual([
      "application_key in /etc/ovh.conf [ovh-ca]",
      "application_secret in /home/u/.ovh.conf [ovh-ca]",
      "consumer_key in /work/ovh.conf [ovh-ca]",
    ]);

    // Given in code (a provider block): its endpoint wins over OVH_ENDPOINT, its set over the environment.
    const explicit = resolveConfig(
      sources(files, {
        env: { ...FULL_ENV, OVH_ENDPOINT: "ovh-eu" },
        explicit: {
          endpoint: "ovh-ca",
          applicationKey: "ak",
          applicationSecret: "as",
          consumerKey: "given-ck",
        },
      }),
    );
    expect(explicit.endpoint.name).toBe("ovh-ca");
    expect(explicit.auth.kind === "signature" && explicit.auth.consumerKey).toBe("given-ck");
    expect(source(explicit, "OVH_CONSUMER_KEY")).toBe("`consumerKey` (the client options)");
  });

  it("refuses a partial set instead of completing it from a lower layer", () => {
    const error = errorOf(() =>
      resolveConfig(sources({}, { env: FULL_ENV, explicit: { consumerKey: "given-ck" } })),
    );
    expect(error.message).toBe(
      "In the client options, `consumerKey` is set but not `applicationKey` and `applicationSecret`. " +
        "A credential set comes whole from one place (the client options, else the OVH_* environment " +
        "variables, else ovh.conf): add `applicationKey` and `applicationSecret` there, or remove " +
        "`consumerKey` to take the whole set from the OVH_* environment variables or ovh.conf.",
    );
    expect(error.variables).toEqual(["OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET"]);
  });

  it("uses a complete set of one method above a set of the other, without calling it a mix", () => {
    const files = { "/home/u/.ovh.conf": "[ovh-eu]\nclient_id=cid\nclient_secret=cs-secret-1\n" };
    const config = resolveConfig(sources(files, { env: FULL_ENV }));
    expect(config.auth.kind).toBe("signature");
    expect(config.report.unused).toEqual([
      "client_id in /home/u/.ovh.conf [ovh-eu]",
      "client_secret in /home/u/.ovh.conf [ovh-eu]",
    ]);
  });

  it("takes the credentials from the section named after the endpoint, also for a URL endpoint", () => {
    const url = "http://127.0.0.1:43123/1.0";
    const files = {
      "/work/ovh.conf": `[default]\nendpoint=${url}\n[${url}]\nclient_id=cid\nclient_secret="quoted secret"\n[ovh-eu]\nclient_id=wrong\n`,
    };
    const config = resolveConfig(sources(files));
    expect(config.endpoint.baseUrl).toBe(url);
    expect(config.auth).toEqual({
      kind: "oauth2",
      clientId: "cid",
      clientSecret: "quoted secret",
      tokenUrl: "http://127.0.0.1:43123/auth/oauth2/token",
    });
  });

  it("treats empty environment variables as unset", () => {
    const config = resolveConfig(sources({}, { env: { ...FULL_ENV, OVH_ENDPOINT: "", OVH_CLIENT_ID: " " } }));
    expect(config.endpoint.name).toBe("ovh-eu");
    expect(config.auth.kind).toBe("signature");
  });

  it("shows tuning defaults and overrides with their sources", () => {
    const config = resolveConfig(sources({}, { env: FULL_ENV, tuning: { requestsPerMinute: 30 } }));
    expect(config.tuning).toEqual({ ...CLIENT_DEFAULTS, requestsPerMinute: 30 });
    const rpm = config.report.entries.find((e) => e.key === "requestsPerMinute")!;
    expect(rpm).toMatchObject({
      display: "30",
      sourceText: "`requestsPerMinute` (the client options)",
      defaultValue: "60",
    });
    const attempts = config.report.entries.find((e) => e.key === "maxAttempts")!;
    expect(attempts).toMatchObject({ display: "5", sourceText: "default" });
  });
});

describe("tuning by layers", () => {
  it("takes the pace from the provider block, else O365R_REQUESTS_PER_MINUTE, else the default", () => {
    const rpm = (c: ReturnType<typeof resolveConfig>) =>
      c.report.entries.find((e) => e.key === "requestsPerMinute")!;
    const env = { ...FULL_ENV, O365R_REQUESTS_PER_MINUTE: "600" };
    const fromEnv = resolveConfig(sources({}, { env }));
    expect(fromEnv.tuning.requestsPerMinute).toBe(600);
    expect(rpm(fromEnv).sourceText).toBe("environment O365R_REQUESTS_PER_MINUTE");
    const stack = resolveConfig(
      sources(
        {},
        {
          env,
          layers: [
            {
              kind: "provider",
              title: "the stack config",
              name: (f) => `o365-reseller:${f}`,
              values: {},
              tuning: { requestsPerMinute: 90 },
            },
          ],
        },
      ),
    );
    expect(stack.tuning.requestsPerMinute).toBe(90);
    expect(rpm(stack).sourceText).toBe("o365-reseller:requestsPerMinute (the stack config)");
    expect(resolveConfig(sources({}, { env: FULL_ENV })).tuning.requestsPerMinute).toBe(60);
  });

  it("refuses a pace that is not a positive number, naming where it is set", () => {
    const error = errorOf(() =>
      resolveConfig(sources({}, { env: { ...FULL_ENV, O365R_REQUESTS_PER_MINUTE: "fast" } })),
    );
    expect(error.message).toBe(
      'O365R_REQUESTS_PER_MINUTE must be a positive number of requests per minute; got "fast".',
    );
  });
});

describe("resolveConfig refusals", () => {
  it("names every variable when no credentials are found", () => {
    const error = errorOf(() => resolveConfig(sources({})));
    expect(error.message).toMatch(/No OVHcloud credentials found/);
    for (const v of [
      "OVH_APPLICATION_KEY",
      "OVH_APPLICATION_SECRET",
      "OVH_CONSUMER_KEY",
      "OVH_CLIENT_ID",
      "OVH_CLIENT_SECRET",
    ]) {
      expect(error.message).toContain(v);
      expect(error.variables).toContain(v);
    }
  });

  it("names the missing variable of an incomplete application key set, and the layer below", () => {
    const error = errorOf(() =>
      resolveConfig(sources({}, { env: { OVH_APPLICATION_KEY: "ak", OVH_APPLICATION_SECRET: "as-1234" } })),
    );
    expect(error.message).toBe(
      "In the environment, OVH_APPLICATION_KEY and OVH_APPLICATION_SECRET are set but not OVH_CONSUMER_KEY. " +
        "A credential set comes whole from one place (the OVH_* environment variables, else ovh.conf): " +
        "set OVH_CONSUMER_KEY too, or unset OVH_APPLICATION_KEY and OVH_APPLICATION_SECRET to take the " +
        "whole set from ovh.conf.",
    );
    expect(error.variables).toEqual(["OVH_CONSUMER_KEY"]);
  });

  it("names the missing half of an OAuth2 pair in ovh.conf, with the file to add it to", () => {
    const files = { "/home/u/.ovh.conf": "[ovh-eu]\nclient_id=cid\n" };
    const error = errorOf(() => resolveConfig(sources(files)));
    expect(error.message).toBe(
      "In ovh.conf (/home/u/.ovh.conf [ovh-eu]), client_id is set but not client_secret. A credential set " +
        "comes whole from one place (the OVH_* environment variables, else ovh.conf): add client_secret to " +
        "/home/u/.ovh.conf [ovh-eu].",
    );
  });

  it("refuses two methods in one layer, naming both sets there", () => {
    const files = {
      "/home/u/.ovh.conf": "[ovh-eu]\napplication_key=ak\napplication_secret=as\nconsumer_key=ck\n",
      "/work/ovh.conf": "[ovh-eu]\nclient_id=cid\nclient_secret=cs-secret-1\n",
    };
    const error = errorOf(() => resolveConfig(sources(files)));
    expect(error.message).toMatch(
      /^Two authentication methods are configured at once in ovh.conf: an application key set \(application_key, application_secret, consumer_key\) and OAuth2 client credentials \(client_id, client_secret\)/,
    );
    expect(error.variables).toEqual(expect.arrayContaining(["OVH_CLIENT_ID", "OVH_APPLICATION_KEY"]));
  });

  it("says which variables to unset (or lines to remove) to keep either method", () => {
    const env = { ...FULL_ENV, OVH_CLIENT_ID: "cid", OVH_CLIENT_SECRET: "cs-secret-1" };
    const error = errorOf(() => resolveConfig(sources({}, { env })));
    expect(error.message).toContain(
      "To sign with the application key, unset OVH_CLIENT_ID and OVH_CLIENT_SECRET; to use the OAuth2 service account, unset OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY.",
    );
    const files = {
      "/home/u/.ovh.conf":
        "[ovh-eu]\nclient_id=cid\nclient_secret=cs-secret-1\napplication_key=ak\napplication_secret=as\n",
      "/work/ovh.conf": "[ovh-eu]\nconsumer_key=ck\n",
    };
    const fromFile = errorOf(() => resolveConfig(sources(files)));
    expect(fromFile.message).toContain(
      "To sign with the application key, remove client_id and client_secret from /home/u/.ovh.conf [ovh-eu]; to use the OAuth2 service account, remove application_key and application_secret from /home/u/.ovh.conf [ovh-eu] and remove consumer_key from /work/ovh.conf [ovh-eu].",
    );
  });

  it("refuses an unknown endpoint name", () => {
    const error = errorOf(() =>
      resolveConfig(sources({}, { env: { ...FULL_ENV, OVH_ENDPOINT: "ovh-mars" } })),
    );
    expect(error.message).toMatch(/Unknown OVHcloud endpoint "ovh-mars".*environment OVH_ENDPOINT/);
  });

  it("refuses plain http to a non-loopback host", () => {
    const error = errorOf(() =>
      resolveConfig(sources({}, { env: { ...FULL_ENV, OVH_ENDPOINT: "http://203.0.113.7:8080/1.0" } })),
    );
    expect(error.message).toMatch(/Refusing plain http:\/\/ to 203\.0\.113\.7:8080/);
  });

  it("refuses OAuth2 where OVHcloud has no token URL", () => {
    const error = errorOf(() =>
      resolveConfig(
        sources({}, { env: { OVH_ENDPOINT: "ks-eu", OVH_CLIENT_ID: "c", OVH_CLIENT_SECRET: "s-1234" } }),
      ),
    );
    expect(error.message).toMatch(/OAuth2 service accounts are not available on ks-eu/);
  });

  it.each([
    ["a line without =", "[ovh-eu]\napplication_key\n", /line 2.*key = value/],
    ["an unterminated section", "[default\nendpoint=ovh-eu\n", /section header.*line 1/],
    ["a key before any section", "endpoint=ovh-eu\n", /line 1.*before any \[section\]/],
  ])("reports a malformed ovh.conf (%s) with file and line", (_name, text, pattern) => {
    const error = errorOf(() => resolveConfig(sources({ "/home/u/.ovh.conf": text }, { env: FULL_ENV })));
    expect(error.message).toMatch(/\/home\/u\/\.ovh\.conf/);
    expect(error.message).toMatch(pattern);
  });

  it("lists every problem at once", () => {
    const error = errorOf(() =>
      resolveConfig(
        sources(
          { "/work/ovh.conf": "oops\n" },
          { env: { OVH_ENDPOINT: "nowhere" }, tuning: { maxAttempts: 0 } },
        ),
      ),
    );
    expect(error.message.split("\n- ").length).toBeGreaterThanOrEqual(4);
  });
});

describe("the config report never holds a secret", () => {
  it("shows secrets as (set, hidden) in entries, problems and messages", () => {
    const files = {
      "/work/ovh.conf": `[ovh-eu]\nclient_secret=${SECRETS.clientSecret}\nclient_id=${SECRETS.clientId}\n`,
    };
    const env = { ...FULL_ENV, OVH_CLIENT_ID: SECRETS.clientId, OVH_CLIENT_SECRET: SECRETS.clientSecret };
    const report = inspectConfig(sources(files, { env }));
    const text = JSON.stringify(report);
    for (const secret of [SECRETS.applicationSecret, SECRETS.consumerKey, SECRETS.clientSecret]) {
      expect(text).not.toContain(secret);
    }
    expect(report.entries.find((e) => e.key === "OVH_CONSUMER_KEY")!.display).toBe("(set, hidden)");
    expect(report.entries.find((e) => e.key === "OVH_APPLICATION_KEY")!.display).toBe(SECRETS.applicationKey);
    expect(report.problems.length).toBe(1);
    const error = errorOf(() => resolveConfig(sources(files, { env })));
    for (const secret of [SECRETS.applicationSecret, SECRETS.consumerKey, SECRETS.clientSecret]) {
      expect(error.message).not.toContain(secret);
    }
  });
});

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
