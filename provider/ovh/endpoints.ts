// Endpoint resolution: a name as OVHcloud's tools know it, or a URL (as go-ovh allows, for an emulator).
// Pure: no network, no environment.
import { isIP } from "node:net";
import { OvhConfigError } from "./errors.js";

interface KnownEndpoint {
  host: string;
  /** OAuth2 client-credentials token URL; none exists for Kimsufi and So you Start. */
  tokenUrl?: string;
}

const KNOWN: Record<string, KnownEndpoint> = {
  "ovh-eu": { host: "eu.api.ovh.com", tokenUrl: "https://www.ovh.com/auth/oauth2/token" },
  "ovh-ca": { host: "ca.api.ovh.com", tokenUrl: "https://ca.ovh.com/auth/oauth2/token" },
  "ovh-us": { host: "api.us.ovhcloud.com", tokenUrl: "https://us.ovhcloud.com/auth/oauth2/token" },
  "kimsufi-eu": { host: "eu.api.kimsufi.com" },
  "kimsufi-ca": { host: "ca.api.kimsufi.com" },
  "soyoustart-eu": { host: "eu.api.soyoustart.com" },
  "soyoustart-ca": { host: "ca.api.soyoustart.com" },
};

/** node-ovh's short names. */
const ALIASES: Record<string, string> = {
  "ks-eu": "kimsufi-eu",
  "ks-ca": "kimsufi-ca",
  "sys-eu": "soyoustart-eu",
  "sys-ca": "soyoustart-ca",
};

export const ENDPOINT_NAMES: readonly string[] = [...Object.keys(KNOWN), ...Object.keys(ALIASES)];
export const DEFAULT_ENDPOINT = "ovh-eu";

export interface ResolvedEndpoint {
  /** What the user gave (name, alias or URL); also the ovh.conf section that holds its credentials. */
  input: string;
  /** Canonical name for a known endpoint (aliases resolved), undefined for a URL. */
  name: string | undefined;
  /** Base URL without a trailing slash, e.g. `https://eu.api.ovh.com/1.0`. */
  baseUrl: string;
  /** `scheme://host[:port]` of the base URL. */
  origin: string;
  /** OAuth2 token URL, undefined where OVHcloud offers none. */
  tokenUrl: string | undefined;
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || host === "0:0:0:0:0:0:0:1" || host.startsWith("::ffff:127.");
  return false;
}

/** Resolves an endpoint name, alias or URL. Throws OvhConfigError for an unknown name or an unsafe URL. */
export function resolveEndpoint(input: string): ResolvedEndpoint {
  const trimmed = input.trim();
  if (trimmed.includes("/")) return resolveUrl(trimmed);
  const lower = trimmed.toLowerCase();
  const name = ALIASES[lower] ?? lower;
  const known = KNOWN[name];
  if (!known) {
    throw new OvhConfigError(
      `Unknown OVHcloud endpoint "${trimmed}". Use one of ${ENDPOINT_NAMES.join(", ")}, or a URL such as ` +
        "http://127.0.0.1:PORT/1.0 for a local emulator (set OVH_ENDPOINT or `endpoint` in ovh.conf).",
      ["OVH_ENDPOINT"],
    );
  }
  const origin = `https://${known.host}`;
  return { input: trimmed, name, baseUrl: `${origin}/1.0`, origin, tokenUrl: known.tokenUrl };
}

function resolveUrl(input: string): ResolvedEndpoint {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OvhConfigError(
      `The OVHcloud endpoint "${input}" is neither a known name nor a valid URL. Use e.g. ovh-eu, or ` +
        "https://eu.api.ovh.com/1.0, or http://127.0.0.1:PORT/1.0 for a local emulator.",
      ["OVH_ENDPOINT"],
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OvhConfigError(
      `The OVHcloud endpoint "${url.origin}" uses ${url.protocol}; only https:// (and http:// to a loopback ` +
        "address) is supported.",
      ["OVH_ENDPOINT"],
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new OvhConfigError(
      `Refusing plain http:// to ${url.host}: the signed requests and OAuth2 secrets would cross the ` +
        "network unencrypted. Use https://, or http:// only to a loopback address (127.0.0.1, ::1, " +
        "localhost) such as the local emulator.",
      ["OVH_ENDPOINT"],
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new OvhConfigError(
      `The OVHcloud endpoint URL must be a plain base URL such as https://host/1.0 (no query, fragment or ` +
        `user info); got one for ${url.host}.`,
      ["OVH_ENDPOINT"],
    );
  }
  const origin = url.origin;
  const baseUrl = `${origin}${url.pathname.replace(/\/+$/, "")}`;
  return { input, name: undefined, baseUrl, origin, tokenUrl: `${origin}/auth/oauth2/token` };
}

/**
 * The full URL of an API path. Paths under `/v1/` or `/v2/` address the versioned API at the origin
 * (OVHcloud's clients drop `/1.0` for them); others go under the base URL.
 */
export function apiUrl(endpoint: ResolvedEndpoint, path: string, query?: string): string {
  const p = path.startsWith("/") ? path : `/${path}`;
  const base = /^\/v[12]\//.test(p) ? endpoint.origin : endpoint.baseUrl;
  return `${base}${p}${query ? `?${query}` : ""}`;
}
