// A Node older than the package needs, to run the bins as a user with an old Node would. The machine's
// own Node (outside any node_modules) when it is older than 22, as on this project's machines (Node 20);
// otherwise the project's Node told at start-up that it is 20.19.0 (the launchers read only that).
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export interface OldNode {
  /** Command and leading arguments: append the script and its arguments. */
  argv: string[];
  /** What it calls itself, for messages. */
  version: string;
}

export function oldNode(): OldNode {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "" || dir.includes("node_modules")) continue;
    const candidate = join(dir, "node");
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const version = spawnSync(candidate, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    const major = Number(/^v(\d+)/.exec(version)?.[1]);
    if (major > 0 && major < 22) return { argv: [candidate], version };
  }
  const pretend = 'Object.defineProperty(process.versions, "node", { value: "20.19.0" });';
  return {
    argv: [process.execPath, "--import", `data:text/javascript,${encodeURIComponent(pretend)}`],
    version: "20.19.0 (simulated)",
  };
}
