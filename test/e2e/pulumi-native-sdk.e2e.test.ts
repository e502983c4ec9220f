/**
 * The committed SDKs (sdk/nodejs, sdk/python) are what Pulumi's generators make from the current
 * schema: `npm run sdk:generate` into a temp dir, compared file by file. Here rather than in `npm test`
 * because the generator is a Go tool built from the engine's module: on a fresh machine that build
 * reuses the engine build this suite makes first (seconds), where `npm test` would compile Pulumi's
 * codegen packages on their own (minutes).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/engines.js";
import { generateSdks, SDK_DIR } from "../../scripts/pulumi-sdk.js";

const temp: string[] = [];
afterAll(async () => {
  for (const dir of temp) await rm(dir, { recursive: true, force: true });
});

describe("the generated SDKs", () => {
  it("are what `npm run sdk:generate` makes from the current schema", async () => {
    const dir = await mkdtemp(join(tmpdir(), "o365r-sdk-"));
    temp.push(dir);
    const fresh = await generateSdks(dir);
    // What git sees of sdk/ (a pip install from sdk/python leaves build/ and *.egg-info, ignored there).
    const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "sdk"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    const committed = listed.stdout
      .split("\n")
      .filter(Boolean)
      .map((f) => relative(SDK_DIR, join(REPO_ROOT, f)))
      .sort();
    expect(committed, "run `npm run sdk:generate` and commit sdk/").toEqual(fresh);
    for (const file of fresh) {
      const [a, b] = await Promise.all([
        readFile(join(dir, file), "utf8"),
        readFile(join(SDK_DIR, file), "utf8"),
      ]);
      expect(b, `${file} is stale: run \`npm run sdk:generate\``).toBe(a);
    }
  });
});
