// Every knob of the emulator with its default, in one place.
import { type ConformanceMode, conformanceMode } from "./control/conformance.js";

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Directory that keeps the state across restarts; default: a fresh temp dir, removed on stop. */
  dataDir?: string;
  /** Seed a demo reseller account with a couple of tenants (kept across restarts with the same dataDir). */
  demo?: boolean;
  /** Virtual seconds a subscription task takes from todo to done (doing from half-way). Default 2. */
  taskSeconds?: number;
  /** Virtual seconds an order spends in each of checking and delivering. Default: taskSeconds. */
  orderStepSeconds?: number;
  /** Fair-use limit per consumer key (or OAuth2 client); 0 = off (the default). */
  rateLimitPerMinute?: number;
  /** Largest accepted distance between X-Ovh-Timestamp and server time. Default 180 s. */
  timeToleranceSeconds?: number;
  /** Lifetime of OAuth2 access tokens. Default 3600 s. */
  tokenTtlSeconds?: number;
  /** Latency added to every API answer (also settable with PUT /_emulator/latency). Default 0. */
  latencyMs?: number;
  /** Length of a subscription's commitment term; the 168-hour window reopens at each renewal. Default 12. */
  termMonths?: number;
  /**
   * "strict": every answer is validated against OVHcloud's published schema; one that breaks it becomes
   * a 500 naming the route, JSON path and rule, and is recorded (GET /_emulator/conformance). Default:
   * O365R_EMULATOR_CONFORMANCE ("strict" under `npm test`), else "off".
   */
  conformance?: ConformanceMode;
  /** Where to report internal errors (default: stderr). */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  port: number;
  dataDir: string | undefined;
  demo: boolean;
  taskSeconds: number;
  orderStepSeconds: number;
  rateLimitPerMinute: number;
  timeToleranceSeconds: number;
  tokenTtlSeconds: number;
  latencyMs: number;
  termMonths: number;
  conformance: ConformanceMode;
  log: (line: string) => void;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const taskSeconds = options.taskSeconds ?? 2;
  return {
    port: options.port ?? 0,
    dataDir: options.dataDir,
    demo: options.demo ?? false,
    taskSeconds,
    orderStepSeconds: options.orderStepSeconds ?? taskSeconds,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    timeToleranceSeconds: options.timeToleranceSeconds ?? 180,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    latencyMs: options.latencyMs ?? 0,
    termMonths: options.termMonths ?? 12,
    conformance: conformanceMode(options.conformance),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}
