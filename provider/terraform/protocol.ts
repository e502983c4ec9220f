// Loads the .proto definitions (proto/) into grpc-js service definitions. Field names stay as written
// (snake_case), 64-bit integers arrive as JS numbers, bytes as Buffers, absent fields as defaults.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServiceDefinition } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";

export const PROTO_FILES = ["tfplugin6.proto", "go_plugin.proto", "health.proto"] as const;

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

let cached: Services | undefined;

export function loadServices(): Services {
  if (cached) return cached;
  const definition = loadSync([...PROTO_FILES], {
    includeDirs: [protoDir()],
    keepCase: true,
    longs: Number,
    enums: Number,
    bytes: Buffer,
    defaults: true,
    arrays: true,
    objects: true,
    oneofs: true,
  });
  const service = (name: string) => {
    const found = definition[name];
    if (!found || "format" in found)
      throw new Error(`Service ${name} is missing from the protocol definitions.`);
    return found as ServiceDefinition;
  };
  cached = {
    provider: service("tfplugin6.Provider"),
    controller: service("plugin.GRPCController"),
    stdio: service("plugin.GRPCStdio"),
    health: service("grpc.health.v1.Health"),
  };
  return cached;
}
