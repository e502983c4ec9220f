// `o365r terraform-setup` writes a launcher the engines can start and a CLI configuration pointing at it.
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
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
    const captured = captureIo({ cwd: tmp.dir });
    expect(await runTerraformSetup({ dir: "tf", devOverrides: true }, captured.io)).toBe(0);

    const config = join(tmp.dir, "tf", "dev-overrides.tofurc");
    expect(captured.out()).toBe(`export TF_CLI_CONFIG_FILE='${config}'\n`);
    expect(readFileSync(config, "utf8")).toContain(
      `"o365-reseller/o365reseller" = ${JSON.stringify(join(tmp.dir, "tf", "bin"))}`,
    );
    const launcher = join(tmp.dir, "tf", "bin", "terraform-provider-o365reseller");
    accessSync(launcher, constants.X_OK);
    const script = readFileSync(launcher, "utf8");
    expect(script).toContain(
      `exec '${process.execPath}' '${join(ROOT, "bin", "terraform-provider-o365reseller.js")}' "$@"`,
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
    const captured = captureIo({ cwd: tmp.dir });
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

  it("names platforms as the engines do", () => {
    expect(platformTarget("linux", "x64")).toBe("linux_amd64");
    expect(platformTarget("darwin", "arm64")).toBe("darwin_arm64");
    expect(platformTarget("win32", "ia32")).toBe("windows_386");
    expect(platformTarget("freebsd", "arm")).toBe("freebsd_arm");
  });

  it("defaults to $XDG_CONFIG_HOME/o365-reseller/terraform", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const captured = captureIo({ cwd: "/", env: { XDG_CONFIG_HOME: tmp.dir } });
    await runTerraformSetup({}, captured.io);
    expect(captured.out()).toContain(join(tmp.dir, "o365-reseller", "terraform", "tofurc"));
  });
});
