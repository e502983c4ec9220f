// This package's own root and version, found from the module's location, so that the same code works
// from the sources (provider/…) and from the compiled dist/ (dist/provider/…) of a checkout or an install.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_NAME = "o365-reseller";

let root: string | undefined;

/** The directory of o365-reseller's package.json, the first one above this module. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && readManifest(manifest).name === PACKAGE_NAME) {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}'s package.json was not found above ${dir}.`);
    dir = parent;
  }
}

/** The version in package.json: what `o365r --version`, the provider and the filesystem mirror report. */
export function packageVersion(): string {
  return readManifest(join(packageRoot(), "package.json")).version ?? "0.0.0";
}

function readManifest(path: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
}
