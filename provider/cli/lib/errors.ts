// The CLI's errors and exit codes (docs/cli.md). A handler throws `CliError` for what it recognises;
// `exitFor` maps everything else: the client's and the core's own errors are external failures (their
// messages already say what, why and what to do), anything unexpected is an internal error.
import { OvhError } from "../../ovh/errors.js";
import { ResourceError } from "../../resources/errors.js";

export const EXIT = {
  ok: 0,
  /** External failure: API, network, credentials, files. */
  failure: 1,
  /** `drift` found drift (like `terraform plan -detailed-exitcode`). */
  drift: 2,
  /** Usage error (bad command line): EX_USAGE of sysexits.h, never 2, so a script tells it from drift. */
  usage: 64,
} as const;

export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(oneLine(message));
    this.exitCode = exitCode;
  }
}

/** The command line is wrong: exit 64 (EX_USAGE). */
export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);
/** Something outside is wrong (a file, the API, credentials): exit 1. */
export const externalError = (message: string): CliError => new CliError(message, EXIT.failure);

/** Multi-line messages (e.g. a list of config problems) become one line. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*-\s+/, "").trim())
    .filter((l) => l !== "")
    .join("; ")
    .replace(/:;\s/g, ": ");
}

export function exitFor(error: unknown): { message: string; exitCode: number; internal: boolean } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode, internal: false };
  if (error instanceof OvhError || error instanceof ResourceError) {
    return { message: oneLine(error.message), exitCode: EXIT.failure, internal: false };
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    message: `internal error: ${oneLine(text)} (this is a bug in o365r; please report it with the command you ran)`,
    exitCode: EXIT.failure,
    internal: true,
  };
}

/** The message of any error, one line, for per-account failures inside a report. */
export function messageOf(error: unknown): string {
  return exitFor(error).message;
}
