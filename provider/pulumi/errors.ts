// Errors as Pulumi shows them: one readable line per resource (what failed, OVHcloud's message, the
// query id), never a stack trace. The dynamic-provider host sends `error.message` to the engine, which
// shows it on the resource; for check, diff, read and delete it also prints `${error}: ${error.stack}`
// to stderr, which the engine shows a second time, on the stack. So the error thrown here carries the
// line as its message, and renders as a marker that `quietHostEcho` keeps off stderr.
import { type PartialCreateError, toResourceError } from "../resources/index.js";

/** What a ProviderError renders as: the start of the host's echo of an error already reported. */
const REPORTED = "o365-reseller: reported on the resource";

/** The error a provider method throws; `id`/`properties` make the engine keep a half-created resource. */
export class ProviderError extends Error {
  override name = "ProviderError";
  readonly code: string | undefined;
  id?: string;
  properties?: Record<string, unknown>;
  reasons?: string[];
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
    this.stack = `${REPORTED} [${code ?? "ERROR"}]`;
  }
  override toString(): string {
    return REPORTED;
  }
}

let quiet = false;

/**
 * In the dynamic-provider host only: drops the host's stderr echo of errors this provider threw (the
 * engine already shows their message on the resource). Anything else, e.g. a bug's stack, still prints.
 */
export function quietHostEcho(): void {
  if (quiet || !/dynamic-provider/.test(process.argv[1] ?? "")) return;
  quiet = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith(REPORTED)) return;
    original(...args);
  };
}

/**
 * One line for any error, in the core's one family (toResourceError): its message already says what
 * happened, to which resource, and what to do, with the query id.
 */
export function describeError(error: unknown, doing = "The operation"): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = toResourceError(error, doing);
  return new ProviderError(oneLine(e.message), e.code);
}

/** A create that failed after the object came to exist: the engine records `id` and `properties`. */
export function partialCreate(
  error: PartialCreateError,
  id: string,
  properties: Record<string, unknown>,
): ProviderError {
  const e = new ProviderError(oneLine(error.message), error.code);
  e.id = id;
  e.properties = properties;
  e.reasons = [oneLine(error.message)];
  return e;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
