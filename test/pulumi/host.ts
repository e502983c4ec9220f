// Pulumi's own dynamic-provider host (node_modules/@pulumi/pulumi/cmd/dynamic-provider) in a child
// process, driven over its gRPC ResourceProvider service exactly as the engine drives it: Configure with
// the stack config, then Check/Diff/Create/Read/Update/Delete with `__provider` = the text that
// `pulumi.runtime.serializeFunction` produced for the provider object. A fake engine receives the Log
// calls the provider makes. The child runs with tsx so the provider's runtime loads from source.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
const provproto = require("@pulumi/pulumi/proto/provider_pb.js");
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
const structproto = require("google-protobuf/google/protobuf/struct_pb.js");
const statusproto = require("@pulumi/pulumi/proto/status_pb.js");

export const REPO = resolve(import.meta.dirname, "../..");
export const HOST_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

type Props = Record<string, unknown>;

export interface LogLine {
  severity: number;
  message: string;
  urn: string;
}

/** The text Pulumi stores in `__provider` for a provider object (what dynamic.Resource serializes). */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return sf.text;
}

/** A fake engine: records Log calls, answers the rest with UNIMPLEMENTED. */
async function startEngine(lines: LogLine[]): Promise<{ address: string; stop(): void }> {
  const server = new grpc.Server();
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");
  type Callback = (error: unknown, value?: unknown) => void;
  type LogCall = { request: { getSeverity(): number; getMessage(): string; getUrn(): string } };
  const unimplemented = (_call: unknown, cb: Callback) =>
    cb({ code: grpc.status.UNIMPLEMENTED, details: "fake engine" });
  const impl = {
    log(call: LogCall, cb: Callback) {
      lines.push({
        severity: call.request.getSeverity(),
        message: call.request.getMessage(),
        urn: call.request.getUrn(),
      });
      cb(null, new Empty());
    },
    getRootResource: unimplemented,
    setRootResource: unimplemented,
    startDebugging: unimplemented,
    requirePulumiVersion: unimplemented,
  };
  server.addService(
    engrpc.EngineService,
    impl as unknown as import("@grpc/grpc-js").UntypedServiceImplementation,
  );
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))),
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

/** A gRPC failure of a provider method: its message, and the id/properties of a half-created resource. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly initFailed?: { id: string; properties: Props; reasons: string[] },
  ) {
    super(message);
  }
}

export interface Host {
  /** What the provider logged to the engine. */
  logs: LogLine[];
  /** The child's stderr (the host prints errors of check/diff/read/delete there). */
  stderr(): string;
  /** Configure; `urn` names the provider resource (the native plugin words its messages by it). */
  configure(config: Props, urn?: string): Promise<void>;
  /** CheckConfig of a provider resource (the native plugin; the dynamic host answers UNIMPLEMENTED). */
  checkConfig(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, props: Props): Promise<{ id: string; properties: Props }>;
  read(
    urn: string,
    id: string,
    props: Props,
  ): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(urn: string, id: string, props: Props): Promise<void>;
  stop(): Promise<void>;
}

export const DIFF = { UNKNOWN: 0, NONE: 1, SOME: 2 } as const;
export const SEVERITY = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 } as const;

/** The native plugin from source, as the engine starts its launcher (bin/pulumi-resource-o365reseller.js). */
export const NATIVE_PLUGIN = resolve(REPO, "bin", "pulumi-resource-o365reseller.js");

export async function startHost(
  options: { env?: NodeJS.ProcessEnv; cwd?: string; script?: string } = {},
): Promise<Host> {
  const logs: LogLine[] = [];
  const engine = await startEngine(logs);
  const script = options.script ?? HOST_SCRIPT;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, engine.address], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  const port = await new Promise<number>((ok, fail) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) ok(Number(m[1]));
    });
    child.on("exit", (code) => fail(new Error(`${script} exited ${code}: ${stderr}`)));
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  const struct = (v: Props) => structproto.Struct.fromJavaScript(v);
  const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((ok, fail) => {
      client[method](
        request,
        (error: (Error & { code: number; metadata?: { get(k: string): unknown[] } }) | null, response: T) => {
          if (!error) return ok(response);
          fail(toHostError(error));
        },
      );
    });

  const check = async (method: "check" | "checkConfig", urn: string, olds: Props, news: Props) => {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const r = await call<{
      getInputs(): { toJavaScript(): Props };
      getFailuresList(): { getProperty(): string; getReason(): string }[];
    }>(method, req);
    return {
      inputs: r.getInputs().toJavaScript(),
      failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  };

  return {
    logs,
    stderr: () => stderr,
    async configure(config, urn) {
      const req = new provproto.ConfigureRequest();
      req.setArgs(struct(config));
      if (urn) req.setUrn(urn);
      await call("configure", req);
    },
    checkConfig: (urn, olds, news) => check("checkConfig", urn, olds, news),
    check: (urn, olds, news) => check("check", urn, olds, news),
    async diff(urn, id, olds, news) {
      const req = new provproto.DiffRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const r = await call<{
        getChanges(): number;
        getReplacesList(): string[];
        getDeletebeforereplace(): boolean;
      }>("diff", req);
      return {
        changes: r.getChanges(),
        replaces: r.getReplacesList(),
        deleteBeforeReplace: r.getDeletebeforereplace(),
      };
    },
    async create(urn, props) {
      const req = new provproto.CreateRequest();
      req.setUrn(urn);
      req.setProperties(struct(props));
      const r = await call<{ getId(): string; getProperties(): { toJavaScript(): Props } }>("create", req);
      return { id: r.getId(), properties: r.getProperties().toJavaScript() };
    },
    async read(urn, id, props) {
      const req = new provproto.ReadRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(struct(props));
      const r = await call<{
        getId(): string;
        getProperties(): { toJavaScript(): Props } | undefined;
        getInputs(): { toJavaScript(): Props } | undefined;
      }>("read", req);
      return {
        id: r.getId(),
        properties: r.getProperties()?.toJavaScript() ?? {},
        inputs: r.getInputs()?.toJavaScript(),
      };
    },
    async update(urn, id, olds, news) {
      const req = new provproto.UpdateRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const r = await call<{ getProperties(): { toJavaScript(): Props } }>("update", req);
      return r.getProperties().toJavaScript();
    },
    async delete(urn, id, props) {
      const req = new provproto.DeleteRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(struct(props));
      await call("delete", req);
    },
    async stop() {
      client.close();
      engine.stop();
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once("exit", ok));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

function toHostError(error: Error & { code: number; metadata?: { get(k: string): unknown[] } }): HostError {
  const message = (error as { details?: string }).details ?? error.message;
  const raw = error.metadata?.get("grpc-status-details-bin")?.[0];
  if (raw instanceof Uint8Array) {
    const status = statusproto.Status.deserializeBinary(raw);
    for (const any of status.getDetailsList()) {
      const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return new HostError(message, error.code, {
        id: detail.getId(),
        properties: detail.getProperties()?.toJavaScript() ?? {},
        reasons: detail.getReasonsList(),
      });
    }
  }
  return new HostError(message, error.code);
}
