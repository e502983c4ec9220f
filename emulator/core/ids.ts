// Identifier formats that look like OVHcloud's, from a cryptographic source so that credentials are
// unguessable even in a local tool.
import { randomBytes, randomInt, randomUUID } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function alnum(length: number): string {
  let out = "";
  for (let i = 0; i < length; i += 1) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

export function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A NIC handle such as `ab12345-ovh`. */
export function nicHandle(): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return `${letters[randomInt(26)]}${letters[randomInt(26)]}${randomInt(10_000, 100_000)}-ovh`;
}

/** A CSP2 service name: `csp2-` + 8 lowercase hex (wire-contract.md). */
export function serviceName(): string {
  return `csp2-${hex(4)}`;
}

export const applicationKey = (): string => alnum(16);
export const secret = (): string => alnum(32);
export const consumerKey = (): string => alnum(32);
export const clientId = (): string => `EU.${hex(8)}`;
export const accessToken = (): string => `eyJ${randomBytes(36).toString("base64url")}`;
export const cartId = (): string => randomUUID();
export const uuid = (): string => randomUUID();
