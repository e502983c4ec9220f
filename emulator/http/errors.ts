// Every error answer the emulator gives, with the exact status and body of docs/wire-contract.md.
// Handlers throw an ApiError; the server turns it into the answer.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

/** Older OVHcloud style: {errorCode, httpCode, message}. */
function coded(status: number, reason: string, errorCode: string, message: string): ApiError {
  return new ApiError(status, { errorCode, httpCode: `${status} ${reason}`, message });
}

/** Newer OVHcloud style: {class, message, details?}. */
function classed(
  status: number,
  klass: string,
  message: string,
  details?: Record<string, unknown>,
): ApiError {
  return new ApiError(status, details ? { class: klass, message, details } : { class: klass, message });
}

export const errors = {
  notLoggedIn: () => classed(401, "Client::Unauthorized", "You must login first"),
  invalidToken: () => classed(401, "Client::Unauthorized", "Invalid or expired token"),
  invalidKey: () => coded(403, "Forbidden", "INVALID_KEY", "Invalid application key"),
  invalidCredential: () => coded(403, "Forbidden", "INVALID_CREDENTIAL", "This credential is not valid"),
  notGranted: () => coded(403, "Forbidden", "NOT_GRANTED_CALL", "This call has not been granted"),
  invalidSignature: () => coded(400, "Bad Request", "INVALID_SIGNATURE", "Invalid signature"),
  queryTimeOut: () => coded(400, "Bad Request", "QUERY_TIME_OUT", "Query out of time"),
  noRoute: (method: string, path: string) =>
    classed(404, "Client::NotFound", `Got an invalid (or empty) URL: no ${method} ${path}`),
  notFound: (message: string) => classed(404, "Client::NotFound", message),
  /** Another account's service and a missing one look the same, as on OVHcloud. */
  serviceNotFound: (serviceName: string) =>
    classed(404, "Client::NotFound", `This service does not exist: ${serviceName}`),
  objectNotFound: (what: string, id: string | number) =>
    classed(404, "Client::NotFound", `The requested object (${what} = ${id}) does not exist`),
  badRequest: (message: string, details?: Record<string, unknown>) =>
    classed(400, "Client::BadRequest", message, details),
  conflict: (message: string) => classed(409, "Client::Conflict", message),
  /** A Microsoft or catalogue rule refused the change; no task was created. */
  refused: (rule: string, message: string) => classed(403, `Client::Forbidden::${rule}`, message),
  forbidden: (message: string) => classed(403, "Client::Forbidden", message),
  tooManyRequests: (retryAfterSeconds: number, perMinute: number) =>
    new ApiError(
      429,
      {
        class: "Client::TooManyRequests",
        message: `Too many requests: fair use is ${perMinute} requests per minute per consumer key; retry in ${retryAfterSeconds} s`,
      },
      { "Retry-After": String(retryAfterSeconds) },
    ),
  internal: () => classed(500, "Server::InternalServerError", "Internal server error"),
};

/** The class an injected fault answers with, chosen from its status. */
export function faultError(status: number, retryAfter?: number, message?: string): ApiError {
  const klass =
    status === 429
      ? "Client::TooManyRequests"
      : status === 503
        ? "Server::ServiceUnavailable"
        : status === 504
          ? "Server::GatewayTimeout"
          : status >= 500
            ? "Server::InternalServerError"
            : status === 404
              ? "Client::NotFound"
              : status === 409
                ? "Client::Conflict"
                : status === 403
                  ? "Client::Forbidden"
                  : "Client::BadRequest";
  const headers: Record<string, string> =
    retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {};
  return new ApiError(
    status,
    { class: klass, message: message ?? `Injected fault (HTTP ${status})` },
    headers,
  );
}
