// `o365r terraform-setup` writes a launcher the engines can start and a CLI configuration pointing at it.
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_PROVIDER_HOSTS,
  platformTarget,
  runTerraformSetup,
} from "../../provider/cli/handlers/terraform-setup.js";
import { captureIo, ROOT, tempDir } from "./harness.js";

describe("o365r terraform-setup", () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.cleanup();
  });

  it("writes the launcher and a dev_overrides config, and prints only the export line on stdout", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const captured = captureIo({ cwd: tmp.dir, env: { HOME: tmp.dir } });
    expect(await runTerraformSetup({ dir: "tf", devOverrides: true }, captured.io)).toBe(0);

    const config = join(tmp.dir, "tf", "dev-overrides.tofurc");
    expect(captured.out()).toBe(`export TF_CLI_CONFIG_FILE='${config}'\n`);
    expect(readFileSync(config, "utf8")).toContain(
      `"o365-reseller/o365reseller" = ${JSON.stringify(join(tmp.dir, "tf", "bin"))}`,
    );
    const launcher = join(tmp.dir, "tf", "bin", "terraform-provider-o365reseller");
    accessSync(launcher, constants.X_OK);
    const script = readFileSync(launcher, "utf8");
    // It names no Node of its own: which one runs is decided each time it starts.
    expect(script).not.toContain(process.execPath);
    expect(script).toContain(
      `exec "$node" '${join(ROOT, "bin", "terraform-provider-o365reseller.js")}' "$@"`,
    );

    // Run by hand (no magic cookie), the provider it starts says it is a plugin and exits non-zero.
    const byHand = spawnSync(launcher, [], {
      encoding: "utf8",
      env: { ...process.env, O365R_FROM_SOURCE: "1" },
    });
    expect(byHand.status).not.toBe(0);
    expect(byHand.stderr + byHand.stdout).toMatch(/This is a plugin/);
  });

  it("by default, prints the filesystem-mirror config; the mirror holds a launcher per default host", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const captured = captureIo({ cwd: tmp.dir, env: { HOME: tmp.dir } });
    expect(await runTerraformSetup({ dir: "tf" }, captured.io)).toBe(0);

    const config = join(tmp.dir, "tf", "tofurc");
    expect(captured.out()).toBe(`export TF_CLI_CONFIG_FILE='${config}'\n`);
    const mirror = join(tmp.dir, "tf", "mirror");
    const hcl = readFileSync(config, "utf8");
    expect(hcl).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(hcl).toContain('include = ["o365-reseller/o365reseller"]');
    expect(hcl).toMatch(/direct \{\s+exclude = \["o365-reseller\/o365reseller"\]\s+\}/);
    expect(hcl).not.toContain("dev_overrides");

    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(DEFAULT_PROVIDER_HOSTS).toHaveLength(2);
    for (const host of DEFAULT_PROVIDER_HOSTS) {
      const file = join(
        mirror,
        host,
        "o365-reseller",
        "o365reseller",
        version,
        platformTarget(),
        `terraform-provider-o365reseller_v${version}`,
      );
      accessSync(file, constants.X_OK);
      // It execs the launcher, so its content (hashed into .terraform.lock.hcl) does not name a Node.
      expect(readFileSync(file, "utf8")).toBe(
        `#!/bin/sh\nexec '${join(tmp.dir, "tf", "bin", "terraform-provider-o365reseller")}' "$@"\n`,
      );
      const byHand = spawnSync(file, [], {
        encoding: "utf8",
        env: { ...process.env, O365R_FROM_SOURCE: "1" },
      });
      expect(byHand.stderr + byHand.stdout).toMatch(/This is a plugin/);
    }
  });

  it("the launcher runs $O365R_NODE, else the project's own Node, else node on PATH", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    await runTerraformSetup({ dir: "tf" }, captureIo({ cwd: tmp.dir, env: { HOME: tmp.dir } }).io);
    const launcher = join(tmp.dir, "tf", "bin", "terraform-provider-o365reseller");
    // A fake Node that says which it is, and stops there.
    const fake = (name: string) => {
      const path = join(tmp.dir, name);
      writeFileSync(path, `#!/bin/sh\necho ${name} "$@"\n`, { mode: 0o755 });
      return path;
    };
    const explicit = fake("explicit-node");
    const byEnv = spawnSync(launcher, ["x"], {
      encoding: "utf8",
      env: { PATH: "/usr/bin:/bin", O365R_NODE: explicit },
    });
    expect(byEnv.stdout).toBe(`explicit-node ${join(ROOT, "bin", "terraform-provider-o365reseller.js")} x\n`);
    // This checkout's own Node (node_modules/.bin/node, the npm package `node`) comes next.
    const own = spawnSync(launcher, ["version"], {
      encoding: "utf8",
      env: { PATH: "/usr/bin:/bin", O365R_FROM_SOURCE: "1" },
    });
    expect(own.stdout).toMatch(/^terraform-provider-o365reseller \d+\.\d+\.\d+\n$/);
    const script = readFileSync(launcher, "utf8");
    expect(script.indexOf("O365R_NODE")).toBeLessThan(
      script.indexOf(join(ROOT, "node_modules", ".bin", "node")),
    );
    expect(script).toContain('[ -n "$node" ] || node=node');
  });

  it("carries the user's own CLI configuration into both files, and refuses one with provider_installation", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const own = join(tmp.dir, "my.tfrc");
    writeFileSync(own, 'plugin_cache_dir = "/cache"\ncredentials "app.example.com" {\n  token = "t"\n}\n');
    const captured = captureIo({ cwd: tmp.dir, env: { HOME: tmp.dir, TF_CLI_CONFIG_FILE: own } });
    expect(await runTerraformSetup({ dir: "tf" }, captured.io)).toBe(0);
    for (const name of ["tofurc", "dev-overrides.tofurc"]) {
      const file = join(tmp.dir, "tf", name);
      const text = readFileSync(file, "utf8");
      expect(text).toContain('plugin_cache_dir = "/cache"');
      expect(text).toContain(`# The settings of ${own}`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(captured.err()).toContain(`both carry the settings of ${own}`);
    // Run again with its own output in TF_CLI_CONFIG_FILE: nothing is carried twice.
    const again = captureIo({
      cwd: tmp.dir,
      env: { HOME: tmp.dir, TF_CLI_CONFIG_FILE: join(tmp.dir, "tf", "tofurc") },
    });
    await runTerraformSetup({ dir: "tf" }, again.io);
    expect(readFileSync(join(tmp.dir, "tf", "tofurc"), "utf8")).not.toContain("The settings of");
    // Nor into another --dir: a file written by terraform-setup is not the user's own.
    expect(await runTerraformSetup({ dir: "tf2" }, again.io)).toBe(0);
    expect(readFileSync(join(tmp.dir, "tf2", "tofurc"), "utf8")).not.toContain("The settings of");

    writeFileSync(own, "provider_installation {\n  direct {}\n}\n");
    const refused = captureIo({ cwd: tmp.dir, env: { HOME: tmp.dir, TF_CLI_CONFIG_FILE: own } });
    await expect(runTerraformSetup({ dir: "tf" }, refused.io)).rejects.toThrow(
      /has a provider_installation block of its own, which TF_CLI_CONFIG_FILE would replace\. Add to it, first: filesystem_mirror/,
    );
    expect(refused.out()).toBe("");
  });

  it("appends TF_CLI_CONFIG_FILE to a CI runner's environment file", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const envFile = join(tmp.dir, "github.env");
    writeFileSync(envFile, "EARLIER=1\n");
    expect(
      await runTerraformSetup({ dir: "tf", envFile }, captureIo({ cwd: tmp.dir, env: { HOME: tmp.dir } }).io),
    ).toBe(0);
    expect(readFileSync(envFile, "utf8")).toBe(
      `EARLIER=1\nTF_CLI_CONFIG_FILE=${join(tmp.dir, "tf", "tofurc")}\n`,
    );
  });

  it("names platforms as the engines do", () => {
    expect(platformTarget("linux", "x64")).toBe("linux_amd64");
    expect(platformTarget("darwin", "arm64")).toBe("darwin_arm64");
    expect(platformTarget("win32", "ia32")).toBe("windows_386");
    expect(platformTarget("freebsd", "arm")).toBe("freebsd_arm");
  });

  it("defaults to $XDG_CONFIG_HOME/o365-reseller/terraform", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const captured = captureIo({ cwd: "/", env: { HOME: tmp.dir, XDG_CONFIG_HOME: tmp.dir } });
    await runTerraformSetup({}, captured.io);
    expect(captured.out()).toContain(join(tmp.dir, "o365-reseller", "terraform", "tofurc"));
  });
});
