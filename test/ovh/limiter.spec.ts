import { describe, expect, it } from "vitest";
import { guardMs, RequestLimiter, SlidingWindow, sharedLimiter } from "../../provider/ovh/limiter.js";
import { manualClock } from "./fake.js";

describe("SlidingWindow", () => {
  it("allows N starts in any window (plus its guard), then says how long to wait", () => {
    // A start counts for the window plus 1 s (a quarter of a shorter window): 61 s for a minute.
    expect(guardMs(60_000)).toBe(1_000);
    expect(guardMs(2_000)).toBe(500);
    const w = new SlidingWindow();
    for (const t of [0, 10, 20]) expect(w.take(t, 3)).toBe(0);
    expect(w.take(30, 3)).toBe(61_000 - 30);
    expect(w.take(61_000, 3)).toBe(0);
    expect(w.take(61_001, 3)).toBe(9);
    // A tighter limit counts the same starts.
    expect(w.take(61_001, 2)).toBe(20 + 61_000 - 61_001);
  });

  it("forgets starts from a clock that jumped back", () => {
    const w = new SlidingWindow(1_000);
    expect(w.take(1_000_000, 1)).toBe(0);
    expect(w.take(0, 1)).toBe(0);
  });
});

describe("RequestLimiter", () => {
  it("spaces the N+1th request a window after the first (60/min per consumer key by default)", async () => {
    const clock = manualClock(0);
    const limiter = new RequestLimiter({ requestsPerMinute: 2, maxInFlight: 10 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const release = await limiter.acquire();
      starts.push(clock.now());
      release();
    }
    expect(starts).toEqual([0, 0, 61_000, 61_000, 122_000]);
  });

  it("caps requests in flight and serves waiters in order", async () => {
    const clock = manualClock(0);
    const limiter = new RequestLimiter({ requestsPerMinute: 1_000, maxInFlight: 2 }, clock);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((r) => {
      order.push("c");
      return r;
    });
    const d = limiter.acquire().then((r) => {
      order.push("d");
      return r;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(["c", "d"]);
  });

  it("gives up a queued wait when its signal aborts", async () => {
    const limiter = new RequestLimiter({ requestsPerMinute: 1_000, maxInFlight: 1 }, manualClock(0));
    const first = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    first();
    const again = await limiter.acquire();
    again();
  });

  it("is shared by every client of one credential, at the strictest limits asked", () => {
    const clock = manualClock(0);
    const one = sharedLimiter("test|ck:x", { requestsPerMinute: 60, maxInFlight: 8 }, clock);
    const two = sharedLimiter("test|ck:x", { requestsPerMinute: 30, maxInFlight: 10 }, clock);
    const other = sharedLimiter("test|ck:y", { requestsPerMinute: 60, maxInFlight: 8 }, clock);
    expect(two.limiter).toBe(one.limiter);
    expect(other.limiter).not.toBe(one.limiter);
    expect(one.limiter.limits).toEqual({ requestsPerMinute: 30, maxInFlight: 8 });
    one.release();
    two.release();
    other.release();
    const fresh = sharedLimiter("test|ck:x", { requestsPerMinute: 60, maxInFlight: 8 }, clock);
    expect(fresh.limiter).not.toBe(one.limiter);
    fresh.release();
  });
});
