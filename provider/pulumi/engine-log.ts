// Progress and warnings as engine log lines, attached to the resource they are about.
//
// The dynamic-provider host receives the engine's address as its first argument but does not connect
// the SDK's `pulumi.log` to it (pulumi/pulumi #6065, #18249), and provider methods do not learn their
// resource's URN. So this module speaks the engine's `Log` RPC itself, with the SDK's own generated
// stubs, and the resource classes pass their URN as the hidden input `__urn`. Without an engine (tests
// that drive the provider in-process) lines go to an injected sink, or nowhere.
import { createRequire } from "node:module";

export type Severity = "debug" | "info" | "warning" | "error";

export type LogSink = (severity: Severity, message: string, urn: string | undefined) => void;

interface EngineStubs {
  client: { log(request: unknown, callback: (error: Error | null) => void): void; close(): void };
  request(severity: Severity, message: string, urn: string): unknown;
}

let sink: LogSink | undefined;
let engine: EngineStubs | null | undefined;
let pending: Promise<void> = Promise.resolve();

/** Replaces where lines go (tests); `undefined` restores the engine. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next;
}

/** Sends one line; resolves when the engine has taken it (lines stay in order). Never throws. */
export function log(severity: Severity, message: string, urn?: string): Promise<void> {
  if (sink) {
    sink(severity, message, urn);
    return Promise.resolve();
  }
  const stubs = engineStubs();
  if (!stubs) return Promise.resolve();
  pending = pending.then(
    () =>
      new Promise<void>((resolve) => {
        try {
          stubs.client.log(stubs.request(severity, message, urn ?? ""), () => resolve());
        } catch {
          resolve();
        }
      }),
  );
  return pending;
}

/** The engine address the host was started with: `node …/dynamic-provider <engine> …`. */
function engineAddress(): string | undefined {
  const script = process.argv[1] ?? "";
  if (!/dynamic-provider/.test(script)) return undefined;
  const addr = process.argv[2];
  return addr && /^[\w.[\]:-]+:\d+$/.test(addr) ? addr : undefined;
}

function engineStubs(): EngineStubs | null {
  if (engine !== undefined) return engine;
  engine = null;
  const addr = engineAddress();
  if (!addr) return engine;
  try {
    // The SDK's stubs and the grpc-js they were generated against, resolved from the host's own SDK.
    const sdk = createRequire(process.argv[1]!);
    const stubsPath = sdk.resolve("@pulumi/pulumi/proto/engine_grpc_pb.js");
    const local = createRequire(stubsPath);
    const grpc = local("@grpc/grpc-js") as {
      credentials: { createInsecure(): unknown };
    };
    const services = local(stubsPath) as {
      EngineClient: new (addr: string, creds: unknown) => EngineStubs["client"];
    };
    const proto = local("./engine_pb.js") as {
      LogRequest: new () => {
        setSeverity(s: number): void;
        setMessage(m: string): void;
        setUrn(u: string): void;
        setEphemeral(e: boolean): void;
      };
      LogSeverity: Record<"DEBUG" | "INFO" | "WARNING" | "ERROR", number>;
    };
    const levels = {
      debug: proto.LogSeverity.DEBUG,
      info: proto.LogSeverity.INFO,
      warning: proto.LogSeverity.WARNING,
      error: proto.LogSeverity.ERROR,
    };
    engine = {
      client: new services.EngineClient(addr, grpc.credentials.createInsecure()),
      request(severity, message, urn) {
        const r = new proto.LogRequest();
        r.setSeverity(levels[severity]);
        r.setMessage(message);
        r.setUrn(urn);
        r.setEphemeral(false);
        return r;
      },
    };
  } catch {
    engine = null;
  }
  return engine;
}
