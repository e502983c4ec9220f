// `npm start` on a machine without a Pulumi CLI: with Go it builds one first (said up front, with the
// expected time and progress) and goes on with it; without Go it says why and shows the API tour.
// The build here is a stub `go` (only the wiring is checked: the real build runs in CI's e2e setup,
// which builds the same way).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../cli/harness.js";

const t = tempDir("o365r-start-");
afterAll(() => t.cleanup());

const { engines } = JSON.parse(readFileSync(join(ROOT, "engines.versions.json"), "utf8")) as {
  engines: { pulumi: { version: string } };
};
const PULUMI_VERSION = engines.pulumi.version;

/** A `go` that answers `env GOVERSION`, lists 250 packages and "builds" a pulumi that knows only `version`. */
const STUB_GO = `#!/bin/sh
case "$1" in
  env) echo go1.26.8 ;;
  list)
    echo "go: downloading example.com/stub v1.0.0" >&2
    i=0; while [ $i -lt 250 ]; do echo "example.com/stub/p$i"; i=$((i+1)); done ;;
  build)
    out=""; while [ $# -gt 0 ]; do [ "$1" = "-o" ] && out="$2"; shift; done
    i=0; while [ $i -lt 250 ]; do echo "example.com/stub/p$i" >&2; i=$((i+1)); done
    printf '#!/bin/sh\\nif [ "$1" = version ]; then echo v${PULUMI_VERSION}; exit 0; fi\\necho "stub pulumi: only version" >&2; exit 3\\n' > "$out"
    chmod +x "$out" ;;
  *) echo "stub go: $*" >&2; exit 2 ;;
esac
`;

/** PATH without any go or pulumi: the project's Node first, then the system's basic directories. */
function basePath(): string {
  const keep = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((d) => d !== "" && !existsSync(join(d, "go")) && !existsSync(join(d, "pulumi")));
  return [join(ROOT, "node_modules", ".bin"), ...keep].join(delimiter);
}

function npmStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "start.ts")], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const baseEnv = (cache: string, path: string): NodeJS.ProcessEnv => ({
  HOME: t.dir,
  PATH: path,
  XDG_CACHE_HOME: cache,
  NO_COLOR: "1",
});

describe("npm start without a Pulumi CLI", () => {
  it("with Go: builds Pulumi only (not tofu), saying how long it takes and showing progress, then uses it", {
    timeout: 150_000,
  }, async () => {
    const stubs = join(t.dir, "stub-go");
    mkdirSync(stubs);
    writeFileSync(join(stubs, "go"), STUB_GO, { mode: 0o755 });
    const cache = join(t.dir, "cache-go");
    const r = await npmStart(baseEnv(cache, [stubs, basePath()].join(delimiter)));

    expect(r.out).toMatch(
      /building github\.com\/pulumi\/pulumi\/pkg\/v3@v[\d.]+ from its Go module, first run only: about 5 minutes/,
    );
    expect(r.out).toContain("compiling up to 250 packages");
    expect(r.out).toMatch(/compiled 200 of 250 \(80 %\) packages/);
    expect(r.out).not.toMatch(/\btofu\b/);
    const built = join(cache, "o365-reseller", "engines", `pulumi-${PULUMI_VERSION}`);
    expect(r.out).toContain(`pulumi ${PULUMI_VERSION} (built: ${join(built, "pulumi")})`);
    // The dynamic-provider shim sits beside the binary, as in a Pulumi release (no "from $PATH" warnings).
    expect(existsSync(join(built, "pulumi-resource-pulumi-nodejs"))).toBe(true);
    expect(existsSync(join(cache, "o365-reseller", "engines", `tofu-1.12.6`))).toBe(false);
    // The stub knows only `version`: the example stops at its first real command, after the build.
    expect(r.out).toContain("stub pulumi: only version");
  });

  it("without Go: says why, then shows the tour of the API client", { timeout: 150_000 }, async () => {
    const r = await npmStart(baseEnv(join(t.dir, "cache-nogo"), basePath()));
    expect(r.out).toContain(
      `pulumi ${PULUMI_VERSION} is not installed or cached, and it cannot be built here: Go 1.26 or newer is needed and \`go\` is not on PATH`,
    );
    expect(r.out).toContain("no pulumi CLI comes from npm");
    expect(r.out).toContain(
      "instead of the Pulumi example, here is the same work done through the API client",
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tenant|Tenant/);
  });
});
