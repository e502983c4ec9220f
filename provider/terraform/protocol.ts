// The protocol's gRPC service definitions, built from the descriptors generated from proto/*.proto
// (proto/descriptors.json, see proto-descriptors.ts) with protobufjs's light build: no .proto parsing
// at start-up. Messages are read and written as @grpc/proto-loader did before: field names as written
// (snake_case), 64-bit integers as JS numbers, enums as numbers, bytes as Buffers, absent fields as
// defaults, oneofs named.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import protobuf from "protobufjs/light.js";
import { DESCRIPTORS_FILE } from "./proto-names.js";

/** The proto folder beside this module in a checkout, or in the package's sources when run from dist/. */
export function protoDir(): string {
  const candidates = [
    new URL("./proto/", import.meta.url),
    new URL("../../../provider/terraform/proto/", import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}tfplugin6.proto`)) return dir;
  }
  throw new Error(
    `The provider's protocol definitions (tfplugin6.proto) were not found beside ${fileURLToPath(import.meta.url)}.`,
  );
}

export interface Services {
  provider: ServiceDefinition;
  controller: ServiceDefinition;
  stdio: ServiceDefinition;
  health: ServiceDefinition;
}

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: Number,
  enums: Number,
  bytes: Buffer,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
};

let cached: Services | undefined;

export function loadServices(): Services {
  if (cached) return cached;
  const descriptors = JSON.parse(
    readFileSync(`${protoDir()}${DESCRIPTORS_FILE}`, "utf8"),
  ) as protobuf.INamespace;
  const root = protobuf.Root.fromJSON(descriptors);
  const service = (name: string): ServiceDefinition => {
    const found = root.lookup(name);
    if (!(found instanceof protobuf.Service)) {
      throw new Error(`Service ${name} is missing from the protocol definitions.`);
    }
    const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
    for (const method of found.methodsArray) {
      method.resolve();
      const request = method.resolvedRequestType!;
      const response = method.resolvedResponseType!;
      definition[method.name] = {
        path: `/${name}/${method.name}`,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestSerialize: serializer(request),
        requestDeserialize: deserializer(request),
        responseSerialize: serializer(response),
        responseDeserialize: deserializer(response),
        originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
      };
    }
    return definition as ServiceDefinition;
  };
  cached = {
    provider: service("tfplugin6.Provider"),
    controller: service("plugin.GRPCController"),
    stdio: service("plugin.GRPCStdio"),
    health: service("grpc.health.v1.Health"),
  };
  return cached;
}

const serializer = (type: protobuf.Type) => (value: unknown) =>
  Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());

const deserializer = (type: protobuf.Type) => (bytes: Buffer) => type.toObject(type.decode(bytes), TO_OBJECT);
