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

export type IdPrefix = 'msg' | 'ct' | 'key' | 'wh' | 'wrk'

/** A uniformly distributed number in [0, 1), injected so retry jitter is reproducible in tests. */
export type Random = () => number
