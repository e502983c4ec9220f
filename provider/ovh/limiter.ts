// Per-credential request limits: at most N request starts in any sliding window of a minute, and at
// most M requests in flight. One limiter per credential per process, shared by every client of that
// credential, since OVHcloud counts per consumer key, not per client object. The window itself may be
// shared with the other processes of the machine (rate-budget.ts): OpenTofu runs three provider
// processes per plan, and the CLI may run beside a Pulumi host.
// Clock and sleep are injected, so the waits are testable without time passing.

export interface LimiterClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Limits {
  requestsPerMinute: number;
  maxInFlight: number;
}

export const WINDOW_MS = 60_000;

/**
 * How long a start keeps counting beyond the window: a request travels for a while between the moment
 * it is counted here and the moment OVHcloud counts it (a new TLS connection, a busy machine), so a
 * start released at the very end of a window could land in the same server-side window as a slower
 * request a window earlier. 1 s covers that (60 requests per 61 s); a shorter window (tests) keeps a
 * quarter of itself.
 */
export function guardMs(windowMs: number): number {
  return Math.min(1_000, Math.floor(windowMs / 4));
}

/** Where request starts are counted: in this process, or shared by the processes of the machine. */
export interface RateWindow {
  /**
   * At `now`, with at most `limit` starts per window: 0 when one more start is allowed (it is then
   * counted), otherwise how many milliseconds to wait before asking again.
   */
  take(now: number, limit: number): number;
}

/** Which of these starts still count at `now`, and how long until one more is allowed (0 = now). */
export function windowDelay(
  starts: readonly number[],
  now: number,
  limit: number,
  windowMs: number,
): { live: number[]; delay: number } {
  const counted = windowMs + guardMs(windowMs);
  // A start "in the future" beyond a window is a clock that jumped back: it no longer counts.
  const live = starts.filter((t) => t > now - counted && t <= now + counted).sort((a, b) => a - b);
  if (live.length < limit) return { live, delay: 0 };
  return { live, delay: Math.max(1, live[live.length - limit]! + counted - now) };
}

/** Request starts of one process, in memory. */
export class SlidingWindow implements RateWindow {
  private starts: number[] = [];
  constructor(private readonly windowMs: number = WINDOW_MS) {}

  take(now: number, limit: number): number {
    const { live, delay } = windowDelay(this.starts, now, limit, this.windowMs);
    this.starts = live;
    if (delay === 0) this.starts.push(now);
    return delay;
  }
}

export class RequestLimiter {
  private readonly window: RateWindow;
  private maxInFlight: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  // Rate waits are served one at a time, in arrival order.
  private rateQueue: Promise<void> = Promise.resolve();

  private requestsPerMinute: number;

  constructor(
    limits: Limits,
    private readonly clock: LimiterClock,
    window: RateWindow = new SlidingWindow(),
  ) {
    this.window = window;
    this.requestsPerMinute = limits.requestsPerMinute;
    this.maxInFlight = limits.maxInFlight;
  }

  get limits(): Limits {
    return { requestsPerMinute: this.requestsPerMinute, maxInFlight: this.maxInFlight };
  }

  /** Several clients sharing one credential: the strictest limits asked for apply to all of them. */
  tighten(limits: Limits): void {
    this.requestsPerMinute = Math.min(this.requestsPerMinute, limits.requestsPerMinute);
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
        const delay = this.window.take(this.clock.now(), this.requestsPerMinute);
        if (delay === 0) return;
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
 * The process-wide limiter of one credential (key: endpoint + non-secret credential id), counting its
 * starts in the window `makeWindow` gives the first client. Call the returned `release` when the client
 * closes; the limiter is forgotten when its last user leaves.
 */
export function sharedLimiter(
  key: string,
  limits: Limits,
  clock: LimiterClock,
  makeWindow: () => RateWindow = () => new SlidingWindow(),
): { limiter: RequestLimiter; release: () => void } {
  let entry = shared.get(key);
  if (entry) entry.limiter.tighten(limits);
  else {
    entry = { limiter: new RequestLimiter(limits, clock, makeWindow()), users: 0 };
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
