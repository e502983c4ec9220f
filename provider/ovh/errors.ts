// The one error family of the OVHcloud client and the CSP2 operations built on it.
// Every message says what happened, why, and what to do. No message, field or `cause` ever holds a
// request body, a header or a secret: callers build messages from names, statuses and the server's
// own message, and the client passes every message through its redactor before throwing.

/** Base class: `instanceof OvhError` catches everything this package throws on purpose. */
export class OvhError extends Error {
  override name = "OvhError";
}

/** Bad or incomplete configuration: endpoint, credentials, ovh.conf, client options. */
export class OvhConfigError extends OvhError {
  override name = "OvhConfigError";
  /** Variables or settings the user should look at, e.g. `OVH_CONSUMER_KEY`. */
  readonly variables: readonly string[];
  constructor(message: string, variables: readonly string[] = []) {
    super(message);
    this.variables = variables;
  }
}

/** A caller passed something the operation cannot send (a programming or input error, no API call made). */
export class OvhInputError extends OvhError {
  override name = "OvhInputError";
}

export interface OvhApiErrorFields {
  status: number;
  /** `class` of the newer error style, else `errorCode` of the older one (e.g. `Client::NotFound`, `INVALID_SIGNATURE`). */
  errorClass: string | undefined;
  errorCode: string | undefined;
  /** The server's own message, redacted. */
  serverMessage: string;
  queryId: string | undefined;
  method: string;
  path: string;
  /** The failure is transient (429, 5xx): repeating later may succeed. For writes, see `mayHaveApplied`. */
  retryable: boolean;
  /** Milliseconds the server asked to wait (Retry-After), when it said so. */
  retryAfterMs: number | undefined;
  /** How many attempts were made before this error was thrown. */
  attempts: number;
}

/** The API answered with an error status. */
export class OvhApiError extends OvhError implements OvhApiErrorFields {
  override name = "OvhApiError";
  readonly status: number;
  readonly errorClass: string | undefined;
  readonly errorCode: string | undefined;
  readonly serverMessage: string;
  readonly queryId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  constructor(message: string, fields: OvhApiErrorFields) {
    super(message);
    this.status = fields.status;
    this.errorClass = fields.errorClass;
    this.errorCode = fields.errorCode;
    this.serverMessage = fields.serverMessage;
    this.queryId = fields.queryId;
    this.method = fields.method;
    this.path = fields.path;
    this.retryable = fields.retryable;
    this.retryAfterMs = fields.retryAfterMs;
    this.attempts = fields.attempts;
  }
  /** A write (POST, PUT, DELETE) that failed with a 5xx may have been applied: look before repeating. */
  get mayHaveApplied(): boolean {
    return this.method !== "GET" && this.status >= 500;
  }
}

export type NetworkFailureKind = "reset" | "refused" | "timeout" | "dns" | "tls" | "other";

/** No usable answer: connection refused or reset, DNS failure, TLS failure. Keeps the original `cause`. */
export class OvhNetworkError extends OvhError {
  override name = "OvhNetworkError";
  readonly kind: NetworkFailureKind;
  readonly method: string;
  readonly path: string;
  readonly retryable: boolean;
  readonly attempts: number;
  constructor(
    message: string,
    fields: { kind: NetworkFailureKind; method: string; path: string; retryable: boolean; attempts: number },
    cause: unknown,
  ) {
    super(message, { cause });
    this.kind = fields.kind;
    this.method = fields.method;
    this.path = fields.path;
    this.retryable = fields.retryable;
    this.attempts = fields.attempts;
  }
  /** A write whose connection failed after it was sent may have been applied: look before repeating. */
  get mayHaveApplied(): boolean {
    return this.method !== "GET" && this.kind !== "refused" && this.kind !== "dns";
  }
}

/** The server did not answer within the per-attempt timeout. */
export class OvhTimeoutError extends OvhNetworkError {
  override name = "OvhTimeoutError";
}

export interface ShapeIssue {
  /** Where in the answer, e.g. `[3].quantity` (never the value found there). */
  path: string;
  message: string;
}

/** An answer did not match its zod model: the API changed, or the emulator and client disagree. */
export class OvhResponseShapeError extends OvhError {
  override name = "OvhResponseShapeError";
  readonly method: string;
  readonly path: string;
  readonly queryId: string | undefined;
  readonly issues: readonly ShapeIssue[];
  constructor(
    message: string,
    fields: { method: string; path: string; queryId: string | undefined; issues: readonly ShapeIssue[] },
  ) {
    super(message);
    this.method = fields.method;
    this.path = fields.path;
    this.queryId = fields.queryId;
    this.issues = fields.issues;
  }
}

/**
 * A list route's pages did not add up to a whole list, twice in a row (pages that end before
 * X-Pagination-Elements is reached, a page repeated, a total that changed while paging): the client
 * refuses to return part of a list as if it were all of it.
 */
export class OvhListingError extends OvhError {
  override name = "OvhListingError";
  readonly method: string;
  readonly path: string;
  readonly queryId: string | undefined;
  /** What went wrong, in words: what the pages held and what the API said they would. */
  readonly problem: string;
  constructor(
    message: string,
    fields: { method: string; path: string; queryId: string | undefined; problem: string },
  ) {
    super(message);
    this.method = fields.method;
    this.path = fields.path;
    this.queryId = fields.queryId;
    this.problem = fields.problem;
  }
}

/** A multi-step operation cannot go on (e.g. no default payment method, an order cancelled, a label unknown). */
export class OvhOperationError extends OvhError {
  override name = "OvhOperationError";
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = operation;
  }
}

/** An asynchronous CSP2 task ended in `error` or `cancelled`. */
export class OvhTaskError extends OvhOperationError {
  override name = "OvhTaskError";
  readonly serviceName: string;
  readonly taskId: number;
  readonly taskFunction: string;
  readonly taskStatus: string;
  constructor(fields: { serviceName: string; taskId: number; taskFunction: string; taskStatus: string }) {
    super(
      "waitForTask",
      `Task ${fields.taskId} (${fields.taskFunction}) of tenant ${fields.serviceName} ended with status ` +
        `"${fields.taskStatus}": OVHcloud or Microsoft did not carry out the change. Read the subscription ` +
        "again to see what is in place, then repeat the change or contact OVHcloud support with the task id.",
    );
    this.serviceName = fields.serviceName;
    this.taskId = fields.taskId;
    this.taskFunction = fields.taskFunction;
    this.taskStatus = fields.taskStatus;
  }
}

/** A wait (task, order delivery) ran out of time; the work goes on at OVHcloud. */
export class OvhWaitTimeoutError extends OvhOperationError {
  override name = "OvhWaitTimeoutError";
  readonly waitedMs: number;
  readonly lastStatus: string | undefined;
  constructor(
    operation: string,
    message: string,
    fields: { waitedMs: number; lastStatus: string | undefined },
  ) {
    super(operation, message);
    this.waitedMs = fields.waitedMs;
    this.lastStatus = fields.lastStatus;
  }
}

/** Replaces every occurrence of the given secrets in a text with `***`. Empty and very short values are ignored. */
export function makeRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  // Longest first, so that a secret containing another is wiped whole.
  const list = [
    ...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.length >= 4)),
  ].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of list) out = out.split(secret).join("***");
    return out;
  };
}
