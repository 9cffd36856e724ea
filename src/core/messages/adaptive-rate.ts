import type { Duration, Instant } from '../shared/time.js'

/**
 * How a sender number's sending rate follows the provider's throughput refusals (130429, "messages
 * per second for the number exceeded", docs/platform.md §5): the configured rate is a ceiling, not a
 * promise — a number can be held lower (e.g. a coexistence number at 20 mps). Additive increase,
 * multiplicative decrease, as TCP finds a link's capacity: a throttle halves the rate, a quiet spell
 * starts a steady climb back to the configured rate.
 */
export interface AdaptiveRatePolicy {
  /** The factor a throttle cuts the rate by, in (0, 1). */
  decrease: number
  /** The rate is never cut below this many sends per second (nor is it ever above the configured rate). */
  floorPerSecond: number
  /**
   * Throttles this soon after a cut answer sends made before it took effect: they do not cut again.
   * Without it, one burst of refusals from sends already in flight would cut the rate to the floor.
   */
  holdMs: Duration
  /** How long the cut rate is kept without a throttle before it starts climbing back. */
  quietMs: Duration
  /** How long the climb would take from zero to the configured rate: it gains `configured / recoverMs` per ms. */
  recoverMs: Duration
}

/** The last cut of a sender's rate, kept beside its token bucket; `null` while it was never throttled. */
export interface RateCut {
  /** The rate right after the cut, in sends per second. */
  ratePerSecond: number
  at: Instant
}

/** The rate a sender may send at `now`, in sends per second: the cut rate, climbing back after the quiet spell. */
export function effectiveRate(configured: number, cut: RateCut | null, policy: AdaptiveRatePolicy, now: Instant): number {
  if (cut === null) return configured
  const climbing = Math.max(0, now - cut.at - policy.quietMs)
  const rate = cut.ratePerSecond + (configured * climbing) / policy.recoverMs
  return Math.max(floorOf(configured, policy), Math.min(configured, rate))
}

/** The cut after a throttle signal at `now`: the effective rate times `decrease`, or the last cut unchanged while it holds. */
export function cutAfterThrottle(configured: number, cut: RateCut | null, policy: AdaptiveRatePolicy, now: Instant): RateCut {
  // A cut stamped later than `now` (another worker's clock runs slightly ahead) also holds.
  if (cut !== null && now - cut.at < policy.holdMs) return cut
  const ratePerSecond = Math.max(floorOf(configured, policy), effectiveRate(configured, cut, policy, now) * policy.decrease)
  return { ratePerSecond, at: now }
}

/**
 * Banked tokens: a quarter second of the rate. Small enough that a worker never bursts far
 * above the provider's per-second limit, large enough that one claim round moves a useful batch.
 */
export function burstCapacity(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 4))
}

const floorOf = (configured: number, policy: AdaptiveRatePolicy): number => Math.min(policy.floorPerSecond, configured)
