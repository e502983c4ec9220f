// The facts the processes of a machine share (machine-facts.ts), with a clock we set and a real
// directory: how long a fact is used, that a file keeps only what is still used, and that the rate
// budget's tidying spares a file of facts kept for a day.
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FACTS_MAX_AGE_MS, machineFacts } from "../../provider/ovh/machine-facts.js";
import { FACTS_KEPT_MS, SharedWindow } from "../../provider/ovh/rate-budget.js";
import { tenant } from "../../provider/resources/index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "o365r-facts-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;

describe("machine facts", () => {
  it("use a fact for ten minutes, or for as long as it was written to be kept (at most a day)", () => {
    let now = 1_000_000;
    const facts = machineFacts(dir, "k", () => now, true);
    facts.set("account", "ab1-ovh");
    facts.set("csp2-a", true, tenant.DONE_WINDOW_MS);
    facts.set("csp2-b", true, 10 * 24 * HOUR);
    now += FACTS_MAX_AGE_MS + 1;
    expect(facts.get("account")).toBeUndefined();
    expect(facts.get("csp2-a")).toBe(true);
    now += 23 * HOUR;
    expect(facts.get("csp2-a")).toBe(true);
    now += HOUR;
    expect(facts.get("csp2-a")).toBeUndefined();
    // Asked for ten days, kept for one.
    expect(facts.get("csp2-b")).toBeUndefined();
  });

  it("drop what is past its age on each write, so a file holds only what is still used", () => {
    let now = 1_000_000;
    const facts = machineFacts(dir, "k", () => now, true);
    for (const name of ["csp2-a", "csp2-b", "csp2-c"]) facts.set(name, true, tenant.DONE_WINDOW_MS);
    facts.set("clockOffset", 2);
    now += tenant.DONE_WINDOW_MS + 1;
    facts.set("csp2-d", true, tenant.DONE_WINDOW_MS);
    const [file] = readdirSync(dir);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, file!), "utf8")))).toEqual(["csp2-d"]);
  });

  it("keep a file of kept facts through the budget's tidying for a day; other files for an hour", () => {
    const name = (f: string) => join(dir, f);
    const ago = (ms: number) => new Date(Date.now() - ms);
    for (const [file, age] of [
      ["budget.json", 2 * HOUR],
      ["clock.facts.json", 2 * HOUR],
      ["held.kept.json", 2 * HOUR],
      ["old.kept.json", FACTS_KEPT_MS + HOUR],
    ] as const) {
      writeFileSync(name(file), "{}");
      utimesSync(name(file), ago(age), ago(age));
    }
    new SharedWindow({ dir, key: "k", windowMs: 60_000 }).take(Date.now(), 60);
    const left = readdirSync(dir);
    expect(left).toContain("held.kept.json");
    for (const gone of ["old.kept.json", "clock.facts.json", "budget.json"]) expect(left).not.toContain(gone);
  });

  it("are kept at least as long as a finished tenant create is looked at", () => {
    expect(FACTS_KEPT_MS).toBeGreaterThanOrEqual(tenant.DONE_WINDOW_MS);
  });
});
