// Polling with backoff for asynchronous work (tasks, order delivery). Clock and sleep are injected.

export interface PollSettings {
  /** First pause between reads. */
  initialMs: number;
  /** Longest pause between reads. */
  maxMs: number;
  /** Growth of the pause after each read. */
  factor: number;
}

export interface PollClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type PollVerdict<R> = { done: true; result: R } | { done: false; status: string };

/**
 * Reads until `judge` says done (or throws). Throws what `onTimeout` builds when `timeoutMs` passes
 * between reads; the last read happens at or just before the deadline.
 */
export async function pollUntil<T, R>(args: {
  read: () => Promise<T>;
  judge: (value: T, elapsedMs: number) => PollVerdict<R>;
  timeoutMs: number;
  settings: PollSettings;
  clock: PollClock;
  signal?: AbortSignal | undefined;
  onTimeout: (elapsedMs: number, lastStatus: string | undefined) => Error;
  /** The status is already known (the call that started the work answered it): pause before the first read. */
  pauseFirst?: boolean | undefined;
}): Promise<R> {
  const { clock, settings, signal } = args;
  const started = clock.now();
  let pause = settings.initialMs;
  let lastStatus: string | undefined;
  if (args.pauseFirst) {
    await clock.sleep(Math.min(pause, args.timeoutMs), signal);
    pause = Math.min(settings.maxMs, Math.ceil(pause * settings.factor));
  }
  for (;;) {
    signal?.throwIfAborted();
    const value = await args.read();
    const elapsed = clock.now() - started;
    const verdict = args.judge(value, elapsed);
    if (verdict.done) return verdict.result;
    lastStatus = verdict.status;
    const remaining = args.timeoutMs - elapsed;
    if (remaining <= 0) throw args.onTimeout(elapsed, lastStatus);
    await clock.sleep(Math.min(pause, remaining), signal);
    pause = Math.min(settings.maxMs, Math.ceil(pause * settings.factor));
  }
}
