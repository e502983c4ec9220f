// The CI example's files stay usable: the accounts file loads, the workflow parses and calls commands
// that exist with the files it produces.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadAccountsFile } from "../../provider/cli/lib/accounts.js";
import { EXAMPLES } from "./harness.js";

describe("examples/ci", () => {
  it("the accounts file names variables, not secrets", () => {
    const specs = loadAccountsFile(join(EXAMPLES, "o365r.accounts.yaml"));
    expect(specs.map((s) => [s.name, s.credentials])).toEqual([
      ["eu-main", expect.objectContaining({ kind: "env", prefix: "EU_MAIN_" })],
      ["ca-shop", expect.objectContaining({ kind: "env", prefix: "CA_SHOP_" })],
    ]);
  });

  it("the workflow summarises previews on pull requests and fails nightly on drift", () => {
    const workflow = parse(readFileSync(join(EXAMPLES, "o365r.yml"), "utf8")) as {
      on: Record<string, unknown>;
      jobs: Record<string, { if: string; steps: Array<{ run?: string }> }>;
    };
    expect(Object.keys(workflow.on)).toEqual(["pull_request", "schedule", "workflow_dispatch"]);
    const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? "").join("\n");
    expect(runs("plan-summary")).toMatch(
      /pulumi preview --stack prod --json > "\$RUNNER_TEMP\/preview.json"/,
    );
    expect(runs("plan-summary")).toContain('npx o365r plan-summary "$RUNNER_TEMP/preview.json"');
    expect(runs("drift")).toContain("npx o365r windows --within 7d --markdown --quiet");
    expect(runs("drift")).toContain("npx o365r drift --state");
    expect(runs("drift")).toContain("exit $code");
  });
});
