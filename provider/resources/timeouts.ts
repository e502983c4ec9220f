// Per-resource timeouts: "30m", "1h", "90s", "1h30m" or a number of seconds. The defaults are what an
// OVHcloud order or Microsoft task usually needs, with room to spare; every wait takes its remainder.

export type TimeoutOperation = "create" | "update" | "delete";
export type TimeoutsInput = Partial<Record<TimeoutOperation, string | number>>;

/** Defaults in milliseconds. A tenant order waits for payment checks and delivery; tasks are faster. */
export const DEFAULT_TIMEOUTS = {
  tenant: { create: 60 * 60_000, update: 20 * 60_000, delete: 20 * 60_000 },
  subscription: { create: 20 * 60_000, update: 20 * 60_000, delete: 20 * 60_000 },
} as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** Parses a duration into milliseconds, or returns undefined if it is not one. Zero is not a timeout. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
  }
  const text = value.trim().toLowerCase().replace(/\s+/g, "");
  if (/^\d+(?:\.\d+)?$/.test(text)) return parseDuration(Number(text));
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(n) * UNIT_MS[unit!]!;
  }
  return total > 0 ? Math.round(total) : undefined;
}

/** The timeout of one operation of a resource, in milliseconds (the user's value, else the default). */
export function timeoutMs(
  kind: keyof typeof DEFAULT_TIMEOUTS,
  operation: TimeoutOperation,
  timeouts: TimeoutsInput | undefined,
): number {
  const raw = timeouts?.[operation];
  const parsed = raw === undefined ? undefined : parseDuration(raw);
  return parsed ?? DEFAULT_TIMEOUTS[kind][operation];
}

/** A deadline that hands each wait what is left of the operation's budget. */
export class Deadline {
  readonly at: number;
  constructor(
    readonly totalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.at = now() + totalMs;
  }
  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }
  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}
