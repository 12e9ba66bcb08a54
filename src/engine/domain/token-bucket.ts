/**
 * Token buckets by key: each key may take `ratePerSecond` units a second on average and up to
 * `burst` at once. A take that does not fit takes nothing and says how long until it would fit.
 * The least recently used key is forgotten past `maxKeys` (it starts full again if it comes back).
 */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, units: number, now: number): TakeResult {
    const last = this.#buckets.get(key);
    const tokens = last ? Math.min(this.burst, last.tokens + ((now - last.at) / 1000) * this.ratePerSecond) : this.burst;
    // Re-inserted, so the map's order is least recently used first.
    this.#buckets.delete(key);
    if (units > tokens) {
      this.#buckets.set(key, { tokens, at: now });
      const retryAfterMs = units > this.burst ? Number.POSITIVE_INFINITY : Math.ceil(((units - tokens) / this.ratePerSecond) * 1000);
      return { ok: false, retryAfterMs };
    }
    this.#buckets.set(key, { tokens: tokens - units, at: now });
    if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
    return { ok: true };
  }
}
