// `o365r emulator [--port N] [--data DIR] [--demo]`: serve until SIGINT/SIGTERM. The first stdout line
// is the base URL (a valid OVH_ENDPOINT); `--demo` credentials go to stderr as OVH_*= lines.
import { startEmulator } from "./index.js";

export interface EmulatorCommandOptions {
  port?: number;
  data?: string;
  demo?: boolean;
}

export interface EmulatorCommandIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Stops the emulator like a signal would (for embedding and tests). */
  signal?: AbortSignal;
}

export async function runEmulatorCommand(
  options: EmulatorCommandOptions,
  io: EmulatorCommandIo = {},
): Promise<void> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const emulator = await startEmulator({
    port: options.port ?? 0,
    dataDir: options.data,
    demo: options.demo,
  });
  stdout.write(`${emulator.url}\n`);
  if (emulator.demo) {
    const d = emulator.demo;
    stderr.write(
      [
        `OVH_ENDPOINT=${emulator.url}`,
        `OVH_APPLICATION_KEY=${d.applicationKey}`,
        `OVH_APPLICATION_SECRET=${d.applicationSecret}`,
        `OVH_CONSUMER_KEY=${d.consumerKey}`,
        `OVH_CLIENT_ID=${d.clientId}`,
        `OVH_CLIENT_SECRET=${d.clientSecret}`,
        `# demo account ${d.nic}, tenants ${d.tenants.join(", ")}; use either the AK/AS/CK or the client id/secret`,
        "",
      ].join("\n"),
    );
  }
  stderr.write(`# admin API ${emulator.adminUrl}, state in ${emulator.dataDir}; Ctrl-C stops\n`);

  // The listeners stay until the stop is complete: a second signal (a process group gets one from the
  // terminal and another relayed by tsx) must not kill the process half-way through stopping.
  let handler = () => {};
  const signalled = new Promise<void>((resolve) => {
    handler = () => resolve();
  });
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  if (io.signal?.aborted) handler();
  else io.signal?.addEventListener("abort", handler);
  try {
    await signalled;
    await emulator.stop();
  } finally {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
    io.signal?.removeEventListener("abort", handler);
  }
  stderr.write("# emulator stopped\n");
}
