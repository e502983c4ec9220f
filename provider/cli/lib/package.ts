// This package's own package.json: where it is (from the sources or from dist/) and its version.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The directory of this package's package.json, from the sources or from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "o365-reseller"
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("o365-reseller's package.json was not found above the CLI.");
    dir = parent;
  }
}

export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}
