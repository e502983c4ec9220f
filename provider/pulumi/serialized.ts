// The dynamic provider object Pulumi serializes into the state (`__provider`).
//
// Pulumi copies a provider's closure by value, module code included (iac-protocols.md §1.3), so the
// object made here captures exactly two strings: the resource kind and the URL of the compiled runtime
// module. Each method imports that module at run time and hands it the call. The import goes through a
// `Function`, so that no bundler or test transform rewrites it into a helper the serializer would then
// try to capture. Node built-ins come from `process.getBuiltinModule`, not `require`.
//
// If the recorded file is missing (the state was written from another checkout or machine), the
// package is resolved the way Pulumi resolves a dynamic provider's dependencies: from the program's
// directory (the provider's working directory), `o365-reseller/pulumi`, whose runtime sits beside it.
import type * as pulumi from "@pulumi/pulumi";

export type ResourceKind = "tenant" | "subscription";

/** The runtime module beside this one: compiled `runtime.js`, or `runtime.ts` when run from source. */
export function runtimeUrl(moduleUrl: string): string {
  return new URL(moduleUrl.endsWith(".ts") ? "./runtime.ts" : "./runtime.js", moduleUrl).href;
}

export function makeProvider(kind: ResourceKind, runtime: string): pulumi.dynamic.ResourceProvider {
  interface Runtime {
    configure(config: unknown): void;
    invoke(kind: ResourceKind, operation: string, args: unknown[]): Promise<never>;
  }
  const load = async (): Promise<Runtime> => {
    const { existsSync } = process.getBuiltinModule("node:fs");
    const url = process.getBuiltinModule("node:url");
    let target = runtime;
    if (target.startsWith("file:") && !existsSync(url.fileURLToPath(target))) {
      const { createRequire } = process.getBuiltinModule("node:module");
      let entry: string;
      try {
        entry = createRequire(`${process.cwd()}/`).resolve("o365-reseller/pulumi");
      } catch {
        throw new Error(
          `o365-reseller: ${target} is gone and o365-reseller is not installed beside the program (${process.cwd()}). Install it there (npm install o365-reseller), then run again.`,
        );
      }
      target = new URL("runtime.js", url.pathToFileURL(entry)).href;
    }
    const dynamicImport = new Function("u", "return import(u)") as (u: string) => Promise<Runtime>;
    return dynamicImport(target);
  };
  return {
    async configure(req) {
      (await load()).configure(req.config);
    },
    async check(olds, news) {
      return (await load()).invoke(kind, "check", [olds, news]);
    },
    async diff(id, olds, news) {
      return (await load()).invoke(kind, "diff", [id, olds, news]);
    },
    async create(inputs) {
      return (await load()).invoke(kind, "create", [inputs]);
    },
    async read(id, props) {
      return (await load()).invoke(kind, "read", [id, props]);
    },
    async update(id, olds, news) {
      return (await load()).invoke(kind, "update", [id, olds, news]);
    },
    async delete(id, props) {
      return (await load()).invoke(kind, "delete", [id, props]);
    },
  };
}
