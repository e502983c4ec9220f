// What both launchers share, written for any Node (no syntax or API newer than Node 18): the Node
// version check, which must run before the package's own modules load (they need Node >= 22 and
// would fail with an unreadable error on an older one), and the choice between the compiled dist/
// and the TypeScript sources of a checkout.
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";

export const MIN_NODE_MAJOR = 22;

/** Exits with a plain message when this Node is older than the package needs. */
export function requireNode(command) {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= MIN_NODE_MAJOR) return;
  process.stderr.write(
    `${command}: needs Node.js ${MIN_NODE_MAJOR} or newer, and this is Node.js ${process.version} (${process.execPath}).\n` +
      `Install Node.js ${MIN_NODE_MAJOR} LTS or newer (https://nodejs.org, or a version manager: nvm install ${MIN_NODE_MAJOR}),\n` +
      "or run it from a project that depends on the npm package `node` (npx puts that Node first on PATH).\n" +
      "In a checkout of o365-reseller, `npm ci` installs Node.js 24 there: run `npx o365r …`.\n",
  );
  process.exit(1);
}

/**
 * Runs `main` of the compiled module (dist/…/<name>.js) or, in a checkout without a build or with
 * O365R_FROM_SOURCE=1, of the TypeScript source through tsx (a devDependency: not in an install).
 */
export async function launch(command, relative) {
  requireNode(command);
  // V8's compiled code of the modules, kept on disk between runs (Node's compile cache, in the temp
  // dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off): engines start the provider several times per
  // command, and most of its start-up is loading code.
  module.enableCompileCache?.();
  const compiled = new URL(`../dist/${relative}.js`, import.meta.url);
  if (process.env.O365R_FROM_SOURCE !== "1" && existsSync(fileURLToPath(compiled))) {
    const { main } = await import(compiled.href);
    const result = await main(process.argv);
    // A server (the Pulumi plugin) is killed rather than exits, so the cache is written once it is up.
    module.flushCompileCache?.();
    return result;
  }
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write(
      `${command}: ${fileURLToPath(compiled)} is missing and tsx is not installed to run the sources.\n` +
        "An installed package always has dist/: reinstall o365-reseller. In a checkout, `npm ci` builds it.\n",
    );
    process.exit(1);
  }
  register();
  const { main } = await import(new URL(`../${relative}.ts`, import.meta.url).href);
  return main(process.argv);
}
