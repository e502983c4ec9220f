#!/usr/bin/env node
// Launcher for the `o365r` command. An installed package runs the compiled CLI from dist/; a
// checkout of the repository (no build yet) runs the TypeScript sources through tsx, so that
// `node bin/o365r.js …` works in both. O365R_FROM_SOURCE=1 forces the sources (a checkout whose
// dist/ may be older than its sources).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = new URL("../dist/provider/cli/main.js", import.meta.url);
if (process.env.O365R_FROM_SOURCE !== "1" && existsSync(fileURLToPath(compiled))) {
  const { main } = await import(compiled.href);
  await main(process.argv);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(new URL("../provider/cli/main.ts", import.meta.url).href);
  await main(process.argv);
}
