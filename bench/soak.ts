/**
 * bench/soak: does every run reach what was declared, without buying anything twice, after faults and a
 * killed engine? (issue 14, item 5)
 *
 *   npx tsx bench/soak.ts [--runs N] [--engine tofu|pulumi|alternate] [--fault-rate R] [--seed S]
 *                         [--max-minutes M]                                        (npm run bench:soak)
 *
 * Each run has an emulator of its own (in this process; tasks and order steps of 1 virtual second) and
 * a fresh project of the real engine (the e2e harness, test/e2e/harness). The program: two tenants,
 * three subscriptions (bench/soak/world.ts). Under faults (bench/soak/faults.ts: about R of all calls
 * answered 5xx or their answer lost before or after the server applied them, and task-starting calls
 * ending in `error` with probability R) it is applied twice: created, then one subscription's seats
 * raised. One of these two applies, drawn at random, is killed (SIGKILL to the engine's process group)
 * after a random number of API calls, drawn up to what that apply costs without faults (measured first,
 * once per engine) and counted from its start, on into the next apply when a fault ended it first
 * (a kill is "missed" when both ended before). Then faults off, and at most two clean applies of the
 * final program; after each the emulator's state is counted (bench/soak/check.ts) and the engine plans
 * once more: converged when every tenant has one paid order, every declared licence one working
 * subscription with the declared seats and nothing else, and the plan proposes nothing.
 *
 * Run i draws its faults and its kill from seed S+i: `--seed S+i-1 --runs 1 --engine E` repeats it with
 * the same draws (the engine's timing, and so which calls the draws fall on, still varies).
 *
 * Figures only: nothing here asserts; the exit code is 0 whatever the figures. Bounded: each engine
 * command is stopped after 4 minutes, and no new run starts after --max-minutes.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { seededRandom } from "../emulator/control/random.js";
import { type EmulatorHandle, startEmulator } from "../emulator/index.js";
import { type Engines, ensureEngines } from "../scripts/engines.js";
import type { RunResult } from "../test/e2e/harness/index.js";
import { buildPackage } from "../test/e2e/pulumi-support.js";
import { type Counts, countOutcome } from "./soak/check.js";
import { type Driver, type EngineName, firstError, openPulumi, openTofu } from "./soak/engines.js";
import { FAULT_KINDS, type FaultKind, faultsFired, injectFaults } from "./soak/faults.js";
import { CREATED, type PulumiModule, SEATS_CHANGED, type World } from "./soak/world.js";

const COMMAND_TIMEOUT_MS = 240_000;
const CLEAN_APPLIES = 2;
const PHASES: { label: string; world: World }[] = [
  { label: "create", world: CREATED },
  { label: "seat change", world: SEATS_CHANGED },
];

interface RunFigures {
  run: number;
  engine: EngineName;
  seed: number;
  calls: number;
  faults: Record<FaultKind, number>;
  /**
   * The kill: aimed at the `afterCall`-th API call from the start of the `aimedAt` apply; `killedIn`
   * the apply it hit (null: every faulted apply had ended before).
   */
  kill: { aimedAt: string; afterCall: number; killedIn: string | null };
  /** The faulted applies: how each ended ("ok", "failed", "killed"), and its first error. */
  faulted: { phase: string; ended: string; detail: string }[];
  /** 1 or 2: the clean apply after which the run had converged; null: not after two. */
  convergedAfter: number | null;
  /** Clean applies that exited non-zero. */
  cleanApplyFailures: number;
  /** Why the run had not converged after its last clean apply. */
  reasons: string[];
  /** Every reason of a run that did not converge involves a task that ended in `error`. */
  taskErrorOnly: boolean;
  duplicateOrders: number;
  duplicateSubscriptions: number;
  seconds: number;
}

interface Context {
  engines: Engines;
  pulumi: PulumiModule | null;
  faultRate: number;
}

function log(line: string): void {
  process.stderr.write(`bench/soak: ${line}\n`);
}

