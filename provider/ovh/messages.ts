// Builds the public errors from what one request saw: what happened, why, what to do.
// Pure. Every text goes through `redact` so that no secret survives into a message.
import type { z } from "zod";
import {
  type NetworkFailureKind,
  OvhApiError,
  OvhListingError,
  OvhNetworkError,
  OvhResponseShapeError,
  OvhTimeoutError,
  type ShapeIssue,
} from "./errors.js";
import { ErrorBody } from "./models/me.js";

export interface RequestFacts {
  method: string;
  /** API path without the query string. */
  path: string;
  attempts: number;
  /** Why retrying stopped, when it was tried at all. */
  gaveUp?: string | undefined;
  redact: (text: string) => string;
}

/** Reads an error body in either style; non-JSON bodies are never quoted (they may be pages of HTML). */
export function readErrorBody(text: string): {
  message: string | undefined;
  errorClass: string | undefined;
  errorCode: string | undefined;
} {
  try {
    const json: unknown = JSON.parse(text);
    const parsed = ErrorBody.safeParse(json);
    // OAuth2 token endpoints answer RFC 6749 errors: {error, error_description}.
    const oauth = json as { error?: unknown; error_description?: unknown } | null;
    if (!parsed.success && typeof oauth?.error === "string") {
      const description = typeof oauth.error_description === "string" ? oauth.error_description : oauth.error;
      return { message: description, errorClass: oauth.error, errorCode: oauth.error };
    }
    if (parsed.success) {
      return {
        message: parsed.data.message,
        errorClass: parsed.data.class ?? parsed.data.errorCode,
        errorCode: parsed.data.errorCode,
      };
    }
  } catch {
    // not JSON
  }
  return { message: undefined, errorClass: undefined, errorCode: undefined };
}

function hint(status: number, errorClass: string | undefined, method: string, path: string): string {
  switch (errorClass) {
    case "INVALID_SIGNATURE":
      return (
        "The request signature did not match: the application secret does not belong to this " +
        "application key, or the consumer key is wrong. Check OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY."
      );
    case "QUERY_TIME_OUT":
      return (
        "The request timestamp was out of OVHcloud's range even after re-reading /auth/time: check " +
        "this machine's clock (NTP) and any proxy that delays requests."
      );
    case "INVALID_KEY":
      return (
        "OVHcloud does not know this application key on this endpoint: check OVH_APPLICATION_KEY and " +
        "that OVH_ENDPOINT names the region where the application was created."
      );
    case "INVALID_CREDENTIAL":
    case "NOT_CREDENTIAL":
      return (
        "The consumer key is unknown, expired, revoked or not validated yet: open its validation URL, " +
        "or create a new one and set OVH_CONSUMER_KEY."
      );
    case "invalid_client":
    case "unauthorized_client":
      return "The OAuth2 service account was refused: check OVH_CLIENT_ID and OVH_CLIENT_SECRET.";
    case "NOT_GRANTED_CALL":
      return (
        `The consumer key's access rules do not allow ${method} ${path}: create a consumer key whose ` +
        "rules cover /saas/csp2/*, /order/*, /me/* and /services/* for the methods o365r uses."
      );
  }
  if (status === 401) {
    return (
      "The API did not accept the credentials: check OVH_CLIENT_ID and OVH_CLIENT_SECRET (OAuth2), or " +
      "the application key set."
    );
  }
  if (status === 403 && errorClass?.startsWith("Client::Forbidden::")) {
    return "OVHcloud or Microsoft refused this change under their rules (see the message); repeating it as is will not help.";
  }
  if (status === 403) return "These credentials are not allowed to do this (see the message).";
  if (status === 404) {
    return (
      "It does not exist, was removed, or belongs to another OVHcloud account than the one these " +
      "credentials log in to."
    );
  }
  if (status === 409)
    return "It conflicts with the current state: read the object again, then retry if still needed.";
  if (status === 429)
    return "OVHcloud's fair-use rate limit was hit: lower requestsPerMinute or spread the work out.";
  if (status === 460) return "The service has expired: renew it in the OVHcloud control panel first.";
  if (status >= 500) {
    const base = "OVHcloud had a problem answering; try again in a few minutes.";
    return method === "POST"
      ? `${base} This POST was not repeated automatically because it may have been applied: read the current state before trying again.`
      : base;
  }
  if (status === 400) return "The API refused the request as invalid (see the message).";
  return "";
}

function suffix(facts: RequestFacts): string {
  if (facts.attempts <= 1) return "";
  return ` (gave up after ${facts.attempts} attempts${facts.gaveUp ? `: ${facts.gaveUp}` : ""})`;
}

