import { defineConfig } from "vitest/config";

// `npm run test:e2e`: end-to-end tests with the real engines (Pulumi CLI, OpenTofu). The global setup finds
// them (O365R_PULUMI / O365R_TOFU, PATH) or builds them from Go modules into ~/.cache/o365-reseller/engines
// (first run on a machine only: tens of minutes). Never part of `npm test`.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    // Every emulator answer is held to OVHcloud's published schema, as in `npm test`.
    env: { O365R_EMULATOR_CONFORMANCE: "strict" },
    setupFiles: ["test/setup/conformance.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Two cores: engines are heavy processes; one test file at a time per core.
    maxWorkers: 2,
    sequence: { concurrent: false },
  },
});
