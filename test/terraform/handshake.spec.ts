// The plugin launch: environment, handshake line, certificate, logs.
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { handshakeCertificate, selfSignedCertificate } from "../../provider/terraform/certificate.js";
import {
  handshakeLine,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  portOrder,
  readLaunch,
} from "../../provider/terraform/handshake.js";
import { createLogger, formatLine, hclogTimestamp, levelFromEnv } from "../../provider/terraform/log.js";

const cookie = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE };

describe("launch environment", () => {
  it("is not a plugin launch without the magic cookie", () => {
    expect(readLaunch({})).toEqual({ ok: false, reason: "no-cookie" });
    expect(readLaunch({ [MAGIC_COOKIE_KEY]: "nope" })).toEqual({ ok: false, reason: "no-cookie" });
  });

  it("negotiates protocol 6 and refuses hosts without it", () => {
    expect(readLaunch({ ...cookie, PLUGIN_PROTOCOL_VERSIONS: "5,6" })).toMatchObject({ ok: true });
    expect(readLaunch({ ...cookie, PLUGIN_PROTOCOL_VERSIONS: "6" })).toMatchObject({ ok: true });
    const old = readLaunch({ ...cookie, PLUGIN_PROTOCOL_VERSIONS: "4,5" });
    expect(old.ok).toBe(false);
    expect(!old.ok && old.reason).toMatch(/speaks only version 6/);
  });

  it("takes the port range and the client certificate (TLS iff non-empty)", () => {
    const launch = readLaunch({
      ...cookie,
      PLUGIN_MIN_PORT: "20000",
      PLUGIN_MAX_PORT: "20010",
      PLUGIN_CLIENT_CERT: "PEM",
    });
    expect(launch).toEqual({
      ok: true,
      launch: { protocolVersion: 6, minPort: 20000, maxPort: 20010, clientCertPem: "PEM" },
    });
    const plain = readLaunch({ ...cookie, PLUGIN_CLIENT_CERT: "" });
    expect(plain).toMatchObject({
      ok: true,
      launch: { clientCertPem: undefined, minPort: 10000, maxPort: 25000 },
    });
    expect(readLaunch({ ...cookie, PLUGIN_MIN_PORT: "30000", PLUGIN_MAX_PORT: "20000" }).ok).toBe(false);
  });

  it("tries every port of the range once, from a random start", () => {
    const order = portOrder(10, 14, () => 0.5);
    expect(order).toEqual([12, 13, 14, 10, 11]);
  });

  it("prints go-plugin's handshake line", () => {
    expect(handshakeLine("127.0.0.1:12345", "")).toBe("1|6|tcp|127.0.0.1:12345|grpc|\n");
  });
});

describe("the provider's certificate", () => {
  it("is self-signed ECDSA with SAN localhost, CA, server and client use", () => {
    const cert = selfSignedCertificate();
    const x = new X509Certificate(cert.certPem);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.subjectAltName).toBe("DNS:localhost");
    expect(x.checkHost("localhost")).toBe("localhost");
    expect(x.ca).toBe(true);
    expect(x.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(new Date(x.validFrom).getTime()).toBeLessThan(Date.now());
  });

  it("can be P-521/SHA-512 like the engine's", () => {
    const x = new X509Certificate(selfSignedCertificate({ curve: "P-521" }).certPem);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe("secp521r1");
    expect(x.verify(x.publicKey)).toBe(true);
  });

  it("travels as DER in unpadded standard base64", () => {
    const cert = selfSignedCertificate();
    const field = handshakeCertificate(cert.der);
    expect(field).not.toMatch(/=/);
    expect(field.length).toBeGreaterThan(50);
    expect(Buffer.from(field, "base64").equals(cert.der)).toBe(true);
  });

  it("is new for every process", () => {
    expect(selfSignedCertificate().der.equals(selfSignedCertificate().der)).toBe(false);
  });
});

describe("logs", () => {
  it("are hclog JSON lines with microsecond timestamps", () => {
    const line = formatLine("info", "hello", { n: 1 }, new Date("2026-01-02T03:04:05.678Z"));
    expect(JSON.parse(line)).toEqual({
      "@level": "info",
      "@message": "hello",
      "@module": "o365reseller",
      "@timestamp": "2026-01-02T03:04:05.678000Z",
      n: 1,
    });
    expect(hclogTimestamp(new Date(0))).toBe("1970-01-01T00:00:00.000000Z");
  });

  it("follow TF_LOG_PROVIDER, then TF_LOG", () => {
    expect(levelFromEnv({})).toBe("info");
    expect(levelFromEnv({ TF_LOG: "DEBUG" })).toBe("debug");
    expect(levelFromEnv({ TF_LOG: "debug", TF_LOG_PROVIDER: "error" })).toBe("error");
    expect(levelFromEnv({ TF_LOG: "json" })).toBe("trace");
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), "warn");
    log.info("no");
    log.warn("yes");
    expect(lines.map((l) => JSON.parse(l)["@message"])).toEqual(["yes"]);
  });
});
