// Start-up time of the provider: spawn → handshake line on stdout, as the engine measures it (it waits
// at most 60 s). Prints the median and spread of N runs (default 20) for the launcher as given.
//
//   npx tsx bench/provider-startup.ts                  # bin/ launcher: dist/ when built, else tsx
//   O365R_FROM_SOURCE=1 npx tsx bench/provider-startup.ts   # force the TypeScript sources (tsx)
//   npx tsx bench/provider-startup.ts 50 /path/to/terraform-provider-o365reseller
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { selfSignedCertificate } from "../provider/terraform/certificate.js";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../provider/terraform/handshake.js";

const runs = Number(process.argv[2] ?? 20);
const command = process.argv[3]
  ? [process.argv[3]]
  : [process.execPath, new URL("../bin/terraform-provider-o365reseller.js", import.meta.url).pathname];

async function once(clientCert: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    env: {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: "5,6",
      PLUGIN_MIN_PORT: "10000",
      PLUGIN_MAX_PORT: "25000",
      PLUGIN_CLIENT_CERT: clientCert,
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
  const ms = performance.now() - started;
  if (!line.startsWith("1|6|tcp|")) throw new Error(`unexpected handshake: ${line}`);
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  return ms;
}

const cert = selfSignedCertificate({ curve: "P-521" }).certPem;
await once(cert); // warm the file cache
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await once(cert));
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
process.stdout.write(
  `spawn → handshake, ${runs} runs, ${command.join(" ")}${process.env.O365R_FROM_SOURCE === "1" ? " (O365R_FROM_SOURCE=1)" : ""}\n` +
    `  median ${at(0.5).toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms\n` +
    `  machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}\n`,
);
