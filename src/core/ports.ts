import type { Instant } from './shared/time.js'

/** The current time, injected so that the core and the worker loop can be driven by tests. */
export interface Clock {
  now(): Instant
}

/** Identifier generation, injected for the same reason as the clock. */
export interface Ids {
  /** A new unique, roughly time-ordered id with the given prefix, e.g. `msg_…`. */
  next(prefix: IdPrefix): string
}

export type IdPrefix = 'msg' | 'ct' | 'key' | 'wh' | 'wrk' | 'tpl' | 'sub' | 'whs'

/** A uniformly distributed number in [0, 1), injected so retry jitter is reproducible in tests. */
export type Random = () => number

/** A rate limit shared by every process that sends for the same key (a sender number). */
export interface RateLimiter {
  /** Takes up to `wanted` tokens (refilled at `ratePerSecond`, at most `capacity` banked); returns how many it got. */
  take(key: string, wanted: number, ratePerSecond: number, capacity: number, now: Instant): Promise<number>
  /** Gives back tokens taken but not used. */
  refund(key: string, tokens: number): Promise<void>
}
