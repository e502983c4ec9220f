// OVHcloud's request signature, as pure functions (shared/docs/ovh-csp2-api.md §4). Written here
// independently of provider/ovh/signing.ts on purpose: the emulator must not share the client's code.
import { createHash, timingSafeEqual } from "node:crypto";

export interface SignedParts {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  /** "http://" + Host header + request target, query included, exactly as received. */
  fullUrl: string;
  body: string;
  timestamp: string;
}

export function expectedSignature(parts: SignedParts): string {
  const canonical = [
    parts.applicationSecret,
    parts.consumerKey,
    parts.method,
    parts.fullUrl,
    parts.body,
    parts.timestamp,
  ].join("+");
  return `$1$${createHash("sha1").update(canonical, "utf8").digest("hex")}`;
}

/** Constant-time comparison, so the emulator does not teach timing attacks either. */
export function signatureMatches(parts: SignedParts, received: string): boolean {
  const expected = Buffer.from(expectedSignature(parts), "utf8");
  const actual = Buffer.from(received, "utf8");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
