// What a handler may touch of the outside world, injected so that tests run handlers in-process:
// the two output streams (machine output on stdout, messages on stderr), the environment, the
// working directory and the clock.

export interface OutStream {
  /** Node's streams answer false when their buffer is full; then `drain` says when to go on. */
  write(chunk: string): unknown;
  once?(event: "drain", listener: () => void): unknown;
  isTTY?: boolean | undefined;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** Colour only on a terminal, never with NO_COLOR (any value, https://no-color.org) or TERM=dumb. */
export function colorEnabled(io: CliIo, stream: OutStream): boolean {
  return stream.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
}

/**
 * Writes `chunks` one after the other, waiting for the stream to drain whenever it says its buffer is
 * full: megabytes of output to a slow pipe would otherwise all wait in memory at once.
 */
export async function writeAll(stream: OutStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (stream.write(chunk) === false && stream.once) {
      await new Promise<void>((resolve) => stream.once!("drain", resolve));
    }
  }
}

/** A message for a person: one line on stderr. */
export function say(io: CliIo, message: string): void {
  io.stderr.write(`o365r: ${message}\n`);
}
