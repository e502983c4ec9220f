// examples/ci/run-local.sh: the CI workflow's steps against the emulator, as a developer runs them.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { EXAMPLES, sourceCliWrapper, tempDir } from "./harness.js";

const t = tempDir("o365r-ci-");
afterAll(() => t.cleanup());

it("runs the pull-request and nightly steps and ends as the workflow expects", async () => {
  const work = join(t.dir, "work");
  const wrapper = sourceCliWrapper(t.dir);
  const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>(
    (resolve, reject) => {
      const child = spawn("bash", [join(EXAMPLES, "run-local.sh")], {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: t.dir,
          O365R_CI_WORK: work,
          ...(wrapper ? { O365R_CLI: wrapper } : {}),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    },
  );
  expect(result.stderr).toContain("drift found (exit 2), as the nightly job would fail");
  expect(result.code).toBe(0);
  const comment = readFileSync(join(work, "plan-summary.md"), "utf8");
  expect(comment).toContain("<!-- o365r:plan-summary -->");
  // Every licence of the preview is priced by the demo account's cart offer.
  expect(comment).toContain(
    "**per month from the next period: +355.40 EUR** · (prices: [c] OVHcloud's cart offer (licence options of a new tenant) of account demo; excl. tax)",
  );
  expect(comment).toContain("| 20.60 EUR [c] |");
  // The recorded preview's tenants are not in the demo account: their peaks cannot be read, and it says so.
  expect(comment).toContain("- Peaks and windows not read live: not found in account demo");
  // The demo's subscriptions bought within the last days have their windows open.
  expect(readFileSync(join(work, "windows.md"), "utf8")).toMatch(/^\| open now \| /m);
  const drift = readFileSync(join(work, "drift.md"), "utf8");
  expect(drift).toContain("#### Unmanaged (2)");
  expect(drift).toContain("| Ordered by hand |");
  expect(existsSync(join(work, "stack.json"))).toBe(true);
  // The script stops its emulator on exit: nothing answers at its address any more.
  const url = /emulator at (http:\/\/127\.0\.0\.1:\d+)\/1\.0/.exec(result.stderr)?.[1];
  expect(url).toBeDefined();
  await expect(fetch(`${url}/1.0/auth/time`)).rejects.toThrow();
}, 90_000);
