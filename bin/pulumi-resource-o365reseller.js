#!/usr/bin/env node
// Launcher for the native Pulumi provider plugin (`pulumi-resource-o365reseller`): the engine starts it
// when a program uses `o365reseller:*` resources and finds it on PATH (an install's node_modules/.bin)
// or in its plugin cache (`pulumi plugin install resource o365reseller VERSION --file TARBALL`, see
// scripts/pulumi-plugin.ts). The compiled plugin from dist/, or in a checkout the TypeScript sources
// when dist/ is absent or O365R_FROM_SOURCE=1. See ./runtime.js.
import { launch } from "./runtime.js";

await launch("pulumi-resource-o365reseller", "provider/pulumi-native/main");
