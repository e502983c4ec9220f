// Logs to stderr as hclog JSON lines: go-plugin parses them, and Terraform/OpenTofu show them with
// TF_LOG (or TF_LOG_PROVIDER) at the level given, prefixed with the provider's name. Stdout belongs
// to the handshake and is never written to after it.

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The level the host asked for: TF_LOG_PROVIDER, else TF_LOG; "json" and unknown words mean trace. */
export function levelFromEnv(env: NodeJS.ProcessEnv): LogLevel | "off" {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || "").trim().toLowerCase();
  if (raw === "") return "info";
  if (raw === "off") return "off";
  return raw in ORDER ? (raw as LogLevel) : "trace";
}

/** hclog's timestamp: microseconds and an offset ("2006-01-02T15:04:05.000000Z07:00"). */
export function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function formatLine(
  level: LogLevel,
  message: string,
  fields: LogFields = {},
  now = new Date(),
): string {
  const entry: Record<string, unknown> = {
    "@level": level,
    "@message": message,
    "@module": "o365reseller",
    "@timestamp": hclogTimestamp(now),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) entry[k] = v;
  return `${JSON.stringify(entry)}\n`;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  level: LogLevel | "off" = levelFromEnv(process.env),
): Logger {
  const threshold = level === "off" ? Number.POSITIVE_INFINITY : ORDER[level];
  const log = (l: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[l] >= threshold) write(formatLine(l, message, fields));
  };
  return {
    log,
    trace: (m, f) => log("trace", m, f),
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
  };
}
