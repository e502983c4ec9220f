// Debug logging of HTTP (O365R_LOG=debug) to stderr. Lines carry method, path, status, duration,
// attempt and query id, never headers or bodies; and every line passes through the redactor anyway.

export type LogSink = (line: string) => void;

/** The sink for the environment: stderr when O365R_LOG=debug, otherwise nothing. */
export function defaultLogSink(env: Record<string, string | undefined> = process.env): LogSink | undefined {
  const level = env.O365R_LOG?.trim().toLowerCase();
  if (level !== "debug") return undefined;
  return (line) => {
    process.stderr.write(`[o365r ovh] ${line}\n`);
  };
}

/** A logger that redacts before writing; a no-op without a sink. */
export function makeLogger(sink: LogSink | undefined, redact: (text: string) => string): LogSink {
  if (!sink) return () => {};
  return (line) => sink(redact(line));
}