async function withRun<T>(
  ctx: Context,
  engine: EngineName,
  fn: (em: EmulatorHandle, nic: string, driver: Driver) => Promise<T>,
): Promise<T> {
  const em = await startEmulator({ port: 0, taskSeconds: 1, orderStepSeconds: 1 });
  let driver: Driver | undefined;
  try {
    const account = em.createAccount();
    driver =
      engine === "tofu"
        ? await openTofu(ctx.engines, em, account)
        : await openPulumi(ctx.engines, ctx.pulumi!, em, account);
    return await fn(em, account.nic, driver);
  } finally {
    await driver?.cleanup().catch((e: unknown) => log(`cleanup: ${String(e)}`));
    await em.stop();
  }
}

/** API calls each phase costs without faults or kills: the range a kill is drawn from. */
async function calibrate(ctx: Context, engine: EngineName): Promise<number[]> {
  return withRun(ctx, engine, async (em, nic, driver) => {
    const calls: number[] = [];
    for (const phase of PHASES) {
      const before = em.calls().length;
      const r = await driver.apply(phase.world, { timeoutMs: COMMAND_TIMEOUT_MS });
      if (r.code !== 0) throw new Error(`${engine} ${phase.label} without faults failed: ${firstError(r)}`);
      calls.push(em.calls().length - before);
    }
    const counts = countOutcome(em, nic, SEATS_CHANGED);
    const plan = await driver.plan(SEATS_CHANGED, COMMAND_TIMEOUT_MS);
    if (counts.problems.length > 0 || !plan.empty) {
      throw new Error(
        `${engine} without faults did not reach the declared state: ${[...counts.problems.map((p) => p.what), plan.detail].join("; ")}`,
      );
    }
    return calls;
  });
}

/**
 * Applies `world`, killing the engine once the emulator's call log reaches `killAt` calls (unless it
 * ends first, or `killAt` is null).
 */
async function applyUntil(
  em: EmulatorHandle,
  driver: Driver,
  world: World,
  killAt: number | null,
): Promise<{ result: RunResult; killed: boolean }> {
  if (killAt === null)
    return { result: await driver.apply(world, { timeoutMs: COMMAND_TIMEOUT_MS }), killed: false };
  const kill = new AbortController();
  let done = false;
  const running = driver.apply(world, { kill: kill.signal, timeoutMs: COMMAND_TIMEOUT_MS }).finally(() => {
    done = true;
  });
  while (!done && em.calls().length < killAt) await new Promise((r) => setTimeout(r, 25));
  if (!done) kill.abort();
  const result = await running;
  return { result, killed: kill.signal.aborted && result.signal === "SIGKILL" };
}

async function soakRun(ctx: Context, run: number, engine: EngineName, seed: number, phaseCalls: number[]) {
  const started = performance.now();
  const random = seededRandom(seed);
  const killPhase = random() < 0.5 ? 0 : 1;
  const afterCall = 1 + Math.floor(random() * phaseCalls[killPhase]!);
  return withRun(ctx, engine, async (em, nic, driver): Promise<RunFigures> => {
    const kinds = injectFaults(em, ctx.faultRate, seed);
    const faulted: RunFigures["faulted"] = [];
    // The kill is aimed at the `afterCall`-th call from the start of the drawn apply; when that apply
    // ends first (a fault often stops it early), the count goes on into the next one.
    let killAt: number | null = null;
    let killedIn: string | null = null;
    for (const [i, phase] of PHASES.entries()) {
      if (i === killPhase) killAt = em.calls().length + afterCall;
      const { result, killed } = await applyUntil(em, driver, phase.world, killedIn === null ? killAt : null);
      if (killed) {
        killedIn = phase.label;
        faulted.push({ phase: phase.label, ended: "killed", detail: "" });
        await driver.afterKill();
      } else faulted.push(ended(phase.label, result));
    }
    const faultedCalls = em.calls();
    em.clearFaults();

    let convergedAfter: number | null = null;
    let cleanApplyFailures = 0;
    let last: { counts: Counts; reasons: string[] } | undefined;
    for (let n = 1; n <= CLEAN_APPLIES; n++) {
      const r = await driver.apply(SEATS_CHANGED, { timeoutMs: COMMAND_TIMEOUT_MS });
      if (r.code !== 0) cleanApplyFailures += 1;
      const counts = countOutcome(em, nic, SEATS_CHANGED);
      const plan = await driver.plan(SEATS_CHANGED, COMMAND_TIMEOUT_MS);
      const reasons = counts.problems.map((p) => `${p.what}${p.taskError ? " [task error]" : ""}`);
      // The plan's word matters most when it is "no changes" while the state is not what was declared.
      reasons.push(plan.empty ? "the plan proposes no changes" : plan.detail);
      if (r.code !== 0) reasons.push(`clean apply ${n}: ${firstError(r)}`);
      last = { counts, reasons };
      if (counts.problems.length === 0 && plan.empty) {
        convergedAfter = n;
        break;
      }
    }
    const figures: RunFigures = {
      run,
      engine,
      seed,
      calls: faultedCalls.length,
      faults: faultsFired(faultedCalls, kinds),
      kill: { aimedAt: PHASES[killPhase]!.label, afterCall, killedIn },
      faulted,
      convergedAfter,
      cleanApplyFailures,
      reasons: convergedAfter === null ? last!.reasons : [],
      taskErrorOnly:
        convergedAfter === null &&
        last!.counts.problems.length > 0 &&
        last!.counts.problems.every((p) => p.taskError),
      duplicateOrders: last!.counts.duplicateOrders,
      duplicateSubscriptions: last!.counts.duplicateSubscriptions,
      seconds: (performance.now() - started) / 1000,
    };
    return figures;
  });
}

