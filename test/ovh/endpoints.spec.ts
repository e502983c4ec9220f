import { describe, expect, it } from "vitest";
import { apiUrl, isLoopbackHost, OvhConfigError, resolveEndpoint } from "../../provider/ovh/index.js";

describe("resolveEndpoint", () => {
  it.each([
    ["ovh-eu", "https://eu.api.ovh.com/1.0", "https://www.ovh.com/auth/oauth2/token"],
    ["ovh-ca", "https://ca.api.ovh.com/1.0", "https://ca.ovh.com/auth/oauth2/token"],
    ["ovh-us", "https://api.us.ovhcloud.com/1.0", "https://us.ovhcloud.com/auth/oauth2/token"],
    ["kimsufi-eu", "https://eu.api.kimsufi.com/1.0", undefined],
    ["kimsufi-ca", "https://ca.api.kimsufi.com/1.0", undefined],
    ["soyoustart-eu", "https://eu.api.soyoustart.com/1.0", undefined],
    ["soyoustart-ca", "https://ca.api.soyoustart.com/1.0", undefined],
    ["ks-eu", "https://eu.api.kimsufi.com/1.0", undefined],
    ["ks-ca", "https://ca.api.kimsufi.com/1.0", undefined],
    ["sys-eu", "https://eu.api.soyoustart.com/1.0", undefined],
    ["sys-ca", "https://ca.api.soyoustart.com/1.0", undefined],
    ["OVH-EU", "https://eu.api.ovh.com/1.0", "https://www.ovh.com/auth/oauth2/token"],
  ])("%s → %s", (name, baseUrl, tokenUrl) => {
    const endpoint = resolveEndpoint(name);
    expect(endpoint.baseUrl).toBe(baseUrl);
    expect(endpoint.tokenUrl).toBe(tokenUrl);
  });

  it("resolves node-ovh aliases to the canonical name", () => {
    expect(resolveEndpoint("ks-eu").name).toBe("kimsufi-eu");
    expect(resolveEndpoint("sys-ca").name).toBe("soyoustart-ca");
  });

  it("refuses an unknown name, listing the known ones", () => {
    expect(() => resolveEndpoint("ovh-moon")).toThrow(OvhConfigError);
    expect(() => resolveEndpoint("ovh-moon")).toThrow(
      /Unknown OVHcloud endpoint "ovh-moon".*ovh-eu.*kimsufi-ca/,
    );
  });

  it("accepts an https URL and derives the OAuth2 token URL from its origin", () => {
    const endpoint = resolveEndpoint("https://api.example.test:8443/1.0/");
    expect(endpoint.baseUrl).toBe("https://api.example.test:8443/1.0");
    expect(endpoint.tokenUrl).toBe("https://api.example.test:8443/auth/oauth2/token");
    expect(endpoint.name).toBeUndefined();
  });

  it.each([
    "http://127.0.0.1:43123/1.0",
    "http://127.8.9.10/1.0",
    "http://localhost:8080/1.0",
    "http://[::1]:9000/1.0",
  ])("accepts plain http to loopback %s", (url) => {
    expect(resolveEndpoint(url).origin.startsWith("http://")).toBe(true);
  });

  it.each([
    "http://192.168.1.10/1.0",
    "http://eu.api.ovh.com/1.0",
    "http://10.0.0.1:8080/1.0",
    "http://[2001:db8::1]/1.0",
  ])("refuses plain http to non-loopback %s, saying why", (url) => {
    expect(() => resolveEndpoint(url)).toThrow(/Refusing plain http:\/\/.*unencrypted.*loopback/);
  });

  it("refuses other schemes and URLs with credentials or queries", () => {
    expect(() => resolveEndpoint("ftp://127.0.0.1/1.0")).toThrow(/only https/);
    expect(() => resolveEndpoint("https://u:p@api.example.test/1.0")).toThrow(/plain base URL/);
    expect(() => resolveEndpoint("https://api.example.test/1.0?x=1")).toThrow(/plain base URL/);
    expect(() => resolveEndpoint("not a url/")).toThrow(/neither a known name nor a valid URL/);
  });

  it("knows loopback hosts", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
    expect(isLoopbackHost("localhost.example.com")).toBe(false);
  });

  it("builds API URLs, dropping /1.0 for /v1/ and /v2/ paths", () => {
    const endpoint = resolveEndpoint("ovh-eu");
    expect(apiUrl(endpoint, "/me")).toBe("https://eu.api.ovh.com/1.0/me");
    expect(apiUrl(endpoint, "/me/order", "a=1")).toBe("https://eu.api.ovh.com/1.0/me/order?a=1");
    expect(apiUrl(endpoint, "/v2/iam/resource")).toBe("https://eu.api.ovh.com/v2/iam/resource");
  });
});
