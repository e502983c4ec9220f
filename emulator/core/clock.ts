// The virtual clock: business time (tasks, orders, Microsoft's 168-hour window, renewals) runs at
// real speed from an offset that tests move forward with `POST /_emulator/clock`. The offset lives in
// the state, so a restart keeps the virtual date.
import type { Store } from "./store.js";

export class VirtualClock {
  constructor(
    private readonly store: Store,
    private readonly realNow: () => number = Date.now,
  ) {}

  /** Virtual now, epoch ms. */
  now(): number {
    return this.realNow() + this.store.state.clockOffsetMs;
  }

  /** Real now, epoch ms (credentials and tokens). */
  real(): number {
    return this.realNow();
  }

  /** Server time for /auth/time and the signature time check: the real clock plus the admin skew. */
  serverSeconds(): number {
    return Math.floor(this.realNow() / 1000) + this.store.state.skewSeconds;
  }

  advance(seconds: number): void {
    this.store.state.clockOffsetMs += Math.round(seconds * 1000);
    this.store.changed();
  }
}
