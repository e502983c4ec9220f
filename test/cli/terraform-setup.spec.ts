// `o365r terraform-setup` writes a launcher the engines can start and a CLI configuration pointing at it.
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runTerraformSetup } from "../../provider/cli/handlers/terraform-setup.js";
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
    expect(await runTerraformSetup({ dir: "tf" }, captured.io)).toBe(0);

    const config = join(tmp.dir, "tf", "tofurc");
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

  it("defaults to $XDG_CONFIG_HOME/o365-reseller/terraform", async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const captured = captureIo({ cwd: "/", env: { XDG_CONFIG_HOME: tmp.dir } });
    await runTerraformSetup({}, captured.io);
    expect(captured.out()).toContain(join(tmp.dir, "o365-reseller", "terraform", "tofurc"));
  });
});
