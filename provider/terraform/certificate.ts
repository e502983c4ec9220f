// The provider's throwaway TLS certificate for go-plugin's AutoMTLS: self-signed, SAN `localhost`,
// CA and leaf at once (the host trusts exactly this certificate), made fresh for every process.
// The protocol test client uses the same builder for the P-521/SHA-512 certificate Terraform makes.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import * as der from "./der.js";

export type Curve = "P-256" | "P-384" | "P-521";

const CURVES: Record<Curve, { nodeName: string; hash: string; signatureOid: string }> = {
  "P-256": { nodeName: "prime256v1", hash: "sha256", signatureOid: "1.2.840.10045.4.3.2" },
  "P-384": { nodeName: "secp384r1", hash: "sha384", signatureOid: "1.2.840.10045.4.3.3" },
  "P-521": { nodeName: "secp521r1", hash: "sha512", signatureOid: "1.2.840.10045.4.3.4" },
};

export interface SelfSignedCertificate {
  /** PEM of the certificate (what grpc-js and Terraform's PLUGIN_CLIENT_CERT carry). */
  certPem: string;
  /** PKCS#8 PEM of the private key. */
  keyPem: string;
  /** DER of the certificate (what the handshake line carries, base64 without padding). */
  der: Buffer;
}

export interface CertificateOptions {
  curve?: Curve;
  commonName?: string;
  organization?: string;
  /** Validity; go-plugin uses 30 days, which covers any run. */
  validDays?: number;
  now?: Date;
}

const OID = {
  organization: "2.5.4.10",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

export function selfSignedCertificate(options: CertificateOptions = {}): SelfSignedCertificate {
  const curve = CURVES[options.curve ?? "P-256"];
  const now = options.now ?? new Date();
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: curve.nodeName });
  const algorithm = der.sequence(der.oid(curve.signatureOid));
  const name = der.sequence(
    der.set(der.sequence(der.oid(OID.organization), der.utf8String(options.organization ?? "o365-reseller"))),
    der.set(der.sequence(der.oid(OID.commonName), der.utf8String(options.commonName ?? "localhost"))),
  );
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(
      // A little slack before "now" for clock differences between the two processes' views.
      der.time(new Date(now.getTime() - 60_000)),
      der.time(new Date(now.getTime() + (options.validDays ?? 30) * 86_400_000)),
    ),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        // digitalSignature, keyEncipherment, keyAgreement, keyCertSign: what go-plugin's own cert has.
        extension(OID.keyUsage, true, der.namedBits([0, 2, 4, 5])),
        extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
        extension(OID.subjectAltName, false, der.sequence(der.tlv(0x82, Buffer.from("localhost", "ascii")))),
      ),
    ),
  );
  const signature = sign(curve.hash, tbs, privateKey);
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  return {
    certPem: toPem("CERTIFICATE", certificate),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    der: certificate,
  };
}

export function toPem(label: string, body: Buffer): string {
  const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The handshake's certificate field: DER in standard base64 without padding (Go's RawStdEncoding). */
export function handshakeCertificate(der: Buffer): string {
  return der.toString("base64").replace(/=+$/, "");
}
