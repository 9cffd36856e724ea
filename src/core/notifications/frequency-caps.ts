import type { Instant } from '../shared/time.js'
import { localTime } from './local-time.js'
import type { NotificationCategory } from '../shared/category.js'

/** At most this many messages of a category to one contact per local day and per ISO week; null: no cap. */
export interface FrequencyCap {
  perDay: number | null
  perWeek: number | null
}

/** Caps per category. */
export type FrequencyCaps = Readonly<Record<NotificationCategory, FrequencyCap>>

/** No caps at all. */
export const NO_FREQUENCY_CAPS: FrequencyCaps = Object.freeze({
  utility: { perDay: null, perWeek: null },
  marketing: { perDay: null, perWeek: null },
})

/** Messages counted against a cap: those in the contact's local day and ISO week (Monday first). */
export interface SendCounts {
  day: number
  week: number
}

/** A half-open span of time [from, to). */
export interface Period {
  from: Instant
  to: Instant
}

/** The contact's local day and ISO week containing `at`, as instants (DST days are 23 or 25 h). */
export function capPeriods(at: Instant, zone: string): { day: Period; week: Period } {
  const local = localTime(at, zone)
  const day = local.startOf('day')
  const week = local.startOf('week')
  return {
    day: { from: day.toMillis(), to: day.plus({ days: 1 }).toMillis() },
    week: { from: week.toMillis(), to: week.plus({ weeks: 1 }).toMillis() },
  }
}

/** How many of `history` (sends made or scheduled) fall in the local day and week of `at`. */
export function countSends(history: readonly Instant[], at: Instant, zone: string): SendCounts {
  const { day, week } = capPeriods(at, zone)
  const within = (p: Period) => history.filter((t) => t >= p.from && t < p.to).length
  return { day: within(day), week: within(week) }
}

/** Which cap one more message would exceed, the day's first; null when it fits. */
export function exceededCap(cap: FrequencyCap, counts: SendCounts): 'day' | 'week' | null {
  if (cap.perDay !== null && counts.day >= cap.perDay) return 'day'
  if (cap.perWeek !== null && counts.week >= cap.perWeek) return 'week'
  return null
}
