/**
 * Pulumi in e2e tests: the real CLI, a file:// backend and PULUMI_HOME in a throwaway directory,
 * nothing fetched from anywhere.
 *
 * Programs run in the test process. `pulumi(args, { program })` starts the Automation API's language
 * server (the one `LocalWorkspace` uses for inline programs) and passes `--client=<addr>` to the CLI, so
 * no `pulumi-language-nodejs` is needed. Without `program`, the CLI runs the project's own program with
 * the project's language host: a `runtime: yaml` project always can (`engines.pulumiLanguageYaml`), a
 * Node project only when a Node host is available (`engines.pulumiLanguageNodejs`).
 */
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation/index.js";
import { parse } from "yaml";
import type { Engines } from "../../../scripts/engines.js";
import { engines as injectedEngines } from "./engines.js";
import {
  fixturePath,
  makeWorkdir,
  REPO_ROOT,
  type RunOptions,
  type RunResult,
  run,
  type Workdir,
} from "./run.js";

export type { PulumiFn };

export interface PulumiProjectOptions {
  /** A directory under test/e2e/fixtures holding Pulumi.yaml (and the program, for the language-host path). */
  fixture: string;
  /** Stack name (default "dev"); created by `create()`. */
  stack?: string;
  /** Stack config set after `stack init` (`pulumi config set <key> <value>`); keys may be namespaced. */
  config?: Record<string, string>;
  /** Secret stack config (`pulumi config set --secret`). */
  secrets?: Record<string, string>;
  /** Extra environment for the CLI and everything it starts (providers inherit it), e.g. an emulator endpoint. */
  env?: Record<string, string>;
  /** Engines to use (default: those the e2e global setup provides). */
  engines?: Engines;
}

export interface PulumiRunOptions
  extends Partial<Pick<RunOptions, "okCodes" | "timeoutMs" | "input" | "onOutput" | "kill">> {
  /** Run this program in the test process, through `--client` (up, preview, refresh, destroy only). */
  program?: PulumiFn;
}

/** `pulumi preview --json` (pkg/display/json.go PreviewDigest), the parts tests look at. */
export interface PreviewDigest {
  steps: PreviewStep[];
  diagnostics?: { message?: string; severity?: string; urn?: string }[];
  changeSummary?: Record<string, number>;
  duration?: number;
}

export interface PreviewStep {
  op: string;
  urn: string;
  provider?: string;
  oldState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
}

/** The internal language server that the Automation API serves inline programs with. */
interface LanguageServerLike {
  onPulumiExit(hasError: boolean): void;
}
interface GrpcServerLike {
  addService(service: unknown, impl: unknown): void;
  bindAsync(address: string, creds: unknown, cb: (err: Error | null, port: number) => void): void;
  forceShutdown(): void;
}

const require = createRequire(import.meta.url);

async function serveProgram(
  program: PulumiFn,
): Promise<{ address: string; stop: (hasError: boolean) => void }> {
  const grpc = require("@grpc/grpc-js") as {
    Server: new (opts: object) => GrpcServerLike;
    ServerCredentials: { createInsecure(): unknown };
  };
  const { LanguageServer } = require("@pulumi/pulumi/automation/server") as {
    LanguageServer: new (program: PulumiFn) => LanguageServerLike;
  };
  const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb") as { LanguageRuntimeService: unknown };
  const { grpcChannelOptions } = require("@pulumi/pulumi/runtime/settings") as { grpcChannelOptions: object };
  const server = new grpc.Server({ ...grpcChannelOptions });
  const languageServer = new LanguageServer(program);
  server.addService(langrpc.LanguageRuntimeService, languageServer);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    );
  });
  return {
    address: `127.0.0.1:${port}`,
    stop: (hasError) => {
      try {
        languageServer.onPulumiExit(hasError);
      } finally {
        server.forceShutdown();
      }
    },
  };
}

const PROGRAM_COMMANDS = new Set(["up", "update", "preview", "refresh", "destroy"]);
/**
 * Commands that load the project's language host: those that run the program unless told otherwise
 * (refresh and destroy work from state alone), and `import`, which asks it to write the code.
 */
const NEEDS_LANGUAGE_HOST = new Set(["up", "update", "preview", "import"]);

export class PulumiProject {
  private constructor(
    readonly engines: Engines,
    readonly work: Workdir,
    /** The project directory: a copy of the fixture with node_modules linked to this checkout's. */
    readonly dir: string,
    readonly stack: string,
    /** The complete environment the CLI runs with. */
    readonly env: NodeJS.ProcessEnv,
    /** The project's runtime (Pulumi.yaml `runtime`): `nodejs` or `yaml`. */
    readonly runtime: string,
  ) {}

