// Which credentials a resource uses: its own, else the stack config, else OVH_* / ovh.conf; a set of
// credentials is taken whole from one layer.
import { afterEach, describe, expect, it } from "vitest";
import {
  configureFromStack,
  credentialProblems,
  credentialsInput,
  credentialsProblem,
  resolveFor,
  unknownStackKeys,
} from "../../provider/pulumi/session.js";

const stack = (values: Record<string, string>) => configureFromStack((k) => values[k]);
const SIG = { applicationKey: "ak", applicationSecret: "as", consumerKey: "ck" };
const ENV = {
  OVH_ENDPOINT: "ovh-ca",
  OVH_APPLICATION_KEY: "env-ak",
  OVH_APPLICATION_SECRET: "env-as",
  OVH_CONSUMER_KEY: "env-ck",
};

afterEach(() => stack({}));

describe("credentials precedence", () => {
  it("uses the environment when neither the resource nor the stack config has credentials", () => {
    const config = resolveFor(undefined, ENV);
    expect(config.endpoint.name).toBe("ovh-ca");
    expect(config.auth).toMatchObject({ kind: "signature", applicationKey: "env-ak" });
  });

  it("prefers the stack config (o365-reseller:*) over the environment", () => {
    stack({
      "o365-reseller:endpoint": "ovh-eu",
      "o365-reseller:applicationKey": "cfg-ak",
      "o365-reseller:applicationSecret": "cfg-as",
      "o365-reseller:consumerKey": "cfg-ck",
    });
    const config = resolveFor(undefined, ENV);
    expect(config.endpoint.name).toBe("ovh-eu");
    expect(config.auth).toMatchObject({ applicationKey: "cfg-ak", consumerKey: "cfg-ck" });
  });

  it("prefers the resource's own credentials over the stack config, endpoint included", () => {
    stack({
      "o365-reseller:endpoint": "ovh-eu",
      "o365-reseller:clientId": "id",
      "o365-reseller:clientSecret": "s",
    });
    const config = resolveFor({ ...SIG, endpoint: "http://127.0.0.1:9/1.0" }, ENV);
    expect(config.endpoint.baseUrl).toBe("http://127.0.0.1:9/1.0");
    expect(config.auth).toMatchObject({ kind: "signature", applicationKey: "ak" });
  });

  it("takes a set of credentials whole: OAuth2 in the stack config does not mix with keys in the environment", () => {
    stack({ "o365-reseller:clientId": "id", "o365-reseller:clientSecret": "secret" });
    const config = resolveFor(undefined, ENV);
    expect(config.auth).toMatchObject({ kind: "oauth2", clientId: "id" });
    // The endpoint still comes from the environment when the config names none.
    expect(config.endpoint.name).toBe("ovh-ca");
  });

  it("reads o365-reseller:requestsPerMinute as the client's pace", () => {
    stack({ "o365-reseller:requestsPerMinute": "600" });
    expect(resolveFor(SIG, {}).tuning.requestsPerMinute).toBe(600);
    stack({});
    expect(resolveFor(SIG, {}).tuning.requestsPerMinute).toBe(60);
  });

  it("names what is missing without showing any value", () => {
    // A set comes whole from one place: the message names the missing field there, not OVH_* variables.
    expect(() => resolveFor({ applicationKey: "ak", applicationSecret: "very-secret" }, {})).toThrow(
      "In the resource's credentials, credentials.applicationKey and credentials.applicationSecret are set but not credentials.consumerKey. " +
        "A credential set comes whole from one place (the resource's credentials, else the stack config, else the OVH_* environment variables, else ovh.conf): " +
        "add credentials.consumerKey there, or remove credentials.applicationKey and credentials.applicationSecret to take the whole set from the stack config, the OVH_* environment variables or ovh.conf.",
    );
    configureFromStack((k) => (k === "o365-reseller:clientId" ? "cid" : undefined));
    expect(() => resolveFor(undefined, ENV)).toThrow(
      "In the stack config, o365-reseller:clientId is set but not o365-reseller:clientSecret.",
    );
    configureFromStack(() => undefined);
    try {
      resolveFor({ applicationKey: "ak", applicationSecret: "very-secret" }, {});
    } catch (error) {
      expect((error as Error).message).not.toContain("very-secret");
    }
  });

  it("without credentials anywhere, names the stack config keys and the other places", () => {
    configureFromStack(() => undefined);
    const problem = credentialsProblem(undefined, {}) ?? "";
    expect(problem).toContain(
      "No OVHcloud credentials found. Set the stack config o365-reseller:applicationKey, o365-reseller:applicationSecret and o365-reseller:consumerKey",
    );
    expect(problem).toContain("or o365-reseller:clientId and o365-reseller:clientSecret");
    expect(problem).toMatch(/OVH_APPLICATION_KEY.*ovh\.conf.*own `credentials`/);
  });

  it("names the stack config keys to remove when it mixes both methods", () => {
    stack({
      ...Object.fromEntries(Object.entries(SIG).map(([k, v]) => [`o365-reseller:${k}`, v])),
      "o365-reseller:clientId": "c",
      "o365-reseller:clientSecret": "s",
    });
    expect(() => resolveFor(undefined, {})).toThrow(
      "To sign with the application key, remove o365-reseller:clientId and o365-reseller:clientSecret; to use the OAuth2 service account, remove o365-reseller:applicationKey, o365-reseller:applicationSecret and o365-reseller:consumerKey.",
    );
  });

  it("names the o365-reseller:* keys it does not read, with the one meant", () => {
    expect(
      unknownStackKeys([
        "o365-reseller:aplicationKey",
        "o365-reseller:consumerkey",
        "o365-reseller:endpoint",
        "o365-reseller:colour",
        "acmeSeats",
        "aws:region",
      ]),
    ).toEqual([
      { key: "o365-reseller:aplicationKey", meant: "o365-reseller:applicationKey" },
      { key: "o365-reseller:consumerkey", meant: "o365-reseller:consumerKey" },
      { key: "o365-reseller:colour" },
    ]);
  });
});

describe("the credentials input", () => {
  it("reports unknown fields and non-strings per field, never values", () => {
    expect(credentialProblems({ applicationKey: "k", password: "p", consumerKey: 3 })).toEqual([
      { property: "credentials.password", reason: expect.stringMatching(/^is not a credential field/) },
      { property: "credentials.consumerKey", reason: "must be a string" },
    ]);
    expect(credentialProblems("secret")).toEqual([
      { property: "credentials", reason: expect.stringMatching(/^must be an object/) },
    ]);
    expect(credentialsInput({ ...SIG, clientId: "" })).toEqual(SIG);
    expect(credentialsInput(undefined)).toBeUndefined();
  });
});
