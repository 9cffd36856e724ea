/**
 * The two synchronous send limits of docs/platform.md §5:
 * - throughput: a token bucket per phone number refilled at `mps` (one second of burst) → 130429;
 * - pair rate: a bucket per (phone number, user) holding `burst` tokens, one back every
 *   `refillEverySeconds` ("1 message per 6 s, bursts up to 45 borrow from future quota") → 131056.
 */

interface Bucket {
  tokens: number
  at: number
}

/** Refills `b` up to `capacity` at `perMs` tokens per millisecond, then takes one if it can. */
function take(b: Bucket, capacity: number, perMs: number, now: number): boolean {
  b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perMs)
  b.at = now
  if (b.tokens < 1) return false
  b.tokens -= 1
  return true
}

export class ThroughputLimiter {
  readonly #buckets = new Map<string, Bucket & { mps: number }>()

  setMps(phoneNumberId: string, mps: number): void {
    const b = this.#buckets.get(phoneNumberId)
    if (b) {
      b.mps = mps
      b.tokens = Math.min(b.tokens, mps)
    } else {
      this.#buckets.set(phoneNumberId, { tokens: mps, at: 0, mps })
    }
  }

  mps(phoneNumberId: string): number | undefined {
    return this.#buckets.get(phoneNumberId)?.mps
  }

  tryTake(phoneNumberId: string, now: number): boolean {
    const b = this.#buckets.get(phoneNumberId)
    if (!b) return true
    if (b.at === 0) b.at = now
    return take(b, b.mps, b.mps / 1000, now)
  }

  /** Refills every bucket (used by reset). */
  refill(): void {
    for (const b of this.#buckets.values()) {
      b.tokens = b.mps
      b.at = 0
    }
  }
}

/** Buckets for users not written to recently are full again and carry no information: drop them. */
const SWEEP_EVERY = 50_000

export class PairRateLimiter {
  readonly #buckets = new Map<string, Bucket>()
  #burst: number
  #perMs: number
  #insertsSinceSweep = 0

  constructor(burst: number, refillEverySeconds: number) {
    this.#burst = burst
    this.#perMs = 1 / (refillEverySeconds * 1000)
  }

  tryTake(phoneNumberId: string, user: string, now: number): boolean {
    const key = phoneNumberId + '|' + user
    let b = this.#buckets.get(key)
    if (!b) {
      b = { tokens: this.#burst, at: now }
      this.#buckets.set(key, b)
      if (++this.#insertsSinceSweep >= SWEEP_EVERY) this.#sweep(now)
    }
    return take(b, this.#burst, this.#perMs, now)
  }

  clear(): void {
    this.#buckets.clear()
    this.#insertsSinceSweep = 0
  }

  #sweep(now: number): void {
    this.#insertsSinceSweep = 0
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.#perMs >= this.#burst) this.#buckets.delete(key)
    }
  }
}
