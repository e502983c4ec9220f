/**
 * The faults of a soak run, through the emulator's fault injection (docs/emulator.md, "Faults"): about
 * one API call in ten answered with a 5xx or its answer lost (before or after the server applied it),
 * and some of the calls that start a task made to end in `error`. Seeded per run, so a run can be
 * repeated with the same draws (the engine's timing still varies).
 */
import type { CallRecord, EmulatorHandle } from "../../emulator/index.js";

export type FaultKind = "5xx" | "answer lost before" | "answer lost after" | "task error";
export const FAULT_KINDS: FaultKind[] = ["5xx", "answer lost before", "answer lost after", "task error"];

/** Calls that create a subscription task: new subscription, seat change. */
const TASK_CALLS = ["/saas/csp2/*/subscription", "/saas/csp2/*/subscription/*/changeQuantity"];

/**
 * Adds the run's faults; returns fault id → kind. `rate` is the share of all calls faulted by 5xx and
 * lost answers together; a task-starting POST also ends in `error` with probability `rate`. The
 * task faults come first: the first fault that fires decides a call, and they would otherwise be drawn
 * only for the calls the others let through.
 */
export function injectFaults(em: EmulatorHandle, rate: number, seed: number): Map<number, FaultKind> {
  const kinds = new Map<number, FaultKind>();
  let n = 0;
  const add = (kind: FaultKind, spec: Parameters<EmulatorHandle["addFault"]>[0]) => {
    n += 1;
    kinds.set(em.addFault({ ...spec, seed: seed * 16 + n }), kind);
  };
  for (const path of TASK_CALLS)
    add("task error", { method: "POST", path, task: "error", probability: rate });
  // The others share `rate`: each draws only for the calls the ones before it let through.
  const share = [0.4, 0.3, 0.3].map((part, i, all) => {
    const before = all.slice(0, i).reduce((a, b) => a + b, 0);
    return (rate * part) / (1 - rate * before);
  });
  add("5xx", { path: "/**", status: 503, probability: share[0]! });
  add("answer lost before", { path: "/**", drop: "before", probability: share[1]! });
  add("answer lost after", { path: "/**", drop: "after", probability: share[2]! });
  return kinds;
}

/** Faults that fired, by kind, from the emulator's call log. */
export function faultsFired(
  calls: readonly CallRecord[],
  kinds: Map<number, FaultKind>,
): Record<FaultKind, number> {
  const fired = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const c of calls) {
    const kind = c.fault === undefined ? undefined : kinds.get(c.fault);
    if (kind) fired[kind] += 1;
  }
  return fired;
}
