import type { Duration } from '../shared/time.js'

export interface RetryPolicy {
  /** Attempts in total, the first send included. */
  maxAttempts: number
  baseDelay: Duration
  maxDelay: Duration
}

export type RetryDecision = { kind: 'retry'; delay: Duration } | { kind: 'give_up' }

/**
 * What to do after a retryable failure of attempt number `attempt` (1-based): exponential backoff
 * with "equal jitter" (half fixed, half random) so that a burst of failures does not come back as a
 * burst, never sooner than the provider's own retry-after hint. `random` is in [0, 1).
 */
export function decideRetry(policy: RetryPolicy, attempt: number, random: number, retryAfter?: Duration): RetryDecision {
  if (attempt >= policy.maxAttempts) return { kind: 'give_up' }
  const exponential = Math.min(policy.maxDelay, policy.baseDelay * 2 ** (attempt - 1))
  const jittered = exponential / 2 + random * (exponential / 2)
  return { kind: 'retry', delay: Math.round(Math.max(jittered, retryAfter ?? 0)) }
}

/**
 * When a throttled message may go again: the provider's pause plus up to half as much again, so
 * that a batch refused together does not come back together. Throttling is the sender's pace, not
 * the message's fault, so no attempt number enters it.
 */
export function throttleDelay(retryAfter: Duration, random: number): Duration {
  return Math.round(retryAfter * (1 + random / 2))
}
