/**
 * Our Terraform provider for the e2e suite: a dev_overrides directory holding an executable
 * `terraform-provider-o365reseller` that execs the project's Node on the launcher (sources through tsx
 * unless O365R_E2E_DIST=1, so that a stale dist/ is never what is tested), and the HCL example's files.
 */
import { chmod, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeWorkdir, REPO_ROOT, type Workdir } from "./harness/index.js";

/** The address users write in required_providers; dev_overrides take the same short form. */
export const PROVIDER_SOURCE = "o365-reseller/o365reseller";

export async function providerDir(): Promise<Workdir> {
  const work = await makeWorkdir("tf-provider");
  const script = work.path("terraform-provider-o365reseller");
  const fromSource = process.env.O365R_E2E_DIST === "1" ? "" : "O365R_FROM_SOURCE=1 ";
  // `exec` so that the engine's SIGKILL reaches Node itself, not a shell.
  await writeFile(
    script,
    `#!/bin/sh\n${fromSource}exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(REPO_ROOT, "bin/terraform-provider-o365reseller.js"))} "$@"\n`,
  );
  await chmod(script, 0o755);
  return work;
}

/** examples/hcl/*.tf as files for TofuProject.create. */
export async function hclExample(): Promise<Record<string, string>> {
  const dir = join(REPO_ROOT, "examples/hcl");
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) {
    if (name.endsWith(".tf")) files[name] = await readFile(join(dir, name), "utf8");
  }
  return files;
}
