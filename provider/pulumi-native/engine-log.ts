// Progress and warnings as engine log lines on their resource. The handlers write them through the
// dynamic provider's log module (provider/pulumi/engine-log.ts), which finds the engine only in the
// dynamic-provider host; in this plugin the engine's address is its first argument (or comes with
// Attach), and the lines go there through a sink speaking the engine's Log RPC.
import * as grpc from "@grpc/grpc-js";
import engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb.js";
import enginePb from "@pulumi/pulumi/proto/engine_pb.js";
import { type Severity, setLogSink } from "../pulumi/engine-log.js";

const LEVELS: Record<Severity, number> = {
  debug: enginePb.LogSeverity.DEBUG,
  info: enginePb.LogSeverity.INFO,
  warning: enginePb.LogSeverity.WARNING,
  error: enginePb.LogSeverity.ERROR,
};

let client: engineRpc.EngineClient | undefined;

/** Sends every later line to the engine at this address, in order; a line that cannot be sent is dropped. */
export function connectEngine(address: string): void {
  if (!/^[\w.[\]:-]+:\d+$/.test(address)) return;
  client?.close();
  const engine = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
  client = engine;
  let pending: Promise<void> = Promise.resolve();
  setLogSink((severity, message, urn) => {
    const request = new enginePb.LogRequest();
    request.setSeverity(LEVELS[severity] as enginePb.LogSeverity);
    request.setMessage(message);
    request.setUrn(urn ?? "");
    request.setEphemeral(false);
    pending = pending.then(() => new Promise<void>((resolve) => engine.log(request, () => resolve())));
  });
}
