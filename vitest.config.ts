import { defineConfig } from "vitest/config";

// `npm test`: pure specs and integration specs against an emulator on an ephemeral port.
// The e2e suite with real engines has its own config (vitest.e2e.config.ts).
// Every emulator answer is held to OVHcloud's published schema (test/setup/conformance.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.spec.ts"],
    env: { O365R_EMULATOR_CONFORMANCE: "strict" },
    setupFiles: ["test/setup/conformance.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
