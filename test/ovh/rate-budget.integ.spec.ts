// One rate budget per credential across processes: three real child processes on one credential fire a
// burst of requests each, and the emulator's call log (where OVHcloud would count) never sees more than
// the budget in any window. The window is shortened to 2 s so that the run takes seconds; the rule is
// the same as with a minute. A control run without the shared budget shows the measure catches excess.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";

const FIXTURE = new URL("./fixtures/burst.ts", import.meta.url).pathname;
const PROCESSES = 3;
const PER_WINDOW = 30;
const WINDOW_MS = 2_000;

let em: EmulatorHandle;
let dir: string;

beforeAll(async () => {
  em = await startEmulator({ port: 0, log: () => {} });
  dir = mkdtempSync(join(tmpdir(), "o365r-budget-"));
});
afterAll(async () => {
  await em?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a burst process; resolves once it is ready, with the function that fires it. */
async function burster(account: AccountCredentials, budgetDir: string): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: {
      ...process.env,
      BURST_ENDPOINT: em.url,
      BURST_AK: account.applicationKey,
      BURST_AS: account.applicationSecret,
      BURST_CK: account.consumerKey,
      BURST_COUNT: String(PER_WINDOW),
      BURST_RPM: String(PER_WINDOW),
      BURST_WINDOW_MS: String(WINDOW_MS),
      BURST_DIR: budgetDir,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`burst exited ${code}: ${stderr}`)),
    ),
  );
  await Promise.race([
    new Promise<void>((resolve) => createInterface({ input: child.stdout! }).once("line", () => resolve())),
    exited,
  ]);
  return () => {
    child.stdin!.end("go\n");
    return exited;
  };
}

/** Three processes on one credential, each ready (clock read), then fired together. */
async function bursts(account: AccountCredentials, budgetDir: string): Promise<void> {
  const fire = await Promise.all(Array.from({ length: PROCESSES }, () => burster(account, budgetDir)));
  await Promise.all(fire.map((f) => f()));
}

/** The calls of one account, and the most of them that arrived within any window of WINDOW_MS. */
function measure(nic: string): { calls: number; busiestWindow: number } {
  const at = em
    .calls()
    .filter((c) => c.account === nic)
    .map((c) => Date.parse(c.at))
    .sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[j]! < at[i]! - WINDOW_MS + 1) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return { calls: at.length, busiestWindow: busiest };
}

describe("one rate budget per credential on one machine", () => {
  it(`three processes on one credential stay within ${PER_WINDOW} requests per window together`, async () => {
    const account = em.createAccount({ nic: "shared-budget-ovh" });
    await bursts(account, dir);
    const { calls, busiestWindow } = measure(account.nic);
    // Signed calls (each process also read the unsigned /auth/time once, within the budget too).
    expect(calls).toBe(PROCESSES * PER_WINDOW);
    const at = em
      .calls()
      .filter((c) => c.account === account.nic || c.path === "/auth/time")
      .map((c) => `${Date.parse(c.at) % 100000}${c.path === "/auth/time" ? "t" : ""}`);
    console.log(at.join(" "));
    expect(busiestWindow).toBeLessThanOrEqual(PER_WINDOW);
    console.log(
      `shared budget: ${calls} calls from ${PROCESSES} processes, at most ${busiestWindow} in any ${WINDOW_MS} ms window (budget ${PER_WINDOW})`,
    );
  }, 60_000);

  it("without the shared budget, the same processes together exceed it (the measure catches excess)", async () => {
    const account = em.createAccount({ nic: "own-budgets-ovh" });
    await bursts(account, "off");
    const { calls, busiestWindow } = measure(account.nic);
    expect(calls).toBe(PROCESSES * PER_WINDOW);
    expect(busiestWindow).toBeGreaterThan(PER_WINDOW);
    console.log(
      `per-process budgets: ${calls} calls, at most ${busiestWindow} in any ${WINDOW_MS} ms window (budget ${PER_WINDOW})`,
    );
  }, 60_000);
});