function ended(phase: string, r: RunResult): RunFigures["faulted"][number] {
  return r.code === 0
    ? { phase, ended: "ok", detail: "" }
    : { phase, ended: "failed", detail: firstError(r) };
}

// ---------------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function summary(runs: RunFigures[]): string[] {
  const sum = (f: (r: RunFigures) => number) => runs.reduce((a, r) => a + f(r), 0);
  const count = (f: (r: RunFigures) => boolean) => runs.filter(f).length;
  const faults = sum((r) => FAULT_KINDS.reduce((a, k) => a + r.faults[k], 0));
  const calls = sum((r) => r.calls);
  const notConverged = runs.filter((r) => r.convergedAfter === null);
  const taskError = notConverged.filter((r) => r.taskErrorOnly).length;
  return [
    String(runs.length),
    String(calls),
    `${faults} (${calls ? ((100 * faults) / calls).toFixed(1) : "0"} %)`,
    ...FAULT_KINDS.map((k) => String(sum((r) => r.faults[k]))),
    `${count((r) => r.kill.killedIn !== null)} (${count((r) => r.kill.killedIn === null)} missed)`,
    String(count((r) => r.convergedAfter === 1)),
    String(count((r) => r.convergedAfter === 2)),
    String(notConverged.length),
    String(taskError),
    String(notConverged.length - taskError),
    String(sum((r) => r.cleanApplyFailures)),
    `${sum((r) => r.duplicateOrders)} (${count((r) => r.duplicateOrders > 0)} runs)`,
    `${sum((r) => r.duplicateSubscriptions)} (${count((r) => r.duplicateSubscriptions > 0)} runs)`,
  ];
}

const SUMMARY_ROWS = [
  "runs",
  "API calls under faults",
  "faults injected (% of those calls)",
  ...FAULT_KINDS.map((k) => `  ${k}`),
  "kills (missed: every faulted apply ended before the kill point)",
  "converged after 1 clean apply",
  "converged after 2 clean applies",
  "not converged",
  "  a task ended in error (item 5)",
  "  other",
  "clean applies that failed",
  "duplicate orders (runs)",
  "duplicate subscriptions (runs)",
];

