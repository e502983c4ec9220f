// The budget shared between processes, with a clock we set and a real directory: two SharedWindow
// objects on one file stand for two processes (the real multi-process run is rate-budget.integ.spec).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOvhClient } from "../../provider/ovh/index.js";
import { budgetName, rateBudgetDir, SharedWindow, STALE_LOCK_MS } from "../../provider/ovh/rate-budget.js";
import { fakeTransport, json, SECRETS } from "./fake.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "o365r-budget-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY = "https://eu.api.ovh.com/1.0|ck:0123456789abcdef01234567";
const window = (log?: (line: string) => void, at = dir) =>
  new SharedWindow({ dir: at, key: KEY, windowMs: 60_000, ...(log ? { log } : {}) });
const lockFile = () => join(dir, `${budgetName(KEY)}.lock`);

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("SharedWindow", () => {
  it("counts the starts of every process of the machine against one limit", () => {
    const a = window();
    const b = window();
    const t = 1_700_000_000_000;
    expect(a.take(t, 3)).toBe(0);
    expect(b.take(t + 10, 3)).toBe(0);
    expect(a.take(t + 20, 3)).toBe(0);
    // The fourth start, in either process, waits for the first to leave the window (61 s with its guard).
    expect(b.take(t + 30, 3)).toBe(61_000 - 30);
    expect(a.take(t + 30, 3)).toBe(61_000 - 30);
    expect(b.take(t + 61_000, 3)).toBe(0);
    expect(readdirSync(dir)).toEqual([`${budgetName(KEY)}.json`]);
  });

  it("waits while another live process holds the lock, without counting a start", () => {
    writeFileSync(lockFile(), `${process.pid} ${hostname()} held-by-a-live-process`);
    const w = window();
    const t = 1_700_000_000_000;
    const delay = w.take(t, 3);
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThan(100);
    rmSync(lockFile());
    expect(w.take(t, 1)).toBe(0);
  });

  it("takes over a lock whose process died, and one held longer than a lock is ever held", () => {
    const lines: string[] = [];
    const pid = deadPid();
    writeFileSync(lockFile(), `${pid} ${hostname()} left-behind`);
    const t = 1_700_000_000_000;
    expect(window((l) => lines.push(l)).take(t, 3)).toBe(0);
    expect(lines).toEqual([`rate budget: took over a lock left by process ${pid} on ${hostname()}`]);
    expect(readdirSync(dir)).toEqual([`${budgetName(KEY)}.json`]);

    // A live holder (this process) that has held it for longer than STALE_LOCK_MS: hung, taken over.
    writeFileSync(lockFile(), `${process.pid} ${hostname()} hung`);
    const past = (Date.now() - STALE_LOCK_MS - 1_000) / 1000;
    utimesSync(lockFile(), past, past);
    expect(window().take(t + 1, 3)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, `${budgetName(KEY)}.json`), "utf8"))).toEqual({
      starts: [t, t + 1],
    });
  });

  it("falls back to this process alone, with a debug note, when the directory cannot be written", () => {
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "");
    const lines: string[] = [];
    const w = window((l) => lines.push(l), join(notADirectory, "rate"));
    const t = 1_700_000_000_000;
    expect(w.take(t, 2)).toBe(0);
    expect(w.take(t, 2)).toBe(0);
    // Still a limit, within this process.
    expect(w.take(t, 2)).toBe(61_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^rate budget: .*\/file\/rate cannot be written \((ENOTDIR|EEXIST)\); the requests per minute of this credential are kept within this process only/,
    );
  });

  it("lives in $XDG_CACHE_HOME/o365-reseller/rate, else ~/.cache/o365-reseller/rate", () => {
    expect(rateBudgetDir({ XDG_CACHE_HOME: "/x/cache" })).toBe("/x/cache/o365-reseller/rate");
    expect(rateBudgetDir({})).toMatch(/\/\.cache\/o365-reseller\/rate$/);
  });

  it("never puts a secret in a file name or a file (through the client, as every front end uses it)", async () => {
    const fake = fakeTransport().on("GET /me", json(200, { nichandle: "ab1-ovh" }));
    const client = createOvhClient({
      ...SECRETS,
      clientId: undefined,
      clientSecret: undefined,
      env: {},
      configFiles: [],
      transport: fake.send,
      rateBudget: { dir },
      log: false,
    });
    await client.raw("GET", "/me");
    await client.close();
    // The credential's budget and the endpoint's shared facts (its clock offset: machine-facts.ts).
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const text = files.map((f) => f + readFileSync(join(dir, f), "utf8")).join("\n");
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    const budget = files.find((f) => !f.endsWith(".facts.json"))!;
    // Two starts (GET /auth/time, GET /me), and nothing else.
    expect(JSON.parse(readFileSync(join(dir, budget), "utf8")).starts).toHaveLength(2);
    const facts = files.find((f) => f.endsWith(".facts.json"))!;
    expect(Object.keys(JSON.parse(readFileSync(join(dir, facts), "utf8")))).toEqual(["clockOffset"]);
  });
});
