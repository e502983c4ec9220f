// The plugin process's gRPC server: go-plugin's services around the provider's RPCs, AutoMTLS, the
// handshake line, and the lifecycle (Shutdown, parent death, signals). The provider's RPCs arrive as
// a promise, so that the handshake does not wait for the resource core to load.
import * as grpc from "@grpc/grpc-js";
import { handshakeCertificate, selfSignedCertificate } from "./certificate.js";
import { handshakeLine, type PluginLaunch, portOrder } from "./handshake.js";
import type { Logger } from "./log.js";
import { loadServices } from "./protocol.js";
import { type Diagnostic, type ProviderRpcName, type ProviderRpcs, Severity } from "./wire.js";

/** Terraform's own limit for plugin messages. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface ServeOptions {
  launch: PluginLaunch;
  logger: Logger;
  rpcs: Promise<ProviderRpcs> | ProviderRpcs;
  /** Where the handshake line goes (default: stdout). */
  writeHandshake?: (line: string) => void;
  /** Called once the process should end (Shutdown, parent gone, SIGTERM). Default: process.exit. */
  exit?: (code: number) => void;
  /** Watch the parent process and exit when it is gone (default: true). */
  watchParent?: boolean;
}

export interface RunningServer {
  address: string;
  /** The certificate field of the handshake line ("" without AutoMTLS). */
  certificate: string;
  stop(): Promise<void>;
}

const UNSUPPORTED_UNARY = new Set([
  "MoveResourceState",
  "GenerateResourceConfig",
  "ValidateEphemeralResourceConfig",
  "OpenEphemeralResource",
  "RenewEphemeralResource",
  "CloseEphemeralResource",
  "ValidateListResourceConfig",
  "ValidateStateStoreConfig",
  "ConfigureStateStore",
  "WriteStateBytes",
  "LockState",
  "UnlockState",
  "GetStates",
  "DeleteState",
  "PlanAction",
  "ValidateActionConfig",
  "UpgradeResourceIdentity",
]);

export function unsupportedDiagnostic(method: string): Diagnostic {
  return {
    severity: Severity.ERROR,
    summary: `Unsupported: ${method}`,
    detail: `The o365reseller provider does not support ${method}. It offers the resources o365reseller_tenant and o365reseller_subscription and the data sources o365reseller_licenses and o365reseller_tenant; no ephemeral resources, list resources, functions, state stores or actions.`,
  };
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { launch, logger } = options;
  const services = loadServices();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  const openStreams = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  let stopping: Promise<void> | undefined;

  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      for (const stream of openStreams) stream.end();
      openStreams.clear();
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 1_000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return stopping;
  };
  const shutdownAndExit = (why: string) => {
    logger.debug(`shutting down: ${why}`);
    void stop().then(() => exit(0));
  };

  server.addService(services.health, {
    Check: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, { status: 1 }),
    Watch: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      openStreams.add(call);
      call.write({ status: 1 });
      call.on("cancelled", () => openStreams.delete(call));
    },
  });
  server.addService(services.controller, {
    Shutdown: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {});
      setImmediate(() => shutdownAndExit("the host called Shutdown"));
    },
  });
  server.addService(services.stdio, {
    // Logs go to stderr, which go-plugin reads directly; the stream stays open and carries nothing.
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      openStreams.add(call);
      call.on("cancelled", () => openStreams.delete(call));
    },
  });

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [method, definition] of Object.entries(services.provider)) {
    if (definition.responseStream) {
      implementation[method] = (call: grpc.ServerWritableStream<unknown, unknown>) =>
        call.emit("error", {
          code: grpc.status.UNIMPLEMENTED,
          details: unsupportedDiagnostic(method).detail,
        });
      continue;
    }
    implementation[method] = (
      call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      if (UNSUPPORTED_UNARY.has(method)) {
        if ("on" in call && definition.requestStream) call.on("data", () => {});
        callback(null, { diagnostics: [unsupportedDiagnostic(method)] });
        return;
      }
      if (method === "CallFunction") {
        callback(null, { error: { text: "The o365reseller provider has no functions." } });
        return;
      }
      const started = Date.now();
      logger.trace(`RPC ${method} received`);
      void Promise.resolve(options.rpcs)
        .then((rpcs) => {
          const handler = rpcs[method as ProviderRpcName] as ((r: unknown) => Promise<unknown>) | undefined;
          if (!handler) return { diagnostics: [unsupportedDiagnostic(method)] };
          return handler.call(rpcs, (call as grpc.ServerUnaryCall<unknown, unknown>).request);
        })
        .then(
          (response) => {
            logger.trace(`RPC ${method} answered`, { duration_ms: Date.now() - started });
            callback(null, response);
          },
          (error: unknown) => {
            // Handlers turn every expected failure into diagnostics; this is a bug, shown as one.
            const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
            logger.error(`RPC ${method} failed`, { error: message });
            callback({ code: grpc.status.INTERNAL, details: `${method}: ${String(error)}` });
          },
        );
    };
  }
  server.addService(services.provider, implementation);

  let certificate = "";
  let credentials: grpc.ServerCredentials;
  if (launch.clientCertPem) {
    const own = selfSignedCertificate();
    certificate = handshakeCertificate(own.der);
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(launch.clientCertPem),
      [{ private_key: Buffer.from(own.keyPem), cert_chain: Buffer.from(own.certPem) }],
      true,
    );
  } else {
    credentials = grpc.ServerCredentials.createInsecure();
  }

  const address = await bindInRange(server, credentials, launch.minPort, launch.maxPort);
  (options.writeHandshake ?? writeHandshakeToStdout)(handshakeLine(address, certificate));
  logger.debug("plugin started", {
    address,
    tls: launch.clientCertPem !== undefined,
    pid: process.pid,
  });

  if (options.watchParent !== false) watchParent(() => shutdownAndExit("the host process is gone"));
  return { address, certificate, stop };
}

async function bindInRange(
  server: grpc.Server,
  credentials: grpc.ServerCredentials,
  min: number,
  max: number,
): Promise<string> {
  let lastError: unknown;
  for (const port of portOrder(min, max)) {
    try {
      const bound = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, credentials, (error, p) =>
          error ? reject(error) : resolve(p),
        ),
      );
      return `127.0.0.1:${bound}`;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`No free port in ${min}..${max} on 127.0.0.1: ${String(lastError)}`);
}

/** Writes the handshake, then keeps stdout for it alone: anything written later goes to stderr. */
function writeHandshakeToStdout(line: string): void {
  process.stdout.write(line);
  const toStderr = (chunk: unknown, ...rest: unknown[]) => {
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    process.stderr.write(typeof chunk === "string" || chunk instanceof Uint8Array ? chunk : String(chunk));
    callback?.();
    return true;
  };
  process.stdout.write = toStderr as typeof process.stdout.write;
}

/**
 * Exits when the host is gone. The host kills plugins with SIGKILL after Shutdown, but a host that
 * crashes leaves them running; once the parent dies the process is re-parented and `ppid` changes.
 * (Stdin is the host's own, inherited: reading it would steal the user's input, and /dev/null would
 * read as "closed" at once, so it is not watched.)
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, 500);
  timer.unref();
}
