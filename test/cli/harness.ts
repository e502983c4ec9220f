// Test support for the o365r commands: an in-memory CliIo, an emulator with accounts seeded through
// its admin API, an accounts file naming their credentials by environment variable, and the CLI run
// as a user runs it (node bin/o365r.js with the project's Node).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import type { CliIo } from "../../provider/cli/lib/io.js";
import { type Csp2Api, createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient, type OvhClient } from "../../provider/ovh/index.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = join(ROOT, "test/cli/fixtures");
export const EXAMPLES = join(ROOT, "examples/ci");

export interface CapturedIo {
  io: CliIo;
  out(): string;
  err(): string;
}

export function captureIo(
  options: { env?: Record<string, string | undefined>; cwd?: string; now?: Date } = {},
): CapturedIo {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: {
      write: (c: string) => {
        out += c;
        return true;
      },
      isTTY: false,
    },
    stderr: {
      write: (c: string) => {
        err += c;
        return true;
      },
      isTTY: false,
    },
    env: options.env ?? {},
    cwd: options.cwd ?? tmpdir(),
    now: () => options.now ?? new Date(),
  };
  return { io, out: () => out, err: () => err };
}

export function tempDir(prefix = "o365r-cli-"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SeededAccount {
  nic: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  clientId: string;
  clientSecret: string;
}

export interface SeededTenant {
  serviceName: string;
  subscriptions: Array<{ id: number; licenseId: number; quantity: number }>;
}

export interface Fleet {
  emu: EmulatorHandle;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Credentials of a new account (admin `POST /_emulator/accounts`). */
  account(body?: Record<string, unknown>): Promise<SeededAccount>;
  /** Another credential of an existing account (admin `POST /_emulator/accounts/{nic}/credentials`). */
  credential(nic: string, body?: Record<string, unknown>): Promise<SeededAccount>;
  tenant(body: Record<string, unknown>): Promise<SeededTenant>;
  /** A client of the emulator for these credentials (closed with the fleet). */
  api(account: SeededAccount): Csp2Api;
  close(): Promise<void>;
}

const FAST_POLL = { initialMs: 5, maxMs: 25, factor: 1.5 };

export async function startFleet(): Promise<Fleet> {
  const emu = await startEmulator({ port: 0, taskSeconds: 2 });
  const clients: OvhClient[] = [];
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emu.adminUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    emu,
    admin,
    account: (body = {}) => admin<SeededAccount>("POST", "/accounts", body),
    credential: (nic, body = {}) => admin<SeededAccount>("POST", `/accounts/${nic}/credentials`, body),
    tenant: (body) => admin<SeededTenant>("POST", "/tenants", body),
    api(account) {
      const client = createOvhClient({
        endpoint: emu.url,
        env: {},
        configFiles: [],
        applicationKey: account.applicationKey,
        applicationSecret: account.applicationSecret,
        consumerKey: account.consumerKey,
        requestsPerMinute: 100_000,
        maxInFlight: 16,
        baseDelayMs: 5,
        maxDelayMs: 40,
        log: false,
      });
      clients.push(client);
      return createCsp2Api(client, { taskPoll: FAST_POLL, orderPoll: FAST_POLL });
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await emu.stop();
    },
  };
}

/** Environment variables `<PREFIX>OVH_*` for an account, as an accounts file's envPrefix reads them. */
export function envFor(prefix: string, account: SeededAccount, endpoint: string): Record<string, string> {
  return {
    [`${prefix}OVH_ENDPOINT`]: endpoint,
    [`${prefix}OVH_APPLICATION_KEY`]: account.applicationKey,
    [`${prefix}OVH_APPLICATION_SECRET`]: account.applicationSecret,
    [`${prefix}OVH_CONSUMER_KEY`]: account.consumerKey,
  };
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as a user runs it: `node bin/o365r.js …` with the project's Node (first on PATH under
 * npm/npx). The launcher prefers a compiled dist/ when one exists; a dist/ built before these sources
 * would test stale code, so then the launcher's checkout branch is run directly (same code path).
 */
/**
 * When a compiled dist/ exists (possibly older than these sources), an executable that runs the
 * sources the way the launcher's checkout branch does; undefined otherwise (bin/o365r.js is used).
 */
export function sourceCliWrapper(dir: string): string | undefined {
  if (!hasDist()) return undefined;
  const path = join(dir, "o365r-from-source");
  writeFileSync(
    path,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --input-type=module -e '${fromSourceCode()}' -- "$@"\n`,
    {
      mode: 0o755,
    },
  );
  return path;
}

const hasDist = () => existsSync(join(ROOT, "dist/provider/cli/main.js"));

/** What bin/o365r.js does in a checkout without dist/: register tsx, run provider/cli/main.ts. */
function fromSourceCode(): string {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const main = JSON.stringify(new URL("../../provider/cli/main.ts", import.meta.url).href);
  return `const { register } = await import(${tsx}); register(); const { main } = await import(${main}); await main(["node", "o365r", ...process.argv.slice(1)]);`;
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<SpawnResult> {
  const argv = hasDist()
    ? ["--input-type=module", "-e", fromSourceCode(), "--", ...args]
    : [join(ROOT, "bin/o365r.js"), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
