import type { AdaptiveRatePolicy } from './messages/adaptive-rate.js'
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

export type IdPrefix = 'msg' | 'ct' | 'key' | 'wh' | 'wrk' | 'tpl' | 'sub' | 'whs' | 'op' | 'team' | 'note'

/** A uniformly distributed number in [0, 1), injected so retry jitter is reproducible in tests. */
export type Random = () => number

/** A sender's rate limit: the configured rate (a ceiling) and how throttling moves it below. */
export interface RateLimit {
  ratePerSecond: number
  policy: AdaptiveRatePolicy
}

/** What a take got: the tokens, and the effective rate they were counted at. */
export interface RateGrant {
  granted: number
  ratePerSecond: number
}

/**
 * A rate limit shared by every process that sends for the same key (a sender number): one token
 * bucket, refilled at the key's effective rate, which throttle signals cut and quiet time restores.
 */
export interface RateLimiter {
  /** Takes up to `wanted` tokens (a quarter second of the effective rate is banked at most). */
  take(key: string, wanted: number, limit: RateLimit, now: Instant): Promise<RateGrant>
  /** Gives back tokens taken but not used. */
  refund(key: string, tokens: number): Promise<void>
  /** The provider said the key sends too fast: cuts its effective rate (see `cutAfterThrottle`); returns the rate after. */
  throttled(key: string, limit: RateLimit, now: Instant): Promise<number>
  /** The key's effective rate at `now`, taking nothing. */
  rate(key: string, limit: RateLimit, now: Instant): Promise<number>
}
