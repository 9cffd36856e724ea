import type { Duration, Instant } from '../shared/time.js'

/** How long an operator counts as typing after a signal from their composer. */
export const TYPING_SHOWN_FOR: Duration = 6_000

/** At most one typing signal per operator and conversation in this span reaches the feed. */
export const TYPING_EVERY: Duration = 3_000

/**
 * Which typing signals reach the feed: the first, then one per `every` for each operator and
 * conversation. Kept in memory (each API process bounds its own callers; a typing signal is
 * ephemeral, a few extra ones across processes do no harm); entries older than `every` are dropped.
 */
export function createTypingThrottle(every: Duration = TYPING_EVERY, maxEntries = 10_000) {
  const lastAdmitted = new Map<string, Instant>()
  return {
    /** Whether this signal goes on the feed; remembers it when it does. */
    admit(operatorId: string, phone: string, now: Instant): boolean {
      const key = `${operatorId} ${phone}`
      const last = lastAdmitted.get(key)
      if (last !== undefined && now - last < every) return false
      if (lastAdmitted.size >= maxEntries) {
        for (const [k, at] of lastAdmitted) if (now - at >= every) lastAdmitted.delete(k)
      }
      lastAdmitted.set(key, now)
      return true
    },
  }
}
