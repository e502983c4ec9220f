// Who is calling: an AK/AS/CK signed request (checked exactly as OVHcloud does) or an OAuth2 bearer
// token. Each refusal is the wire contract's error for that case.
import type { IncomingHttpHeaders } from "node:http";
import type { AccessRule, ConsumerKey, State } from "../core/state.js";
import { errors } from "../http/errors.js";
import { signatureMatches } from "./signature.js";

export interface Caller {
  nic: string;
  /** Fair-use key: the consumer key, or the OAuth2 client id. */
  rateKey: string;
  /** Granted rules; OAuth2 tokens carry scope `all`. */
  rules: AccessRule[] | "all";
  credential: ConsumerKey | null;
}

export interface AuthInput {
  method: string;
  fullUrl: string;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface AuthClock {
  serverSeconds: number;
  realNowMs: number;
  toleranceSeconds: number;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header(headers, "authorization") ?? "");
  return match?.[1];
}

/** Whether the request carries any credentials (noAuth routes verify them only then). */
export function hasCredentials(headers: IncomingHttpHeaders): boolean {
  return bearer(headers) !== undefined || header(headers, "x-ovh-application") !== undefined;
}

/** The account a request claims to be from, without verifying anything: for the call log only. */
export function claimedAccount(headers: IncomingHttpHeaders, state: State): string | null {
  const token = bearer(headers);
  if (token) return state.tokens[token]?.nic ?? null;
  const ck = header(headers, "x-ovh-consumer");
  return ck ? (state.consumerKeys[ck]?.nic ?? null) : null;
}

export function authenticate(input: AuthInput, state: State, clock: AuthClock): Caller {
  const token = bearer(input.headers);
  if (token !== undefined) {
    const record = state.tokens[token];
    if (!record || record.expiresAt <= clock.realNowMs || !state.accounts[record.nic])
      throw errors.invalidToken();
    return { nic: record.nic, rateKey: `oauth2:${record.clientId}`, rules: "all", credential: null };
  }

  const applicationKey = header(input.headers, "x-ovh-application");
  if (applicationKey === undefined) throw errors.notLoggedIn();
  const application = state.applications[applicationKey];
  if (!application) throw errors.invalidKey();

  const consumerKey = header(input.headers, "x-ovh-consumer");
  if (consumerKey === undefined) throw errors.notLoggedIn();
  const credential = state.consumerKeys[consumerKey];
  if (
    credential?.status !== "validated" ||
    credential.applicationKey !== applicationKey ||
    credential.nic === null ||
    !state.accounts[credential.nic]
  ) {
    throw errors.invalidCredential();
  }

  const timestamp = header(input.headers, "x-ovh-timestamp") ?? "";
  if (
    !/^\d{1,12}$/.test(timestamp) ||
    Math.abs(Number(timestamp) - clock.serverSeconds) > clock.toleranceSeconds
  ) {
    throw errors.queryTimeOut();
  }

  const received = header(input.headers, "x-ovh-signature") ?? "";
  const parts = {
    applicationSecret: application.applicationSecret,
    consumerKey,
    method: input.method,
    fullUrl: input.fullUrl,
    body: input.body,
    timestamp,
  };
  if (!signatureMatches(parts, received)) throw errors.invalidSignature();

  return { nic: credential.nic, rateKey: `ck:${consumerKey}`, rules: credential.rules, credential };
}
