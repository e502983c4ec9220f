// The emulator held to OVHcloud's published schema (provider/ovh/schema). With conformance "strict"
// (option `conformance`, or O365R_EMULATOR_CONFORMANCE=strict, which `npm test` sets), every API answer
// is validated before it leaves; one that breaks the schema is replaced by a 500 naming the route, the
// JSON path and the rule, and recorded (GET /_emulator/conformance, and in-process for the test suite's
// setup file, which fails the test). Request bodies sent by this project's own client are validated too,
// so that the client is held to what OVHcloud accepts: a violating one is refused with a 400 before the
// emulator acts on it, and recorded. Other callers (tests that send bad bodies on purpose) meet only the
// emulator's own validation.
import {
  checkAnswer,
  checkRequestBody,
  findOperation,
  SCHEMA_FILES,
  type Violation,
} from "../../provider/ovh/schema/index.js";

export type ConformanceMode = "strict" | "off";

export const CONFORMANCE_ENV = "O365R_EMULATOR_CONFORMANCE";

/** The User-Agent of provider/ovh's client: whose request bodies are held to the schema. */
export const CLIENT_USER_AGENT_PREFIX = "o365-reseller";

export interface ConformanceViolation {
  /** Real time it was found. */
  at: string;
  side: "answer" | "request";
  method: string;
  /** API path under /1.0, without the query. */
  path: string;
  /** The published route it was checked against, e.g. `/saas/csp2/{serviceName}`. */
  route: string | null;
  /** The status the emulator meant to answer (answers) or 400 (requests). */
  status: number;
  violations: Violation[];
  /** One line naming the route, each JSON path and its rule. */
  message: string;
}

/**
 * Routes the emulator serves that OVHcloud's schema files here do not describe, and rightly so: they
 * are in OVHcloud's `/auth` schema, which this project does not carry, or not API v1 routes at all
 * (the OAuth2 token endpoint), or the schema files themselves. Any other route is a violation.
 */
const OUTSIDE_THE_SCHEMA: ReadonlySet<string> = new Set([
  "GET /auth/time",
  "POST /auth/credential",
  "GET /auth/currentCredential",
  "POST /auth/logout",
  "POST /auth/oauth2/token",
  ...SCHEMA_FILES.map((f) => `GET ${f.servedAt}`),
]);

/** Every violation any emulator of this process recorded, for the test suite's setup file. */
const inProcess: ConformanceViolation[] = [];

/** Removes and returns what every emulator of this process recorded since the last call. */
export function takeConformanceViolations(): ConformanceViolation[] {
  return inProcess.splice(0, inProcess.length);
}

export function conformanceMode(
  option: ConformanceMode | undefined,
  env: Record<string, string | undefined> = process.env,
): ConformanceMode {
  if (option) return option;
  return env[CONFORMANCE_ENV]?.trim().toLowerCase() === "strict" ? "strict" : "off";
}

export interface AnswerFacts {
  method: string;
  path: string;
  status: number;
  body: unknown;
  /** The request asked for expanded listing (X-Pagination-Mode). */
  expandedMode: boolean;
}

export class Conformance {
  private readonly recorded: ConformanceViolation[] = [];

  constructor(readonly mode: ConformanceMode) {}

  get strict(): boolean {
    return this.mode === "strict";
  }

  /** What this emulator recorded (GET /_emulator/conformance). */
  list(): ConformanceViolation[] {
    return [...this.recorded];
  }

  clear(): void {
    this.recorded.length = 0;
  }

  /** The violations of an answer, recorded; empty when it conforms (or the check is off). */
  reviewAnswer(facts: AnswerFacts): ConformanceViolation | null {
    if (!this.strict || OUTSIDE_THE_SCHEMA.has(`${facts.method} ${facts.path}`)) return null;
    // An expanded listing answers objects; a route that ignored the mode answers its ids as usual.
    const expanded =
      facts.expandedMode &&
      Array.isArray(facts.body) &&
      facts.body.some((x) => x !== null && typeof x === "object");
    const check = checkAnswer({ ...facts, expanded });
    if (check.violations.length === 0) return null;
    return this.record("answer", facts.method, facts.path, facts.status, check.violations);
  }

  /** The violations of a request body sent by this project's client, recorded; null otherwise. */
  reviewRequest(method: string, path: string, rawBody: string, userAgent: string | undefined) {
    if (!this.strict || !userAgent?.startsWith(CLIENT_USER_AGENT_PREFIX)) return null;
    if (OUTSIDE_THE_SCHEMA.has(`${method} ${path}`)) return null;
    let body: unknown;
    try {
      body = rawBody.trim() === "" ? undefined : JSON.parse(rawBody);
    } catch {
      return this.record("request", method, path, 400, [
        { at: "$", kind: "type", message: "the body is not JSON" },
      ]);
    }
    const violations = checkRequestBody(method, path, body);
    return violations.length === 0 ? null : this.record("request", method, path, 400, violations);
  }

  private record(
    side: "answer" | "request",
    method: string,
    path: string,
    status: number,
    violations: Violation[],
  ): ConformanceViolation {
    const route = findOperation(method, path)?.api.path ?? null;
    const rules = violations.map((v) => `${v.at}: ${v.message} [${v.kind}]`).join("; ");
    const message =
      side === "answer"
        ? `The emulator's answer ${status} to ${method} ${path} (route ${route ?? "not in the schema"}) breaks OVHcloud's published schema: ${rules}`
        : `The client's body for ${method} ${path} (route ${route ?? "not in the schema"}) breaks OVHcloud's published schema: ${rules}`;
    const violation: ConformanceViolation = {
      at: new Date().toISOString(),
      side,
      method,
      path,
      route,
      status,
      violations,
      message,
    };
    this.recorded.push(violation);
    inProcess.push(violation);
    return violation;
  }
}
