// terraform-provider-o365reseller: started by Terraform/OpenTofu, it answers the plugin handshake and
// serves the provider; run by hand, it says what it is; `schema` prints the provider schema.
import { readLaunch, USAGE } from "./handshake.js";
import { createLogger } from "./log.js";
import type { ProviderRpcs } from "./wire.js";

export async function main(
  argv: string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const command = argv[2];
  if (command === "schema") {
    const { providerSchemaJson } = await import("./schema-wire.js");
    const address = argv[3] === "--address" ? argv[4] : undefined;
    process.stdout.write(`${JSON.stringify(providerSchemaJson(address), null, 2)}\n`);
    return;
  }
  if (command === "version" || command === "--version") {
    const { packageVersion } = await import("../package-info.js");
    process.stdout.write(`terraform-provider-o365reseller ${packageVersion()}\n`);
    return;
  }
  const check = readLaunch(env);
  if (!check.ok) {
    if (command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(USAGE);
      return;
    }
    process.stderr.write(
      check.reason === "no-cookie" ? USAGE : `terraform-provider-o365reseller: ${check.reason}\n`,
    );
    process.exitCode = 1;
    return;
  }

  const logger = createLogger();
  // Ctrl-C reaches the whole process group; the engine then stops us through StopProvider.
  process.on("SIGINT", () => logger.debug("interrupt received; waiting for the engine's StopProvider"));
  const { serve } = await import("./server.js");
  // The handshake goes out first; the resource core, the API client and the models load after it
  // (loading them meanwhile would compete for the one thread and delay the handshake).
  let load: (rpcs: Promise<ProviderRpcs>) => void = () => {};
  const rpcs = new Promise<ProviderRpcs>((resolve) => {
    load = resolve;
  });
  const server = await serve({ launch: check.launch, logger, rpcs });
  process.on("SIGTERM", () => {
    void server.stop().then(() => process.exit(0));
  });
  const loading = import("./provider.js").then(({ createProvider }) => createProvider({ logger }));
  loading.catch((error: unknown) => logger.error("the provider failed to load", { error: String(error) }));
  load(loading);
}
