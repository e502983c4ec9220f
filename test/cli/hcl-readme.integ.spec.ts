// examples/hcl/README.md step 1, run as written in bash: start the demo emulator, export its
// credentials, then o365r works with them (both credential sets exported at once would be refused).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, sourceCliWrapper, tempDir } from "./harness.js";

const t = tempDir();
afterAll(() => t.cleanup());

/** The lines of the README's shell block from "# 1." up to "# 2.". */
function stepOne(): string[] {
  const readme = readFileSync(join(ROOT, "examples/hcl/README.md"), "utf8");
  const block = /```sh\n([\s\S]*?)```/.exec(readme)![1]!.split("\n");
  const start = block.findIndex((l) => l.startsWith("# 1."));
  const end = block.findIndex((l) => l.startsWith("# 2."));
  return block.slice(start, end);
}

function bash(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { cwd: t.dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe("examples/hcl/README.md", () => {
  it("step 1 as written gives o365r one usable credential set", { timeout: 90_000 }, async () => {
    // `o365r` on PATH, as an installed package puts it there (the sources of this checkout).
    const bin = join(t.dir, "bin");
    const wrapper = sourceCliWrapper(t.dir);
    mkdirSync(bin);
    writeFileSync(
      join(bin, "o365r"),
      wrapper
        ? `#!/bin/sh\nexec ${JSON.stringify(wrapper)} "$@"\n`
        : `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, "bin/o365r.js"))} "$@"\n`,
      { mode: 0o755 },
    );
    const script = [
      "set -e",
      ...stepOne(),
      "o365r inventory --quiet --no-prices",
      'kill "$!"',
      "wait || true",
    ].join("\n");
    const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: t.dir };
    const r = await bash(script, env);
    expect(r.err).not.toContain("Two authentication methods");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/csp2-\w+/);
  });
});
