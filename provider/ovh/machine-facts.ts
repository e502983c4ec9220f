// Facts every process of this machine may share for a short while, so that each new provider process
// (OpenTofu starts several per command, Pulumi one per preview and one per up) does not ask OVHcloud
// again: the NIC handle and subsidiary of a credential (`GET /me`: a consumer key never changes
// account) and the endpoint's clock offset (`GET /auth/time`: re-read at once if OVHcloud refuses a
// signature's timestamp, so a wrong offset costs one retry, never a wrong request).
//
// They live beside the shared rate budget (rate-budget.ts), in one small JSON file per credential and
// one per endpoint, named by a hash and holding no secret: `{ "<fact>": { "value": …, "at": ms } }`. A
// fact older than FACTS_MAX_AGE_MS is not used. Written whole through a rename, so a reader never sees
// half a file; any error reading or writing means "not known", never a failure.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { budgetName } from "./rate-budget.js";

/** How long a fact is used after it was learnt. */
export const FACTS_MAX_AGE_MS = 10 * 60_000;

export interface MachineFacts {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}

/** Facts kept by no one (no shared directory: tests with their own clock, or the budget turned off). */
export const noFacts: MachineFacts = { get: () => undefined, set: () => {} };

export function machineFacts(dir: string, key: string, now: () => number = Date.now): MachineFacts {
  const file = join(dir, `${budgetName(`facts|${key}`)}.facts.json`);
  const read = (): Record<string, { value: unknown; at: number }> => {
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
      if (!fact || typeof fact.at !== "number") return undefined;
      const age = now() - fact.at;
      return age >= 0 && age <= FACTS_MAX_AGE_MS ? fact.value : undefined;
    },
    set(name, value) {
      const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(temp, JSON.stringify({ ...read(), [name]: { value, at: now() } }), { mode: 0o600 });
        renameSync(temp, file);
      } catch {
        rmSync(temp, { force: true });
      }
    },
  };
}
