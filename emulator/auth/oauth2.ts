// `POST /auth/oauth2/token` at the endpoint's origin (wire-contract.md): the client_credentials grant
// of an OVHcloud service account, scope `all`. Client credentials come in the form body or as HTTP
// Basic. Errors use OAuth2's own body (RFC 6749 §5.2) plus OVHcloud's `class` and `message`.
import type { IncomingHttpHeaders } from "node:http";
import { accessToken } from "../core/ids.js";
import type { State } from "../core/state.js";
import { ApiError } from "../http/errors.js";
import { header } from "./authenticate.js";

function oauthError(status: number, error: string, description: string): ApiError {
  return new ApiError(status, {
    error,
    error_description: description,
    class: status === 401 ? "Client::Unauthorized" : "Client::BadRequest",
    message: description,
  });
}

function formOrJson(raw: string, contentType: string): URLSearchParams {
  if (contentType.includes("application/json")) {
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(parsed).map(([k, v]): [string, string] => [k, String(v)]));
    } catch {
      throw oauthError(400, "invalid_request", "Invalid JSON in request body");
    }
  }
  return new URLSearchParams(raw);
}

export function issueToken(
  rawBody: string,
  headers: IncomingHttpHeaders,
  state: State,
  realNowMs: number,
  ttlSeconds: number,
): { access_token: string; token_type: "Bearer"; expires_in: number; scope: string } {
  const form = formOrJson(rawBody, header(headers, "content-type") ?? "");
  let clientId = form.get("client_id");
  let clientSecret = form.get("client_secret");
  const basic = /^Basic\s+(\S+)$/i.exec(header(headers, "authorization") ?? "");
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    clientId = decodeURIComponent(decoded.slice(0, colon));
    clientSecret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (form.get("grant_type") !== "client_credentials") {
    throw oauthError(400, "unsupported_grant_type", "Only the client_credentials grant is supported");
  }
  const scope = form.get("scope") ?? "all";
  if (scope !== "all") throw oauthError(400, "invalid_scope", `Unknown scope "${scope}": use "all"`);
  const client = clientId ? state.oauthClients[clientId] : undefined;
  if (!client || client.clientSecret !== clientSecret || !state.accounts[client.nic]) {
    throw oauthError(401, "invalid_client", "Invalid client id or secret");
  }
  const token = accessToken();
  state.tokens[token] = {
    token,
    clientId: client.clientId,
    nic: client.nic,
    expiresAt: realNowMs + ttlSeconds * 1000,
  };
  // Expired tokens are dropped here so the state does not grow without bound.
  for (const [key, record] of Object.entries(state.tokens)) {
    if (record.expiresAt <= realNowMs) delete state.tokens[key];
  }
  return { access_token: token, token_type: "Bearer", expires_in: ttlSeconds, scope };
}
