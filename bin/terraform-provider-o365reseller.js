#!/usr/bin/env node
// Launcher for the Terraform/OpenTofu provider. An installed or built package runs the compiled
// provider from dist/ (fast start: engines start it several times per command); a checkout without
// a build runs the TypeScript sources through tsx (slower start, still well within the engines'
// one-minute handshake limit). O365R_FROM_SOURCE=1 forces the sources (tests of a checkout whose
// dist/ may be stale).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = new URL("../dist/provider/terraform/main.js", import.meta.url);
if (process.env.O365R_FROM_SOURCE !== "1" && existsSync(fileURLToPath(compiled))) {
  const { main } = await import(compiled.href);
  await main(process.argv);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(new URL("../provider/terraform/main.ts", import.meta.url).href);
  await main(process.argv);
}
