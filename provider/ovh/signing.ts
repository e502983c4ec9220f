// OVHcloud request signing, as small pure functions (facts: shared/docs/ovh-csp2-api.md §4).
// X-Ovh-Signature = "$1$" + sha1_hex(AS + "+" + CK + "+" + METHOD + "+" + fullURL + "+" + body + "+" + ts).
// Test vectors computed outside this code: scripts/signing-vectors.sh, table in test/ovh/signing.spec.ts.
import { createHash } from "node:crypto";

export interface SigningInput {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  /** The complete URL as sent, query string included. */
  url: string;
  /** The exact body sent, or "" when there is none. */
  body: string;
  /** Unix seconds, server time (see `ovhTimestamp`). */
  timestamp: number;
}

/** The string that is hashed. */
export function canonicalString(input: SigningInput): string {
  return [
    input.applicationSecret,
    input.consumerKey,
    input.method.toUpperCase(),
    input.url,
    input.body,
    String(input.timestamp),
  ].join("+");
}

/** Lower-case hex SHA-1 of the UTF-8 bytes of a string. */
export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

/** The value of `X-Ovh-Signature`. */
export function signature(input: SigningInput): string {
  return `$1$${sha1Hex(canonicalString(input))}`;
}

/** Server time in Unix seconds from the local clock (ms) and the offset learnt from `/auth/time` (s). */
export function ovhTimestamp(localNowMs: number, offsetSeconds: number): number {
  return Math.floor(localNowMs / 1000) + offsetSeconds;
}

/** The offset to add to local seconds to get server seconds. */
export function clockOffset(serverSeconds: number, localNowMs: number): number {
  return serverSeconds - Math.floor(localNowMs / 1000);
}

/** The four authentication headers of a signed request. */
export function signedHeaders(input: SigningInput & { applicationKey: string }): Record<string, string> {
  return {
    "X-Ovh-Application": input.applicationKey,
    "X-Ovh-Consumer": input.consumerKey,
    "X-Ovh-Timestamp": String(input.timestamp),
    "X-Ovh-Signature": signature(input),
  };
}

/**
 * JSON as sent: compact, with every non-ASCII character escaped as \uXXXX (as node-ovh and python-ovh
 * do), so the signed bytes are plain ASCII and no proxy or charset can change them.
 */
export function serializeBody(body: unknown): string {
  if (body === undefined) return "";
  return JSON.stringify(body).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Query string as sent and signed: keys in the order given, values stringified, undefined skipped,
 * encoded with encodeURIComponent (spaces as %20, never "+", which servers disagree about).
 */
export function serializeQuery(
  query: Record<string, string | number | boolean | undefined> | undefined,
): string | undefined {
  if (!query) return undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length > 0 ? parts.join("&") : undefined;
}
