// Facts every process of this machine may share for a short while, so that each new provider process
// (OpenTofu starts several per command, Pulumi one per preview and one per up) does not ask OVHcloud
// again: the NIC handle and subsidiary of a credential (`GET /me`: a consumer key never changes
// account) and the endpoint's clock offset (`GET /auth/time`: re-read at once if OVHcloud refuses a
// signature's timestamp, so a wrong offset costs one retry, never a wrong request).
//
// They live beside the shared rate budget (rate-budget.ts), in one small JSON file per credential and
// one per endpoint, named by a hash and holding no secret: `{ "<fact>": { "value": …, "at": ms } }`. A
// fact older than FACTS_MAX_AGE_MS is not used, unless it was written to be kept longer (`keepMs`, at
// most FACTS_KEPT_MS: Terraform's record of the tenants a state holds is kept for a day) in a file made
// for that (`kept`: `.kept.json`, which the budget's tidying spares for FACTS_KEPT_MS instead of an
// hour). Each write drops the facts past their age, so a file holds only what is still used. Written
// whole through a rename, so a reader never sees half a file; any error reading or writing means "not
// known", never a failure. Two processes writing one file at the same moment may lose one's fact,
// which then is not known: a fact may only ever save work or allow what is safe without it.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { budgetName, FACTS_KEPT_MS, KEPT_FACTS_SUFFIX } from "./rate-budget.js";

/** How long a fact is used after it was learnt, unless it was written with a `keepMs` of its own. */
export const FACTS_MAX_AGE_MS = 10 * 60_000;

export interface MachineFacts {
  get(name: string): unknown;
  /** `keepMs`: how long the fact is used (default FACTS_MAX_AGE_MS, at most FACTS_KEPT_MS). */
  set(name: string, value: unknown, keepMs?: number): void;
}

interface StoredFact {
  value: unknown;
  at: number;
  keepMs?: number;
}

/** Whether a stored fact is still used at `now`. */
function fresh(fact: StoredFact | undefined, now: number): fact is StoredFact {
  if (!fact || typeof fact.at !== "number") return false;
  const keep = typeof fact.keepMs === "number" ? Math.min(fact.keepMs, FACTS_KEPT_MS) : FACTS_MAX_AGE_MS;
  const age = now - fact.at;
  return age >= 0 && age <= keep;
}

/** Facts kept by no one (no shared directory: tests with their own clock, or the budget turned off). */
export const noFacts: MachineFacts = { get: () => undefined, set: () => {} };

/** `kept`: a file for facts kept longer than an hour (see above). */
export function machineFacts(
  dir: string,
  key: string,
  now: () => number = Date.now,
  kept = false,
): MachineFacts {
  const file = join(dir, `${budgetName(`facts|${key}`)}${kept ? KEPT_FACTS_SUFFIX : ".facts.json"}`);
  const read = (): Record<string, StoredFact> => {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
      return typeof parsed === "object" && parsed !== null ? (parsed as never) : {};
    } catch {
      return {};
    }
  };
  return {
    get(name) {
      const fact = read()[name];
      return fresh(fact, now()) ? fact.value : undefined;
    },
    set(name, value, keepMs) {
      const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const at = now();
        const live = Object.entries(read()).filter(([, fact]) => fresh(fact, at));
        const fact: StoredFact = keepMs === undefined ? { value, at } : { value, at, keepMs };
        const all = { ...Object.fromEntries(live), [name]: fact };
        writeFileSync(temp, JSON.stringify(all), { mode: 0o600 });
        renameSync(temp, file);
      } catch {
        rmSync(temp, { force: true });
      }
    },
  };
}
