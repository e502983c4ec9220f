#!/usr/bin/env node
// Launcher for the Terraform/OpenTofu provider: the compiled provider from dist/ (fast start: engines
// start it several times per command), or in a checkout the TypeScript sources when dist/ is absent
// or O365R_FROM_SOURCE=1 (slower start, still well within the engines' one-minute handshake limit).
import { launch } from "./runtime.js";

await launch("terraform-provider-o365reseller", "provider/terraform/main");