function printReport(runs: RunFigures[], params: string[], minutes: number): void {
  const out: string[] = [];
  out.push(`bench/soak — ${params.join(", ")}; ${minutes.toFixed(1)} min`, "");
  const byEngine = (["tofu", "pulumi"] as EngineName[]).filter((e) => runs.some((r) => r.engine === e));
  const columns: [string, RunFigures[]][] = [["all runs", runs]];
  if (byEngine.length > 1) for (const e of byEngine) columns.push([e, runs.filter((r) => r.engine === e)]);
  const figures = columns.map(([, rs]) => summary(rs));
  out.push(
    table([
      ["", ...columns.map(([label]) => label)],
      ...SUMMARY_ROWS.map((label, i) => [label, ...figures.map((f) => f[i]!)]),
    ]),
    "",
  );
  out.push(
    table([
      ["run", "engine", "seed", "calls", "faults", "kill", "faulted applies", "result"],
      ...runs.map((r) => [
        String(r.run),
        r.engine,
        String(r.seed),
        String(r.calls),
        String(FAULT_KINDS.reduce((a, k) => a + r.faults[k], 0)),
        `${r.kill.aimedAt}+${r.kill.afterCall}${r.kill.killedIn === null ? " missed" : r.kill.killedIn === r.kill.aimedAt ? "" : ` → ${r.kill.killedIn}`}`,
        r.faulted.map((f) => `${f.phase} ${f.ended}`).join(", "),
        r.convergedAfter !== null ? `converged after ${r.convergedAfter}` : "NOT converged",
      ]),
    ]),
  );
  const failed = runs.filter((r) => r.convergedAfter === null);
  if (failed.length > 0) {
    out.push("", "Not converged, why (after the last clean apply):");
    for (const r of failed) {
      out.push(
        `  run ${r.run} (${r.engine}, seed ${r.seed})${r.taskErrorOnly ? " [task ended in error: item 5]" : ""}:`,
      );
      for (const reason of r.reasons) out.push(`    - ${reason}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "50" },
      engine: { type: "string", default: "alternate" },
      "fault-rate": { type: "string", default: "0.1" },
      seed: { type: "string" },
      "max-minutes": { type: "string", default: "120" },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs ${values.runs}: must be a whole number ≥ 1`);
  const engineOpt = values.engine!;
  if (!["tofu", "pulumi", "alternate"].includes(engineOpt)) {
    throw new Error(`--engine ${engineOpt}: must be tofu, pulumi or alternate`);
  }
  const faultRate = Number(values["fault-rate"]);
  if (!(faultRate >= 0 && faultRate < 1))
    throw new Error(`--fault-rate ${values["fault-rate"]}: must be in [0, 1)`);
  const maxMinutes = Number(values["max-minutes"]);
  if (!(maxMinutes > 0)) throw new Error(`--max-minutes ${values["max-minutes"]}: must be > 0`);
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1_000_000);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: must be a whole number`);

  const started = performance.now();
  const engines = await ensureEngines({ build: false, log: (l) => log(`[engines] ${l}`) });
  const used: EngineName[] = engineOpt === "alternate" ? ["tofu", "pulumi"] : [engineOpt as EngineName];
  let pulumi: PulumiModule | null = null;
  if (used.includes("pulumi")) {
    await buildPackage((l) => log(l));
    pulumi = await import("o365-reseller/pulumi");
  }
  const ctx: Context = { engines, pulumi, faultRate };

  const phaseCalls = new Map<EngineName, number[]>();
  for (const engine of used) {
    const calls = await calibrate(ctx, engine);
    phaseCalls.set(engine, calls);
    log(`${engine} without faults: ${PHASES.map((p, i) => `${p.label} ${calls[i]} calls`).join(", ")}`);
  }

  const figures: RunFigures[] = [];
  for (let run = 1; run <= runs; run++) {
    if ((performance.now() - started) / 60_000 > maxMinutes) {
      log(`--max-minutes ${maxMinutes} reached: ${run - 1} of ${runs} runs done`);
      break;
    }
    const engine = used[(run - 1) % used.length]!;
    const f = await soakRun(ctx, run, engine, seed + run, phaseCalls.get(engine)!);
    figures.push(f);
    log(
      `run ${run}/${runs} ${engine} seed ${f.seed}: ${f.faulted.map((x) => `${x.phase} ${x.ended}${x.detail ? ` (${x.detail})` : ""}`).join(" | ")} → ${
        f.convergedAfter !== null
          ? `converged after ${f.convergedAfter}`
          : `NOT converged: ${f.reasons.join("; ")}`
      } (${f.seconds.toFixed(0)} s)`,
    );
  }

  const params = [
    `${figures.length} runs`,
    `engine ${engineOpt} (tofu ${engines.tofu.version}${pulumi ? `, pulumi ${engines.pulumi.version}` : ""})`,
    `fault rate ${faultRate}`,
    `seed ${seed} (run i uses ${seed}+i)`,
    ...[...phaseCalls].map(
      ([e, c]) => `${e} kill drawn in 1..${c.join(" / 1..")} calls (create / seat change)`,
    ),
    `${cpus().length} CPUs`,
  ];
  printReport(figures, params, (performance.now() - started) / 60_000);
}

await main();
