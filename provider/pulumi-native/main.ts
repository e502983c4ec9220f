// `pulumi-resource-o365reseller`: the plugin process the engine starts. It serves the provider on a
// loopback port and prints the port as its first line on stdout (the engine reads it); anything else
// goes to stderr. Arguments: the engine's address, after the engine's own flags (`--logtostderr`,
// `-v=N`, `--tracing URL`), which are ignored.
import { packageVersion } from "../package-info.js";
import { connectEngine } from "./engine-log.js";
import { createNativeProvider } from "./provider.js";
import { serve } from "./server.js";

/** The engine's address among the plugin's arguments (the first one that is not a flag). */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--tracing") {
      i++;
      continue;
    }
    if (a.startsWith("-")) continue;
    return a;
  }
  return undefined;
}

export async function main(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  if (args.includes("--version")) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const provider = createNativeProvider();
  const engine = engineAddressOf(args);
  if (engine) connectEngine(engine);
  const { port } = await serve(provider);
  process.stdout.write(`${port}\n`);
}
