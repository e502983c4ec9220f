#!/usr/bin/env node
// Launcher for the `o365r` command: the compiled CLI from dist/ (built by `npm ci`/`npm pack` through
// the `prepare` script), or in a checkout the TypeScript sources when dist/ is absent or
// O365R_FROM_SOURCE=1 (dist/ may be older than sources edited since). See ./runtime.js.
import { launch } from "./runtime.js";

await launch("o365r", "provider/cli/main");
