// Injected faults (`POST /_emulator/faults`): matched by method and path glob, each call that matches
// draws from the fault's own seeded generator when it has a probability, and `count` bounds how often
// it fires. The first fault that fires decides the call; faults live in memory only.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { globRegExp } from "./glob.js";
import { seededRandom } from "./random.js";

export const FaultSpec = z
  .object({
    method: z.string().min(1).optional(),
    path: z.string().min(1),
    status: z.number().int().min(100).max(599).optional(),
    retryAfter: z.number().int().min(0).optional(),
    /** true or "before": close the connection without processing; "after": process, then close unanswered. */
    drop: z.union([z.boolean(), z.enum(["before", "after"])]).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().min(1).optional(),
    seed: z.number().int().optional(),
    /** Tasks created by matching calls end in `error`. */
    task: z.literal("error").optional(),
    /** Orders checked out by matching calls never deliver ("stuck") or are cancelled ("fail"). */
    order: z.enum(["stuck", "fail"]).optional(),
    /** Message of the error body answered with `status`. */
    message: z.string().optional(),
  })
  .refine(
    (f) =>
      f.status !== undefined ||
      (f.drop !== undefined && f.drop !== false) ||
      f.delayMs !== undefined ||
      f.task !== undefined ||
      f.order !== undefined,
    { message: "a fault needs at least one of status, drop, delayMs, task, order" },
  );
export type FaultSpec = z.infer<typeof FaultSpec>;

export interface FaultEffect {
  id: number;
  status?: number;
  retryAfter?: number;
  message?: string;
  drop?: "before" | "after";
  delayMs?: number;
  task?: "error";
  order?: "stuck" | "fail";
}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  method: string | null;
  path: RegExp;
  remaining: number;
  random: () => number;
}

export class Faults {
  private faults: ActiveFault[] = [];
  private lastId = 0;

  add(spec: FaultSpec): number {
    this.lastId += 1;
    this.faults.push({
      id: this.lastId,
      spec,
      method: spec.method ? spec.method.toUpperCase() : null,
      path: globRegExp(spec.path),
      remaining: spec.count ?? Number.POSITIVE_INFINITY,
      random: seededRandom(spec.seed ?? randomInt(2 ** 31)),
    });
    return this.lastId;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): (FaultSpec & { id: number; remaining: number | null })[] {
    return this.faults.map((f) => ({
      ...f.spec,
      id: f.id,
      remaining: Number.isFinite(f.remaining) ? f.remaining : null,
    }));
  }

  /** The fault that fires for this call, if any (consumes one of its `count`). */
  decide(method: string, path: string): FaultEffect | null {
    for (const fault of this.faults) {
      if (fault.remaining <= 0) continue;
      if (fault.method !== null && fault.method !== method) continue;
      if (!fault.path.test(path)) continue;
      if (fault.spec.probability !== undefined && fault.random() >= fault.spec.probability) continue;
      fault.remaining -= 1;
      return effectOf(fault);
    }
    return null;
  }
}

function effectOf(fault: ActiveFault): FaultEffect {
  const { spec } = fault;
  const effect: FaultEffect = { id: fault.id };
  if (spec.status !== undefined) effect.status = spec.status;
  if (spec.retryAfter !== undefined) effect.retryAfter = spec.retryAfter;
  if (spec.message !== undefined) effect.message = spec.message;
  if (spec.drop === true || spec.drop === "before") effect.drop = "before";
  if (spec.drop === "after") effect.drop = "after";
  if (spec.delayMs !== undefined) effect.delayMs = spec.delayMs;
  if (spec.task !== undefined) effect.task = spec.task;
  if (spec.order !== undefined) effect.order = spec.order;
  return effect;
}
