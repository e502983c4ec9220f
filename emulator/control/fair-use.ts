// OVHcloud's fair-use limit (about 60 requests per minute per consumer key): a token bucket per key
// that refills continuously on the real clock. 0 turns it off (the default).

export class FairUse {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private perMinute: number) {}

  get limit(): number {
    return this.perMinute;
  }

  setLimit(perMinute: number): void {
    this.perMinute = perMinute;
    this.buckets.clear();
  }

  /** Takes one request for `key`; when none is left, the whole seconds to wait for the next one. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfter: number } {
    if (this.perMinute <= 0) return { ok: true };
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: nowMs };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (nowMs - bucket.at) * ratePerMs);
    bucket.at = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
  }
}
