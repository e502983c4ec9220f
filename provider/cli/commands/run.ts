// Shared by the command modules: run a handler with the process's streams and turn what it returns or
// throws into the exit code (docs/cli.md): handlers return 0/1/2, errors map through `exitFor`.
import { InvalidArgumentError } from "commander";
import { exitFor } from "../lib/errors.js";
import { type CliIo, processIo } from "../lib/io.js";

export async function run(handler: (io: CliIo) => Promise<number>): Promise<void> {
  const io = processIo();
  try {
    process.exitCode = await handler(io);
  } catch (error) {
    const { message, exitCode, internal } = exitFor(error);
    io.stderr.write(`o365r: ${message}\n`);
    // The stack helps only with a bug: an expected failure's message already says what and why.
    if (internal && io.env.O365R_LOG?.toLowerCase() === "debug" && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = exitCode;
  }
}

/** Repeatable and comma-separated: `--account a --account b,c` → [a, b, c]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (items.length === 0) throw new InvalidArgumentError("expected a name.");
  return [...(previous ?? []), ...items];
}

/** Repeatable file options: `--state a.json --state b.json` (no comma splitting: paths may hold commas). */
export function collectFiles(value: string, previous: string[] | undefined): string[] {
  if (value.trim() === "") throw new InvalidArgumentError("expected a file.");
  return [...(previous ?? []), value];
}

/** The output format from mutually exclusive flags (commander enforces the exclusion). */
export function formatOf<F extends string>(
  opts: Record<string, unknown>,
  formats: readonly F[],
  fallback: F,
): F {
  return formats.find((f) => opts[f] === true) ?? fallback;
}

export const ACCOUNTS_HELP =
  "accounts file (default: $O365R_ACCOUNTS, else ./o365r.accounts.yaml, else the OVH_* environment as one account)";

export const TERM_MONTHS_HELP =
  "term of the subscriptions in months, for when Microsoft's window reopens at renewal (the API does not say; default 12)";

/** `--term-months N`: a whole number of months from 1 to 60. */
export function parseTermMonths(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 60) {
    throw new InvalidArgumentError(
      `must be a whole number of months from 1 to 60 (e.g. 1, 12, 36), got "${value}".`,
    );
  }
  return n;
}
