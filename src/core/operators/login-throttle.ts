import type { Duration, Instant } from '../shared/time.js'

export interface LoginThrottlePolicy {
  /** Failed logins allowed per window for one e-mail address, and for one client address. */
  maxFailures: number
  windowMs: Duration
}

/** The most counters kept: past it, expired ones are dropped, then the oldest. */
const MAX_TRACKED = 10_000

/**
 * Counts failed logins per e-mail address and per client IP over a sliding window, in this
 * process's memory: several API processes each allow the full count (acceptable: the limit slows
 * guessing by orders of magnitude either way, and scrypt makes each guess cost).
 */
export function createLoginThrottle(policy: LoginThrottlePolicy) {
  const failures = new Map<string, Instant[]>()
  const recent = (key: string, now: Instant) => (failures.get(key) ?? []).filter((at) => now - at < policy.windowMs)

  function prune(now: Instant): void {
    if (failures.size < MAX_TRACKED) return
    for (const [key, times] of failures) if (times.every((at) => now - at >= policy.windowMs)) failures.delete(key)
    for (const key of failures.keys()) {
      if (failures.size < MAX_TRACKED) break
      failures.delete(key)
    }
  }

  return {
    /** How long until a login under these keys may be tried again; 0 when it may be now. */
    retryAfter(keys: readonly string[], now: Instant): Duration {
      let wait = 0
      for (const key of keys) {
        const times = recent(key, now)
        if (times.length >= policy.maxFailures) wait = Math.max(wait, times[times.length - policy.maxFailures]! + policy.windowMs - now)
      }
      return wait
    },
    /** Counts a failed login against each key. */
    failed(keys: readonly string[], now: Instant): void {
      prune(now)
      for (const key of keys) failures.set(key, [...recent(key, now), now].slice(-policy.maxFailures))
    },
    /** Forgets the failures counted against a key (the account's, after a good login). */
    clear(key: string): void {
      failures.delete(key)
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
