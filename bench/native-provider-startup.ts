// Start-up time of the native Pulumi provider plugin: spawn → the port line on stdout, as the engine
// waits for it. Prints the median and spread of N runs (default 20) for the launcher as given.
//
//   npm run bench:native-startup                              # what a user's engine starts: the plugin
//   npx tsx bench/native-provider-startup.ts 20 installed     #   tarball installed by `pulumi plugin install
//                                                             #   … --file` into a temp PULUMI_HOME (needs pulumi)
//   npx tsx bench/native-provider-startup.ts 20 tarball       # the same tarball, merely unpacked
//   npx tsx bench/native-provider-startup.ts 20 bin           # the npm package's bin: dist/ when built, else tsx
//   O365R_FROM_SOURCE=1 npx tsx bench/native-provider-startup.ts 20 bin   # the TypeScript sources (tsx)
//   npx tsx bench/native-provider-startup.ts 50 /path/to/pulumi-resource-o365reseller
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { packageVersion } from "../provider/package-info.js";
import { ensurePulumiEngine } from "../scripts/engines.js";
import { PLUGIN_BINARY, packPlugin } from "../scripts/pulumi-plugin.js";

const runs = Number(process.argv[2] ?? 20);
let cleanup = () => {};

async function launcher(): Promise<string[]> {
  const given = process.argv[3] ?? "installed";
  if (given === "installed" || given === "tarball") {
    const dir = mkdtempSync(join(tmpdir(), "o365r-bench-plugin-"));
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    const tarball = await packPlugin(dir);
    if (given === "tarball") {
      spawnSync("tar", ["-xzf", tarball, "-C", dir]);
      return [join(dir, PLUGIN_BINARY)];
    }
    const { pulumi } = await ensurePulumiEngine({ build: false });
    const home = join(dir, "home");
    const version = packageVersion();
    const installed = spawnSync(
      pulumi.path,
      ["plugin", "install", "resource", "o365reseller", version, "--file", tarball],
      { env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" }, encoding: "utf8" },
    );
    if (installed.status !== 0) throw new Error(`pulumi plugin install failed: ${installed.stderr}`);
    return [join(home, "plugins", `resource-o365reseller-v${version}`, PLUGIN_BINARY)];
  }
  if (given === "bin")
    return [process.execPath, new URL(`../bin/${PLUGIN_BINARY}.js`, import.meta.url).pathname];
  return [given];
}

async function once(command: string[]): Promise<number> {
  const started = performance.now();
  // The engine passes its address first; nothing is sent to it before the first call.
  const child = spawn(command[0]!, [...command.slice(1), "127.0.0.1:1"], {
    // The tarball's launcher runs the `node` on PATH: this Node first.
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
  const ms = performance.now() - started;
  if (!/^\d+$/.test(line)) throw new Error(`unexpected first line: ${line}`);
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  return ms;
}

const command = await launcher();
try {
  await once(command); // warm the file cache (and Node's compile cache)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(command));
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  process.stdout.write(
    `spawn → port line, ${runs} runs, ${command.join(" ")}${process.env.O365R_FROM_SOURCE === "1" ? " (O365R_FROM_SOURCE=1)" : ""}\n` +
      `  median ${at(0.5).toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms\n` +
      `  machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}\n`,
  );
} finally {
  cleanup();
}