export function apiError(
  facts: RequestFacts,
  response: { status: number; text: string; queryId: string | undefined; retryAfterMs: number | undefined },
): OvhApiError {
  const body = readErrorBody(response.text);
  const serverMessage = facts.redact(body.message ?? `HTTP ${response.status} without an error message`);
  const label = body.errorClass ? `${response.status} ${body.errorClass}` : String(response.status);
  const help = hint(response.status, body.errorClass, facts.method, facts.path);
  const message = facts.redact(
    `${facts.method} ${facts.path} failed with ${label}: ${serverMessage.replace(/\.?$/, ".")}` +
      `${help ? ` ${help}` : ""}${suffix(facts)}${response.queryId ? ` [query id ${response.queryId}]` : ""}`,
  );
  return new OvhApiError(message, {
    status: response.status,
    errorClass: body.errorClass,
    errorCode: body.errorCode,
    serverMessage,
    queryId: response.queryId,
    method: facts.method,
    path: facts.path,
    retryable: response.status === 429 || response.status >= 500,
    retryAfterMs: response.retryAfterMs,
    attempts: facts.attempts,
  });
}

const NETWORK_TEXT: Record<NetworkFailureKind, string> = {
  reset: "the connection was closed or reset before a complete answer arrived",
  refused: "the connection was refused (nothing listens there, or a firewall said no)",
  timeout: "no answer arrived in time",
  dns: "the host name could not be resolved",
  tls: "the TLS handshake failed (certificate or protocol problem)",
  other: "the request failed before an answer arrived",
};

export function networkError(
  facts: RequestFacts,
  kind: NetworkFailureKind,
  cause: unknown,
  timeoutMs: number,
): OvhNetworkError {
  const what = kind === "timeout" ? `no answer within ${timeoutMs} ms` : NETWORK_TEXT[kind];
  const todo =
    facts.method === "POST" && kind !== "refused" && kind !== "dns"
      ? " This POST was not repeated automatically because it may have been applied: read the current state before trying again."
      : kind === "dns" || kind === "tls" || kind === "refused"
        ? " Check OVH_ENDPOINT and the network path to it."
        : " Check the network, or try again later.";
  const message = facts.redact(`${facts.method} ${facts.path}: ${what}.${todo}${suffix(facts)}`);
  const fields = {
    description: facts.redact(`${facts.method} ${facts.path}: ${what}${suffix(facts)}`),
    kind,
    method: facts.method,
    path: facts.path,
    retryable: kind === "reset" || kind === "refused" || kind === "timeout",
    attempts: facts.attempts,
  };
  return kind === "timeout"
    ? new OvhTimeoutError(message, fields, cause)
    : new OvhNetworkError(message, fields, cause);
}

/** Issue paths and zod's own wording, never the offending values. */
export function shapeIssues(error: z.ZodError): ShapeIssue[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path:
      issue.path.length === 0
        ? "(root)"
        : issue.path
            .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
            .join("")
            .replace(/^\./, ""),
    message: `${issue.code}${"expected" in issue && issue.expected ? `: expected ${String(issue.expected)}` : ""}`,
  }));
}

export function listingError(
  facts: Pick<RequestFacts, "method" | "path" | "redact">,
  problem: string,
  queryId: string | undefined,
): OvhListingError {
  const message = facts.redact(
    `The expanded listing of ${facts.method} ${facts.path} did not add up to a whole list, twice in a row: ` +
      `${problem}. o365r does not use part of a list as if it were all of it, so nothing was decided ` +
      "from it. Try again later; if it persists, report it with the query id (`o365r api-check` " +
      `records how the API pages).${queryId ? ` [query id ${queryId}]` : ""}`,
  );
  return new OvhListingError(message, { method: facts.method, path: facts.path, queryId, problem });
}

export function shapeError(
  facts: Pick<RequestFacts, "method" | "path" | "redact">,
  issues: ShapeIssue[],
  queryId: string | undefined,
  what = "did not match the expected model",
): OvhResponseShapeError {
  const listed = issues.map((i) => `${i.path} (${i.message})`).join(", ");
  const message = facts.redact(
    `The answer to ${facts.method} ${facts.path} ${what}${listed ? ` at ${listed}` : ""}. The API may ` +
      "have changed, or the endpoint is not OVHcloud's API; report it with the query id." +
      (queryId ? ` [query id ${queryId}]` : ""),
  );
  return new OvhResponseShapeError(message, { method: facts.method, path: facts.path, queryId, issues });
}

/**
 * What the client says (once per value) when OVHcloud answers an enum value outside the published list:
 * the read goes on (open enums), and the code treats the value as unknown, never as a known one.
 */
export function unknownEnumValueMessage(
  u: { enumId: string; value: string; known: readonly string[] },
  method: string,
  path: string,
): string {
  return (
    `OVHcloud answered ${method} ${path} with ${JSON.stringify(u.value)} for ${u.enumId}, a value outside ` +
    `its published list (${u.known.join(", ")}). o365r reads it as an unknown value and decides nothing ` +
    "on it as if it were a known one; please report it so that the schema can be updated."
  );
}
