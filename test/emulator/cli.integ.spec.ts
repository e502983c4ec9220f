// `emulator/main.ts` (and so `o365r emulator`) as a process: base URL first on stdout, OVH_* lines on
// stderr with --demo, clean exit 0 on SIGTERM, and no acknowledged change lost to a SIGKILL.
// `npm exec` (npx) dies on SIGTERM without passing it on, so an `npx tsx` emulator is started in its own
// process group and the group is signalled, as a terminal's Ctrl-C does; the exit status is asserted on
// the tsx binary that npx runs, started directly (tsx forwards signals and exits with the code).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmulatorCommand } from "../../emulator/cli.js";
import { startEmulator } from "../../emulator/index.js";
import { client } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "emulator-cli-"));
});
const groups: number[] = [];
afterAll(async () => {
  // Whatever a failed test left running: each spawn is its own process group.
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  url: string;
  env: Record<string, string>;
  stderr: () => string;
  exit: Promise<number | null>;
}

const TSX = join(process.cwd(), "node_modules", ".bin", "tsx");

/** Spawns the emulator and waits for the URL line and (with --demo) the OVH_* lines. */
async function spawnEmulator(args: string[], via: "npx" | "tsx"): Promise<Running> {
  const child =
    via === "npx"
      ? spawn("npx", ["tsx", "emulator/main.ts", ...args], { stdio: "pipe", detached: true })
      : spawn(TSX, ["emulator/main.ts", ...args], { stdio: "pipe", detached: true });
  groups.push(child.pid!);
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (!(out.includes("\n") && (!args.includes("--demo") || err.includes("OVH_CLIENT_SECRET=")))) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`emulator did not start: ${out}${err}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 50));
  const env = Object.fromEntries(
    err
      .split("\n")
      .filter((l) => /^OVH_[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { child, url: out.split("\n")[0]!, env, stderr: () => err, exit };
}

describe("emulator/main.ts", () => {
  it("prints the URL first, the demo credentials on stderr, serves, and exits 0 on SIGTERM", async () => {
    const run = await spawnEmulator(["--port", "0", "--demo", "--data", dir], "tsx");
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/1\.0$/);
    expect(Object.keys(run.env).sort()).toEqual([
      "OVH_APPLICATION_KEY",
      "OVH_APPLICATION_SECRET",
      "OVH_CLIENT_ID",
      "OVH_CLIENT_SECRET",
      "OVH_CONSUMER_KEY",
      "OVH_ENDPOINT",
    ]);
    expect(run.env.OVH_ENDPOINT).toBe(run.url);
    const call = client(run.url, {
      applicationKey: run.env.OVH_APPLICATION_KEY!,
      applicationSecret: run.env.OVH_APPLICATION_SECRET!,
      consumerKey: run.env.OVH_CONSUMER_KEY!,
    });
    const tenants = (await call<string[]>("GET", "/saas/csp2")).body;
    expect(tenants).toHaveLength(2);
    expect(
      (await call("PUT", `/saas/csp2/${tenants[0]}`, { displayName: "Kept across restarts" })).status,
    ).toBe(200);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toMatch(/# emulator stopped\n$/);

    // Same data, same demo account and credentials; then a SIGKILL right after an answer loses nothing.
    const again = await spawnEmulator(["--demo", "--data", dir], "tsx");
    expect(again.env.OVH_CONSUMER_KEY).toBe(run.env.OVH_CONSUMER_KEY);
    const call2 = client(again.url, {
      applicationKey: again.env.OVH_APPLICATION_KEY!,
      applicationSecret: again.env.OVH_APPLICATION_SECRET!,
      consumerKey: again.env.OVH_CONSUMER_KEY!,
    });
    expect((await call2<{ displayName: string }>("GET", `/saas/csp2/${tenants[0]}`)).body.displayName).toBe(
      "Kept across restarts",
    );
    expect((await call2("PUT", `/saas/csp2/${tenants[1]}`, { displayName: "Acknowledged" })).status).toBe(
      200,
    );
    // The whole group: tsx and the node process it runs, as a power cut would.
    process.kill(-again.child.pid!, "SIGKILL");
    await again.exit;
    const after = await startEmulator({ dataDir: dir });
    try {
      expect(after.state().tenants[tenants[1]!]!.displayName).toBe("Acknowledged");
    } finally {
      await after.stop();
    }
  });

  it("runs with `npx tsx` and stops cleanly when its process group gets SIGTERM", async () => {
    const run = await spawnEmulator(["--port", "0"], "npx");
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/1\.0$/);
    expect(await (await fetch(`${run.url}/auth/time`)).json()).toEqual(expect.any(Number));
    process.kill(-run.child.pid!, "SIGTERM");
    await run.exit;
    const deadline = Date.now() + 5000;
    while (!run.stderr().includes("# emulator stopped") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(run.stderr()).toContain("# emulator stopped");
    await expect(fetch(`${run.url}/auth/time`)).rejects.toThrow();
    // Its temp data directory went with it, although the group's SIGTERM arrived twice (tsx relays it).
    const dataDir = /state in (\S+);/.exec(run.stderr())![1]!;
    expect(existsSync(dataDir)).toBe(false);
  });

  it("refuses a bad port as a usage error (exit 2)", async () => {
    const child = spawn(TSX, ["emulator/main.ts", "--port", "http"], { stdio: "pipe" });
    let err = "";
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--port");
  });
});

describe("runEmulatorCommand", () => {
  it("writes the URL and demo credentials to the given streams and stops on abort", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const abort = new AbortController();
    const running = runEmulatorCommand({ port: 0, demo: true }, { stdout, stderr, signal: abort.signal });
    while (!out.includes("\n")) await new Promise((r) => setTimeout(r, 10));
    const url = out.split("\n")[0]!;
    expect(err).toContain(`OVH_ENDPOINT=${url}`);
    expect(err).toMatch(/^OVH_CONSUMER_KEY=\w{32}$/m);
    expect((await fetch(`${url}/auth/time`)).status).toBe(200);
    abort.abort();
    await running;
    await expect(fetch(`${url}/auth/time`)).rejects.toThrow();
  });
});
