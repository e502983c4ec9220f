// Which credentials a resource uses: its own, else the stack config, else OVH_* / ovh.conf; a set of
// credentials is taken whole from one layer.
import { afterEach, describe, expect, it } from "vitest";
import {
  configureFromStack,
  credentialProblems,
  credentialsInput,
  resolveFor,
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
    expect(() => resolveFor({ applicationKey: "ak", applicationSecret: "very-secret" }, {})).toThrow(
      /missing OVH_CONSUMER_KEY/,
    );
    try {
      resolveFor({ applicationKey: "ak", applicationSecret: "very-secret" }, {});
    } catch (error) {
      expect((error as Error).message).not.toContain("very-secret");
    }
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
