/**
 * Running engine commands in e2e tests: capture everything, fail loudly with what the command printed.
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../../../scripts/engines.js";

export { REPO_ROOT };

export interface RunResult {
  /** The command line, for messages. */
  command: string;
  cwd: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunOptions {
  cwd: string;
  /** The complete environment of the child (not merged with process.env). */
  env: NodeJS.ProcessEnv;
  /** Written to stdin, then stdin is closed (stdin is always closed: engines must never prompt). */
  input?: string;
  /** Exit codes that count as success (default [0]). */
  okCodes?: number[];
  /** Kill the command (SIGTERM, then SIGKILL 5 s later) after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Called with each chunk of output as it arrives (e.g. to watch progress while debugging). */
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  /**
   * Aborting it kills the command and every process it started (its process group) with SIGKILL at
   * once, as if the machine died: the engine, its provider plugins, their children. The command then
   * runs in a process group of its own.
   */
  kill?: AbortSignal;
}

/** A command that failed; its message carries the command, exit code, stdout and stderr. */
export class CommandError extends Error {
  constructor(readonly result: RunResult) {
    super(formatFailure(result));
    this.name = "CommandError";
  }
}

const MAX_SHOWN = 20_000;

function clip(text: string): string {
  return text.length <= MAX_SHOWN
    ? text
    : `…(${text.length - MAX_SHOWN} chars cut)…\n${text.slice(-MAX_SHOWN)}`;
}

/** Everything a run printed, stdout then stderr, for looking for messages. */
export const printed = (r: RunResult): string => `${r.stdout}\n${r.stderr}`;

/** The result of a command that must fail (a CommandError); a command that succeeds fails the test. */
export async function failing(p: Promise<RunResult>): Promise<RunResult> {
  try {
    const r = await p;
    throw new Error(`expected the command to fail, it succeeded:\n${printed(r)}`);
  } catch (error) {
    if (error instanceof CommandError) return error.result;
    throw error;
  }
}

export function formatFailure(r: RunResult): string {
  const how = r.signal ? `was killed by ${r.signal}` : `exited ${r.code}`;
  return [
    `\`${r.command}\` ${how} after ${(r.durationMs / 1000).toFixed(1)} s (cwd ${r.cwd})`,
    "--- stdout ---",
    clip(r.stdout.trimEnd()),
    "--- stderr ---",
    clip(r.stderr.trimEnd()),
    "--- end ---",
  ].join("\n");
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs a command to completion; throws CommandError unless its exit code is in okCodes. */
export async function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const result = await runUnchecked(cmd, args, opts);
  const ok = opts.okCodes ?? [0];
  if (result.code === null || !ok.includes(result.code)) throw new CommandError(result);
  return result;
}

/** Runs a command to completion and returns its result whatever the exit code. */
export function runUnchecked(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const command = [cmd, ...args].map(quote).join(" ");
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: opts.kill !== undefined,
    });
    const killGroup = () => {
      stderr += "\n[harness] killed (SIGKILL to the process group)\n";
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    let stdout = "";
    let stderr = "";
    if (opts.kill?.aborted) killGroup();
    else opts.kill?.addEventListener("abort", killGroup, { once: true });
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
      opts.onOutput?.(c, "stdout");
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
      opts.onOutput?.(c, "stderr");
    });
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      stderr += `\n[harness] timed out after ${opts.timeoutMs ?? 300_000} ms; sending SIGTERM\n`;
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    }, opts.timeoutMs ?? 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start \`${command}\` in ${opts.cwd}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      opts.kill?.removeEventListener("abort", killGroup);
      if (killTimer) clearTimeout(killTimer);
      resolvePromise({
        command,
        cwd: opts.cwd,
        code,
        signal,
        stdout,
        stderr,
        durationMs: Date.now() - started,
      });
    });
  });
}

export interface Workdir {
  /** Absolute path of the throwaway directory. */
  dir: string;
  /** A path inside it. */
  path(...parts: string[]): string;
  /** Removes it (set O365R_E2E_KEEP=1 to keep it for debugging). */
  cleanup(): Promise<void>;
}

/**
 * A throwaway directory under the OS temp dir. With `fixture`, the fixture's files are copied in;
 * with `linkNodeModules`, `node_modules` links to this checkout's node_modules, so programs placed
 * there resolve `@pulumi/pulumi`, `tsx`, etc. from the project.
 */
export async function makeWorkdir(
  prefix: string,
  opts: { fixture?: string; linkNodeModules?: boolean } = {},
): Promise<Workdir> {
  const dir = await mkdtemp(join(tmpdir(), `o365r-e2e-${prefix}-`));
  if (opts.fixture) await cp(fixturePath(opts.fixture), dir, { recursive: true });
  if (opts.linkNodeModules) await symlink(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    cleanup: async () => {
      if (process.env.O365R_E2E_KEEP === "1") {
        process.stderr.write(`[e2e] keeping ${dir}\n`);
        return;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** test/e2e/fixtures/<name> */
export function fixturePath(name: string): string {
  return resolve(REPO_ROOT, "test", "e2e", "fixtures", name);
}
