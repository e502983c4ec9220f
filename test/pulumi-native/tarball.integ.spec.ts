/**
 * The plugin tarball (`npm run plugin:pack`) as `pulumi plugin install --file` unpacks it: it runs from
 * its own directory with no node_modules anywhere above it (the bundle holds what it imports), starts
 * as the engine starts it, and under a Node older than 22 says so instead of failing to load.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageVersion } from "../../provider/package-info.js";
import { PLUGIN_BINARY, packPlugin } from "../../scripts/pulumi-plugin.js";
import { oldNode } from "../support/old-node.js";

let dir: string;
let launcher: string;
/** This Node (>= 22) first on PATH: the launcher runs the `node` it finds there. */
const env = () => ({ ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "o365r-plugin-tarball-"));
  const tarball = await packPlugin(join(dir, "out"));
  await mkdir(join(dir, "plugin"));
  const tar = spawnSync("tar", ["-xzf", tarball, "-C", join(dir, "plugin")], { encoding: "utf8" });
  if (tar.status !== 0) throw new Error(tar.stderr);
  launcher = join(dir, "plugin", PLUGIN_BINARY);
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the plugin tarball", () => {
  it("is named as `pulumi plugin install` expects and holds the launcher, its version and one bundle", async () => {
    expect(await readdir(join(dir, "out"))).toEqual([
      expect.stringMatching(
        new RegExp(`^${PLUGIN_BINARY}-v${packageVersion()}-(linux|darwin)-(amd64|arm64)\\.tar\\.gz$`),
      ),
    ]);
    expect((await readdir(join(dir, "plugin"))).sort()).toEqual(["lib", "package.json", PLUGIN_BINARY]);
    expect((await readdir(join(dir, "plugin", "lib"))).sort()).toEqual([
      "plugin.js",
      "runtime.js",
      "start.js",
    ]);
  });

  it("runs from its own directory alone: its version, then the port line the engine waits for", async () => {
    const version = spawnSync(launcher, ["--version"], { env: env(), encoding: "utf8" });
    expect(version.stdout).toBe(`${packageVersion()}\n`);
    // The engine's address first; the plugin calls it only to log, so none needs to listen.
    const child = spawn(launcher, ["127.0.0.1:1"], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`exited ${code} before its port line`)));
    });
    child.kill("SIGKILL");
    expect(line).toMatch(/^\d+$/);
  });

  it("says plainly under Node < 22 (O365R_NODE) that Node 22 is needed", async () => {
    const node = oldNode();
    // O365R_NODE names one executable: a wrapper when the old Node is this one told it is older.
    const wrapper = join(dir, "old-node");
    await writeFile(wrapper, `#!/bin/sh\nexec ${node.argv.map((a) => `'${a}'`).join(" ")} "$@"\n`);
    await chmod(wrapper, 0o755);
    const r = spawnSync(launcher, ["127.0.0.1:1"], {
      env: { ...env(), O365R_NODE: wrapper },
      encoding: "utf8",
    });
    expect(r.status, `${node.version}: ${r.stderr}`).toBe(1);
    expect(r.stderr).toContain(`${PLUGIN_BINARY}: needs Node.js 22 or newer`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe("");
  });
});
