/**
 * The engines a soak run drives, through the e2e harness's projects: real `tofu` with our provider
 * through dev_overrides, real `pulumi` with the program inline. Every command's failure is an outcome
 * to count, not an exception: applies answer their RunResult whatever the exit code or signal.
 */
import type { AccountCredentials, EmulatorHandle } from "../../emulator/index.js";
import type { Engines } from "../../scripts/engines.js";
import {
  CommandError,
  ovhEnv,
  PulumiProject,
  type RunResult,
  TofuProject,
  type Workdir,
} from "../../test/e2e/harness/index.js";
import { exampleConfig, killOrphanedProviders } from "../../test/e2e/pulumi-support.js";
import { PROVIDER_SOURCE, providerDir } from "../../test/e2e/tofu-provider-support.js";
import { hcl, type PulumiModule, pulumiProgram, type World } from "./world.js";

export type EngineName = "tofu" | "pulumi";

export interface PlanOutcome {
  /** The plan proposes nothing (tofu plan -detailed-exitcode 0; pulumi preview --expect-no-changes 0). */
  empty: boolean;
  /** What it proposed, or why it failed, in one line. */
  detail: string;
}

export interface Driver {
  engine: EngineName;
  apply(world: World, opts: { kill?: AbortSignal; timeoutMs: number }): Promise<RunResult>;
  /** What a user does after the engine died mid-apply, before running it again. */
  afterKill(): Promise<void>;
  plan(world: World, timeoutMs: number): Promise<PlanOutcome>;
  cleanup(): Promise<void>;
}

/** The result of a command, whether it succeeded or not. */
async function outcome(running: Promise<RunResult>): Promise<RunResult> {
  try {
    return await running;
  } catch (error) {
    if (error instanceof CommandError) return error.result;
    throw error;
  }
}

/**
 * The first error an engine printed, on one line: OpenTofu's diagnostic title and the first paragraph of
 * its detail (the resource address and source lines left out), or Pulumi's first `error:` line.
 */
export function firstError(r: RunResult): string {
  const lines = `${r.stdout}\n${r.stderr}`.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, ""));
  const isError = (l: string) => /^(Error|error): /.test(l.trim());
  // Pulumi's summary ("error: update failed") comes before the resource's own diagnostic.
  const isSummary = (l: string) => /^error: (update|preview|refresh|destroy) failed$/.test(l.trim());
  const first = lines.findIndex(isError);
  if (first < 0) return r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  const own = lines.findIndex((l) => isError(l) && !isSummary(l));
  const start = own >= 0 ? own : first;
  const title = lines[start]!.trim().replace(/^(Error|error): /, "");
  const detail: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const l = line.trim();
    if (/^(with \S+,|on \S+ line \d+|\d+: )/.test(l)) continue;
    if (l === "") {
      if (detail.length > 0) break;
      continue;
    }
    if (/^(Error|error): /.test(l)) break;
    detail.push(l);
  }
  return [title, detail.join(" ")].filter(Boolean).join(": ").slice(0, 300);
}

export async function openTofu(
  engines: Engines,
  em: EmulatorHandle,
  account: AccountCredentials,
): Promise<Driver> {
  const plugin: Workdir = await providerDir();
  const project = await TofuProject.create({
    engines,
    devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
    env: ovhEnv(em, account),
  });
  return {
    engine: "tofu",
    async apply(world, { kill, timeoutMs }) {
      await project.writeFile("main.tf", hcl(world));
      return outcome(
        project.tofu(["apply", "-no-color", "-auto-approve"], { timeoutMs, ...(kill ? { kill } : {}) }),
      );
    },
    // OpenTofu needs nothing: the local state's lock dies with the process.
    async afterKill() {},
    async plan(world, timeoutMs) {
      await project.writeFile("main.tf", hcl(world));
      const r = await outcome(project.tofu(["plan", "-no-color", "-detailed-exitcode"], { timeoutMs }));
      if (r.code === 0) return { empty: true, detail: "no changes" };
      if (r.code === 2) {
        const changed = [...r.stdout.matchAll(/# (\S+) (will be|must be) ([^\n]+)/g)].map(
          (m) => `${m[1]} ${m[3]}`,
        );
        return { empty: false, detail: `plan: ${changed.join("; ") || "changes"}` };
      }
      return { empty: false, detail: `plan failed: ${firstError(r)}` };
    },
    async cleanup() {
      await project.cleanup();
      await plugin.cleanup();
    },
  };
}

export async function openPulumi(
  engines: Engines,
  pkg: PulumiModule,
  em: EmulatorHandle,
  account: AccountCredentials,
): Promise<Driver> {
  const project = await PulumiProject.create({
    fixture: "pulumi-example",
    engines,
    ...exampleConfig(em, account),
  });
  return {
    engine: "pulumi",
    apply(world, { kill, timeoutMs }) {
      return outcome(
        project.pulumi(["up", "--yes", "--skip-preview"], {
          program: pulumiProgram(pkg, world),
          timeoutMs,
          ...(kill ? { kill } : {}),
        }),
      );
    },
    async afterKill() {
      // What Pulumi asks for after a crash: release the stack's lock.
      await outcome(project.pulumi(["cancel", "--yes"], { okCodes: [0, 255] }));
      await killOrphanedProviders(project.dir);
    },
    async plan(world, timeoutMs) {
      const r = await outcome(
        project.pulumi(["preview", "--expect-no-changes", "--diff"], {
          program: pulumiProgram(pkg, world),
          timeoutMs,
        }),
      );
      if (r.code === 0) return { empty: true, detail: "no changes" };
      const changed = [
        ...r.stdout.matchAll(/^\s*([+~-]{1,2}|\+-)\s+(\S+:\S+)\s+(\S+)\s+(create|update|replace|delete)/gm),
      ].map((m) => `${m[3]} ${m[4]}`);
      return {
        empty: false,
        detail: changed.length ? `preview: ${changed.join("; ")}` : `preview: ${firstError(r)}`,
      };
    },
    async cleanup() {
      await killOrphanedProviders(project.dir);
      await project.cleanup();
    },
  };
}
