// The plugin's gRPC server: Pulumi's ResourceProvider service, with the message classes Pulumi's Node
// SDK ships (@pulumi/pulumi/proto). The SDK's own `provider.main` serves the `Provider` interface but
// answers CheckConfig and DiffConfig with UNIMPLEMENTED and drops Configure's values, and a provider
// resource with credential inputs needs all three; so this server serves the same interface's methods
// plus those three. Errors go back as one line (the engine shows it on the resource); a create or
// update that fails after the object came to exist carries it (ErrorResourceInitFailed) as the SDK
// does, so the engine records it.
import * as grpc from "@grpc/grpc-js";
import pluginPb from "@pulumi/pulumi/proto/plugin_pb.js";
import providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import providerPb from "@pulumi/pulumi/proto/provider_pb.js";
import statusPb from "@pulumi/pulumi/proto/status_pb.js";
import anyPb from "google-protobuf/google/protobuf/any_pb.js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import structPb from "google-protobuf/google/protobuf/struct_pb.js";
import type { Props } from "../pulumi/wire.js";

/** One failed property of a check. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What the plugin does, on plain values (secrets already unwrapped). */
export interface NativeProvider {
  version: string;
  schema(): string;
  checkConfig(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diffConfig(urn: string, olds: Props, news: Props): Promise<{ changes: boolean }>;
  configure(urn: string, args: Props): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, urn: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
  update(id: string, urn: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, urn: string, props: Props): Promise<void>;
  /** The engine's address, for log lines (the plugin's first argument, or Attach). */
  attach(engineAddress: string): void;
}

/** An error the engine should record with the object it failed on (a half-done create or update). */
export interface InitFailure extends Error {
  id?: string;
  properties?: Props;
  reasons?: string[];
}

/** Pulumi's marker of a secret value in a Struct (sdk/nodejs/runtime/rpc.ts specialSigKey/secretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Secrets to plain values, recursively (the provider marks its outputs by its schema, not by value). */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return unwrapSecrets(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

interface StructLike {
  toJavaScript(): Record<string, unknown>;
}
const plain = (s: StructLike | undefined): Props => (s ? (unwrapSecrets(s.toJavaScript()) as Props) : {});
const struct = (props: Props | undefined) => structPb.Struct.fromJavaScript((props ?? {}) as never);

function failuresOf(failures: CheckFailure[]) {
  return failures.map((f) => {
    const failure = new providerPb.CheckFailure();
    failure.setProperty(f.property);
    failure.setReason(f.reason);
    return failure;
  });
}

type Callback = (error: grpc.ServiceError | null, value?: unknown, trailer?: grpc.Metadata) => void;
type Call = { request: never };

/** A failed call: the message alone, and for an InitFailure the object it left behind. */
function errorOf(e: unknown): Partial<grpc.ServiceError> {
  const error: InitFailure = e instanceof Error ? e : new Error(String(e));
  const metadata = new grpc.Metadata();
  if (error.id) {
    const detail = new providerPb.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(struct(error.properties));
    detail.setReasonsList(error.reasons ?? [error.message]);
    const any = new anyPb.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(error.message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: error.message, message: error.message, metadata };
}

/** Runs one call: the answer, or the error as the engine shows it. */
function handle<R>(callback: Callback, work: () => Promise<R>): void {
  work().then(
    (value) => callback(null, value),
    (error) => {
      const e = errorOf(error);
      callback(e as grpc.ServiceError, null, e.metadata);
    },
  );
}

/** The ResourceProvider service's implementation over a NativeProvider. */
export function serviceOf(provider: NativeProvider): grpc.UntypedServiceImplementation {
  const impl = {
    getPluginInfo(_call: Call, callback: Callback) {
      const info = new pluginPb.PluginInfo();
      info.setVersion(provider.version);
      callback(null, info);
    },
    getSchema(call: { request: providerPb.GetSchemaRequest }, callback: Callback) {
      handle(callback, async () => {
        if (call.request.getVersion() !== 0)
          throw new Error(`unsupported schema version ${call.request.getVersion()}`);
        const response = new providerPb.GetSchemaResponse();
        response.setSchema(provider.schema());
        return response;
      });
    },
    checkConfig(call: { request: providerPb.CheckRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const result = await provider.checkConfig(r.getUrn(), plain(r.getOlds()), plain(r.getNews()));
        const response = new providerPb.CheckResponse();
        response.setInputs(struct(result.inputs));
        response.setFailuresList(failuresOf(result.failures));
        return response;
      });
    },
    diffConfig(call: { request: providerPb.DiffRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const olds = r.hasOldInputs() ? plain(r.getOldInputs()) : plain(r.getOlds());
        const result = await provider.diffConfig(r.getUrn(), olds, plain(r.getNews()));
        const response = new providerPb.DiffResponse();
        response.setChanges(
          result.changes
            ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
            : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
        );
        return response;
      });
    },
    configure(call: { request: providerPb.ConfigureRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        // The URN names the provider (default or explicit) in messages; older engines send only its
        // name (proto3: an absent URN is the empty string).
        await provider.configure(r.getUrn() || `::${r.getName()}`, plain(r.getArgs()));
        const response = new providerPb.ConfigureResponse();
        // Plain values in, and the engine marks as secret each output whose input was (the provider
        // inputs' secrets are marked by the schema, in the SDKs).
        response.setAcceptsecrets(false);
        response.setAcceptresources(false);
        response.setSupportspreview(false);
        return response;
      });
    },
    check(call: { request: providerPb.CheckRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const result = await provider.check(r.getUrn(), plain(r.getOlds()), plain(r.getNews()));
        const response = new providerPb.CheckResponse();
        response.setInputs(struct(result.inputs));
        response.setFailuresList(failuresOf(result.failures));
        return response;
      });
    },
    diff(call: { request: providerPb.DiffRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const result = await provider.diff(r.getId(), r.getUrn(), plain(r.getOlds()), plain(r.getNews()));
        const response = new providerPb.DiffResponse();
        response.setChanges(
          result.changes
            ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
            : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
        );
        response.setReplacesList(result.replaces);
        response.setDeletebeforereplace(result.deleteBeforeReplace);
        return response;
      });
    },
    create(call: { request: providerPb.CreateRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const result = await provider.create(r.getUrn(), plain(r.getProperties()));
        const response = new providerPb.CreateResponse();
        response.setId(result.id);
        response.setProperties(struct(result.outs));
        return response;
      });
    },
    read(call: { request: providerPb.ReadRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const result = await provider.read(r.getId(), r.getUrn(), plain(r.getProperties()));
        const response = new providerPb.ReadResponse();
        // No id: the object is gone, and the engine drops it from the state.
        response.setId(result.id ?? "");
        if (result.props) response.setProperties(struct(result.props));
        if (result.inputs) response.setInputs(struct(result.inputs));
        return response;
      });
    },
    update(call: { request: providerPb.UpdateRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        const result = await provider.update(r.getId(), r.getUrn(), plain(r.getOlds()), plain(r.getNews()));
        const response = new providerPb.UpdateResponse();
        response.setProperties(struct(result.outs));
        return response;
      });
    },
    delete(call: { request: providerPb.DeleteRequest }, callback: Callback) {
      handle(callback, async () => {
        const r = call.request;
        await provider.delete(r.getId(), r.getUrn(), plain(r.getProperties()));
        return new emptyPb.Empty();
      });
    },
    cancel(_call: Call, callback: Callback) {
      callback(null, new emptyPb.Empty());
    },
    attach(call: { request: pluginPb.PluginAttach }, callback: Callback) {
      provider.attach(call.request.getAddress());
      callback(null, new emptyPb.Empty());
    },
  };
  return impl as unknown as grpc.UntypedServiceImplementation;
}

/** Serves the provider on 127.0.0.1 (a port of the system's choosing); resolves with the port. */
export async function serve(provider: NativeProvider): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({
    // Pulumi's own limit for provider messages (sdk/nodejs/runtime/settings.ts maxRPCMessageSize).
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  server.addService(providerRpc.ResourceProviderService as never, serviceOf(provider));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    );
  });
  return { port, server };
}