  /** Copies the fixture to a throwaway dir, sets up backend, home and passphrase, runs `stack init` and config. */
  static async create(opts: PulumiProjectOptions): Promise<PulumiProject> {
    const engines = opts.engines ?? injectedEngines();
    const work = await makeWorkdir("pulumi");
    const dir = work.path("project");
    await cp(fixturePath(opts.fixture), dir, { recursive: true });
    await mkdir(work.path("state"));
    await mkdir(work.path("home"));
    await symlink(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    const env = pulumiEnv(engines, {
      backendDir: work.path("state"),
      homeDir: work.path("home"),
      extra: opts.env ?? {},
    });
    // `runtime: yaml`, or `runtime: { name: nodejs, options: … }`.
    const declared = (parse(await readFile(join(dir, "Pulumi.yaml"), "utf8")) as { runtime?: unknown })
      .runtime;
    const runtime = String((declared as { name?: unknown } | undefined)?.name ?? declared ?? "nodejs");
    const project = new PulumiProject(engines, work, dir, opts.stack ?? "dev", env, runtime);
    await project.pulumi(["stack", "init", project.stack]);
    for (const [k, v] of Object.entries(opts.config ?? {})) await project.pulumi(["config", "set", k, v]);
    for (const [k, v] of Object.entries(opts.secrets ?? {})) {
      await project.pulumi(["config", "set", "--secret", k, v]);
    }
    return project;
  }

  /**
   * Runs `pulumi <args> --non-interactive --color=never` in the project dir (adding `--stack` to commands that
   * take it). With `program`, the program runs in this process via `--client`.
   */
  async pulumi(args: string[], opts: PulumiRunOptions = {}): Promise<RunResult> {
    const full = [...args, "--non-interactive", "--color=never"];
    const command = args[0] ?? "";
    if (command !== "stack" || args[1] !== "init") {
      if (!args.includes("--stack") && !args.includes("-s")) full.push("--stack", this.stack);
    }
    if (opts.program === undefined) {
      if (
        NEEDS_LANGUAGE_HOST.has(command) &&
        this.runtime === "nodejs" &&
        this.engines.pulumiLanguageNodejs === null
      ) {
        throw new Error(
          `pulumi ${command} needs a program: pass { program } (no pulumi-language-nodejs is available; see engines.versions.json)`,
        );
      }
      return run(this.engines.pulumi.path, full, this.runOptions(opts));
    }
    if (!PROGRAM_COMMANDS.has(command)) throw new Error(`pulumi ${command} takes no program`);
    const served = await serveProgram(opts.program);
    let failed = true;
    try {
      const result = await run(
        this.engines.pulumi.path,
        [...full, `--client=${served.address}`],
        this.runOptions(opts),
      );
      failed = false;
      return result;
    } finally {
      served.stop(failed);
    }
  }

  private runOptions(opts: PulumiRunOptions): RunOptions {
    return {
      cwd: this.dir,
      env: this.env,
      timeoutMs: opts.timeoutMs ?? 300_000,
      ...(opts.okCodes ? { okCodes: opts.okCodes } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
      ...(opts.kill ? { kill: opts.kill } : {}),
    };
  }

  /** `pulumi preview --json`, parsed. */
  async previewJson(program: PulumiFn | undefined, extraArgs: string[] = []): Promise<PreviewDigest> {
    const r = await this.pulumi(["preview", "--json", ...extraArgs], program ? { program } : {});
    return parseJson<PreviewDigest>(r, "preview --json");
  }

  /** `pulumi up --yes --skip-preview`. */
  up(program: PulumiFn | undefined, extraArgs: string[] = []): Promise<RunResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", ...extraArgs], program ? { program } : {});
  }

  /** `pulumi refresh --yes --skip-preview` (the program is not needed to refresh). */
  refresh(extraArgs: string[] = [], program?: PulumiFn): Promise<RunResult> {
    return this.pulumi(["refresh", "--yes", "--skip-preview", ...extraArgs], program ? { program } : {});
  }

  /** `pulumi destroy --yes --skip-preview`. */
  destroy(extraArgs: string[] = [], program?: PulumiFn): Promise<RunResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview", ...extraArgs], program ? { program } : {});
  }

  /** `pulumi stack output --json --show-secrets`. */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.pulumi(["stack", "output", "--json", "--show-secrets"]);
    return parseJson<Record<string, unknown>>(r, "stack output --json");
  }

  /** The stack's resources from `pulumi stack export` (type, urn, id, inputs, outputs). */
  async resources(): Promise<
    {
      type: string;
      urn: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[]
  > {
    const r = await this.pulumi(["stack", "export"]);
    const doc = parseJson<{ deployment?: { resources?: [] } }>(r, "stack export");
    return doc.deployment?.resources ?? [];
  }

  /** An Automation API stack over the same backend, home and environment, for the same project dir. */
  async automationStack(program: PulumiFn): Promise<Stack> {
    const pulumiCommand = await PulumiCommand.get({
      root: join(this.engines.binDir, ".."),
      skipVersionCheck: true,
    });
    const envVars: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.env)) if (v !== undefined) envVars[k] = v;
    const projectYaml = await readFile(join(this.dir, "Pulumi.yaml"), "utf8");
    const projectName = /^name:\s*(\S+)/m.exec(projectYaml)?.[1] ?? "project";
    return LocalWorkspace.createOrSelectStack(
      { stackName: this.stack, projectName, program },
      { workDir: this.dir, pulumiHome: this.env.PULUMI_HOME, pulumiCommand, envVars },
    );
  }

  /** Writes a file in the project dir (e.g. to change Pulumi.<stack>.yaml). */
  async writeFile(relative: string, content: string): Promise<void> {
    await writeFile(join(this.dir, relative), content);
  }

  async cleanup(): Promise<void> {
    await this.work.cleanup();
  }
}

function parseJson<T>(r: RunResult, what: string): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (e) {
    throw new Error(
      `${what}: stdout is not JSON (${(e as Error).message})\n${r.stdout}\n--- stderr ---\n${r.stderr}`,
    );
  }
}

/**
 * The environment for the Pulumi CLI: offline, local backend, own PULUMI_HOME, fixed passphrase, the
 * project's Node first on PATH (the dynamic provider shim runs `node`), then the engines' bin dir.
 */
export function pulumiEnv(
  engines: Engines,
  opts: { backendDir: string; homeDir: string; passphrase?: string; extra?: Record<string, string> },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    // Nothing from the caller's own Pulumi setup leaks in.
    if (k.startsWith("PULUMI_")) delete env[k];
  }
  return {
    ...env,
    PATH: engines.path,
    PULUMI_BACKEND_URL: `file://${opts.backendDir}`,
    PULUMI_HOME: opts.homeDir,
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "o365r-e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_COLOR: "1",
    ...opts.extra,
  };
}
