/**
 * OpenTofu in e2e tests: the real `tofu`, a generated CLI config that installs nothing from any registry,
 * a throwaway working directory.
 */
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Engines } from "../../../scripts/engines.js";
import { engines as injectedEngines } from "./engines.js";
import { fixturePath, makeWorkdir, type RunOptions, type RunResult, run, type Workdir } from "./run.js";

/**
 * The provider address our Terraform provider is installed under, in the short form the examples use:
 * each engine reads it under its own default registry host, and dev_overrides/mirror patterns written
 * the same way match it.
 */
export const O365R_PROVIDER_SOURCE = "o365-reseller/o365reseller";

export interface TofuProjectOptions {
  /** A directory under test/e2e/fixtures whose files (*.tf, …) are copied into the working dir. */
  fixture?: string;
  /** Files to write into the working dir (name → content), after the fixture. */
  files?: Record<string, string>;
  /**
   * provider source address → directory holding an executable `terraform-provider-<TYPE>` (a shebang script
   * works). Written as `dev_overrides`. Do not run `tofu init` for a config whose only providers are
   * overridden: OpenTofu 1.12 then fails looking for them in the mirror; `plan`/`apply` work without it.
   */
  devOverrides?: Record<string, string>;
  /**
   * A filesystem mirror directory (unpacked layout `HOST/NS/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE…`,
   * or packed zips), used for the `o365-reseller` namespace. Default: an empty dir in the working area.
   */
  filesystemMirror?: string;
  /** Extra environment for tofu and everything it starts (providers inherit it), e.g. an emulator endpoint. */
  env?: Record<string, string>;
  engines?: Engines;
}

export interface TofuRunOptions
  extends Partial<Pick<RunOptions, "okCodes" | "timeoutMs" | "input" | "onOutput" | "kill">> {}

/** `tofu show -json <plan>` (internal/command/jsonplan), the parts tests look at. */
export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
  output_changes?: Record<string, { actions: string[]; before?: unknown; after?: unknown }>;
  planned_values?: unknown;
  prior_state?: unknown;
  applyable?: boolean;
  complete?: boolean;
  errored?: boolean;
}

export interface ResourceChange {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  provider_name: string;
  action_reason?: string;
  change: {
    actions: string[];
    before: unknown;
    after: unknown;
    after_unknown?: unknown;
    replace_paths?: (string | number)[][];
  };
}

export class TofuProject {
  private constructor(
    readonly engines: Engines,
    readonly work: Workdir,
    /** The working directory (configuration root). */
    readonly dir: string,
    /** The generated CLI config (TF_CLI_CONFIG_FILE). */
    readonly cliConfigFile: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(opts: TofuProjectOptions = {}): Promise<TofuProject> {
    const engines = opts.engines ?? injectedEngines();
    const work = await makeWorkdir("tofu");
    const dir = work.path("config");
    await mkdir(dir);
    if (opts.fixture) await cp(fixturePath(opts.fixture), dir, { recursive: true });
    for (const [name, content] of Object.entries(opts.files ?? {})) await writeFile(join(dir, name), content);
    const mirror = opts.filesystemMirror ?? work.path("mirror");
    await mkdir(mirror, { recursive: true });
    const cliConfigFile = work.path("tofurc");
    await writeFile(
      cliConfigFile,
      tofuCliConfig({ devOverrides: opts.devOverrides ?? {}, filesystemMirror: mirror }),
    );
    const env = tofuEnv(engines, { cliConfigFile, extra: opts.env ?? {} });
    return new TofuProject(engines, work, dir, cliConfigFile, env);
  }

  /** Runs `tofu <args>` in the working dir (add `-no-color` yourself where wanted; `-input=false` is set by TF_INPUT). */
  tofu(args: string[], opts: TofuRunOptions = {}): Promise<RunResult> {
    return run(this.engines.tofu.path, args, {
      cwd: this.dir,
      env: this.env,
      timeoutMs: opts.timeoutMs ?? 300_000,
      ...(opts.okCodes ? { okCodes: opts.okCodes } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
      ...(opts.kill ? { kill: opts.kill } : {}),
    });
  }

  init(extraArgs: string[] = []): Promise<RunResult> {
    return this.tofu(["init", "-no-color", ...extraArgs]);
  }

  /**
   * `tofu plan -out=<file> -detailed-exitcode`, then `tofu show -json <file>`. Returns the parsed plan and whether
   * it has changes (exit code 2).
   */
  async plan(
    extraArgs: string[] = [],
    planFile = "tfplan",
  ): Promise<{ plan: PlanJson; changes: boolean; result: RunResult }> {
    const result = await this.tofu(
      ["plan", "-no-color", `-out=${planFile}`, "-detailed-exitcode", ...extraArgs],
      {
        okCodes: [0, 2],
      },
    );
    const shown = await this.tofu(["show", "-json", planFile]);
    return { plan: JSON.parse(shown.stdout) as PlanJson, changes: result.code === 2, result };
  }

  /** `tofu apply -auto-approve` (of a saved plan when `planFile` is given). */
  apply(planFile?: string, extraArgs: string[] = []): Promise<RunResult> {
    return this.tofu(["apply", "-no-color", "-auto-approve", ...extraArgs, ...(planFile ? [planFile] : [])]);
  }

  destroy(extraArgs: string[] = []): Promise<RunResult> {
    return this.tofu(["destroy", "-no-color", "-auto-approve", ...extraArgs]);
  }

  /** `tofu show -json` of the current state. */
  async state(): Promise<{
    values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
  }> {
    const r = await this.tofu(["show", "-json"]);
    return JSON.parse(r.stdout);
  }

  /** `tofu output -json`, as name → value. */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.tofu(["output", "-json"]);
    const raw = JSON.parse(r.stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }

  async writeFile(relative: string, content: string): Promise<void> {
    await writeFile(join(this.dir, relative), content);
  }

  async readFile(relative: string): Promise<string> {
    return readFile(join(this.dir, relative), "utf8");
  }

  async cleanup(): Promise<void> {
    await this.work.cleanup();
  }
}

/**
 * A CLI config with no `direct {}` installation method: providers come only from dev_overrides and the
 * filesystem mirror (restricted to the o365-reseller namespace), so nothing ever reaches a registry.
 */
export function tofuCliConfig(opts: {
  devOverrides: Record<string, string>;
  filesystemMirror: string;
}): string {
  const hcl = (s: string) => JSON.stringify(s);
  const overrides = Object.entries(opts.devOverrides);
  const lines = ["provider_installation {"];
  if (overrides.length > 0) {
    lines.push("  dev_overrides {");
    for (const [source, dir] of overrides) lines.push(`    ${hcl(source)} = ${hcl(dir)}`);
    lines.push("  }");
  }
  lines.push(
    "  filesystem_mirror {",
    `    path    = ${hcl(opts.filesystemMirror)}`,
    `    include = [${hcl("o365-reseller/*")}]`,
    "  }",
    "}",
    "",
  );
  return lines.join("\n");
}

/** The environment for tofu: no checkpoint calls, no prompts, our CLI config, the project's Node first on PATH. */
export function tofuEnv(
  engines: Engines,
  opts: { cliConfigFile: string; extra?: Record<string, string> },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    // Nothing from the caller's own Terraform/OpenTofu setup leaks in (plugin cache, log settings, vars).
    if (k.startsWith("TF_")) delete env[k];
  }
  return {
    ...env,
    PATH: engines.path,
    TF_CLI_CONFIG_FILE: opts.cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    ...opts.extra,
  };
}
