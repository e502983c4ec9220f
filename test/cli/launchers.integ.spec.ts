// Both bins as a user starts them: `--version`, and under a Node older than 22 a plain message saying
// what is needed and how to get it (no stack trace, no "internal error").
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oldNode } from "../support/old-node.js";
import { ROOT } from "./harness.js";

const BINS = ["o365r", "terraform-provider-o365reseller"] as const;
const binPath = (name: string) => join(ROOT, "bin", `${name}.js`);
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const env = { ...process.env, O365R_FROM_SOURCE: "1", TF_PLUGIN_MAGIC_COOKIE: "" };

describe("the bins", () => {
  it("o365r --version prints the package version", () => {
    const r = spawnSync(process.execPath, [binPath("o365r"), "--version"], { encoding: "utf8", env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
    const provider = spawnSync(process.execPath, [binPath("terraform-provider-o365reseller"), "version"], {
      encoding: "utf8",
      env,
    });
    expect(provider.stdout).toBe(`terraform-provider-o365reseller ${version}\n`);
  });

  it.each(BINS)("%s under Node < 22 says plainly that Node 22 is needed and how to get it", (name) => {
    const node = oldNode();
    const r = spawnSync(node.argv[0]!, [...node.argv.slice(1), binPath(name), "--version"], {
      encoding: "utf8",
      env,
    });
    expect(r.status, `${node.version}: ${r.stderr}`).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${name}: needs Node.js 22 or newer`);
    expect(r.stderr).toContain("nvm install 22");
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });
});
