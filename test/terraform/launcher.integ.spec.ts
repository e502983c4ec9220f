// The bin run by hand: not a plugin launch (no magic cookie) → a short explanation and exit 1;
// `schema` prints the schema engines print; `version`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { providerSchemaJson } from "../../provider/terraform/schema-wire.js";

const bin = fileURLToPath(new URL("../../bin/terraform-provider-o365reseller.js", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, O365R_FROM_SOURCE: "1", TF_PLUGIN_MAGIC_COOKIE: "" },
  });

describe("terraform-provider-o365reseller run by hand", () => {
  it("says it is a plugin and how to install it, and exits 1", () => {
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("This is a plugin");
    expect(r.stderr).toContain('"o365-reseller/o365reseller" = ');
  });

  it("prints the provider schema as `tofu providers schema -json` does", () => {
    const r = run("schema");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(providerSchemaJson());
    const other = run("schema", "--address", "example.com/acme/o365reseller");
    expect(Object.keys(JSON.parse(other.stdout).provider_schemas)).toEqual(["example.com/acme/o365reseller"]);
  });

  it("prints its version", () => {
    expect(run("version").stdout).toMatch(/^terraform-provider-o365reseller \d+\.\d+\.\d+\n$/);
  });
});
