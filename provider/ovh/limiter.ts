// Per-credential request limits: at most N request starts in any sliding 60-second window, and at
// most M requests in flight. One limiter per credential per process, shared by every client of that
// credential, since OVHcloud counts per consumer key, not per client object.
// Clock and sleep are injected, so the waits are testable without time passing.

export interface LimiterClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Limits {
  requestsPerMinute: number;
  maxInFlight: number;
}

const WINDOW_MS = 60_000;

/** Pure bookkeeping of request starts within a window. */
export class SlidingWindow {
  private starts: number[] = [];
  constructor(
    public limit: number,
    private readonly windowMs: number = WINDOW_MS,
  ) {}

  /** Milliseconds to wait before one more start is allowed at `now` (0 = now). */
  delayFor(now: number): number {
    this.prune(now);
    if (this.starts.length < this.limit) return 0;
    const oldestCounted = this.starts[this.starts.length - this.limit]!;
    return Math.max(1, oldestCounted + this.windowMs - now);
  }

  record(now: number): void {
    this.starts.push(now);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.starts.length && this.starts[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) this.starts.splice(0, drop);
  }
}

export class RequestLimiter {
  private readonly window: SlidingWindow;
  private maxInFlight: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  // Rate waits are served one at a time, in arrival order.
  private rateQueue: Promise<void> = Promise.resolve();

  constructor(
    limits: Limits,
    private readonly clock: LimiterClock,
  ) {
    this.window = new SlidingWindow(limits.requestsPerMinute);
    this.maxInFlight = limits.maxInFlight;
  }

  get limits(): Limits {
    return { requestsPerMinute: this.window.limit, maxInFlight: this.maxInFlight };
  }

  /** Several clients sharing one credential: the strictest limits asked for apply to all of them. */
  tighten(limits: Limits): void {
    this.window.limit = Math.min(this.window.limit, limits.requestsPerMinute);
    this.maxInFlight = Math.min(this.maxInFlight, limits.maxInFlight);
  }

  /** Waits for an in-flight slot and a rate slot; returns the function that frees the in-flight slot. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.takeSlot(signal);
    try {
      await this.takeRate(signal);
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private takeSlot(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        this.inFlight++;
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    this.inFlight--;
    if (this.inFlight < this.maxInFlight) this.waiting.shift()?.();
  }

  private takeRate(signal?: AbortSignal): Promise<void> {
    const turn = this.rateQueue.then(async () => {
      for (;;) {
        signal?.throwIfAborted();
        const delay = this.window.delayFor(this.clock.now());
        if (delay === 0) {
          this.window.record(this.clock.now());
          return;
        }
        await this.clock.sleep(delay, signal);
      }
    });
    this.rateQueue = turn.catch(() => {});
    return turn;
  }
}

interface SharedEntry {
  limiter: RequestLimiter;
  users: number;
}
const shared = new Map<string, SharedEntry>();

/**
 * The process-wide limiter of one credential (key: endpoint + non-secret credential id). Call the
 * returned `release` when the client closes; the limiter is forgotten when its last user leaves.
 */
export function sharedLimiter(
  key: string,
  limits: Limits,
  clock: LimiterClock,
): { limiter: RequestLimiter; release: () => void } {
  let entry = shared.get(key);
  if (entry) entry.limiter.tighten(limits);
  else {
    entry = { limiter: new RequestLimiter(limits, clock), users: 0 };
    shared.set(key, entry);
  }
  entry.users++;
  const current = entry;
  let released = false;
  return {
    limiter: current.limiter,
    release: () => {
      if (released) return;
      released = true;
      current.users--;
      if (current.users === 0 && shared.get(key) === current) shared.delete(key);
    },
  };
}
