/**
 * Finds or builds the real engines once per e2e run and hands their paths to the tests.
 * A fresh machine builds them from Go modules here (tens of minutes); later runs take the cache.
 */
import type { TestProject } from "vitest/node";
import { ensureEngines } from "../../scripts/engines.js";

export default async function setup(project: TestProject): Promise<void> {
  const engines = await ensureEngines();
  process.stderr.write(
    `[e2e] pulumi ${engines.pulumi.version} (${engines.pulumi.source}), tofu ${engines.tofu.version} (${engines.tofu.source}), ` +
      `pulumi-language-nodejs: ${engines.pulumiLanguageNodejs ?? "none (programs run inline)"}, ` +
      `pulumi-language-yaml: ${engines.pulumiLanguageYaml}\n`,
  );
  project.provide("engines", engines);
}
