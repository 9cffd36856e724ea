import { DateTime } from 'luxon'
import type { Instant } from '../shared/time.js'
import { ANSWER_HORIZON, BUCKET, MAX_RANGE_DAYS, type AnalyticsWindow } from './model.js'

/** A report's range: whole local days in one zone, with each day's first instant. */
export interface DayRange {
  zone: string
  /** `YYYY-MM-DD`, first to last, one per local day. */
  dates: string[]
  /** Each date's local midnight as an instant (a DST day is 23 or 25 hours long). */
  starts: Instant[]
  window: AnalyticsWindow
}

export interface RangeRequest {
  from?: string
  to?: string
  /** The range's length when `from` is not given: it then ends today. */
  days: number
  zone: string
}

export type RangeResult =
  | { kind: 'ok'; range: DayRange }
  | { kind: 'invalid'; code: 'range_invalid' | 'range_too_long'; message: string; details: Record<string, unknown> }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid
}

/**
 * The local days a report covers: `from`..`to` inclusive, or the `days` days that end today (in
 * `zone`, at `now`). `to` before `from`, or more than MAX_RANGE_DAYS days, is refused. Dates and
 * zone must already be valid (the edge checks them).
 */
export function resolveRange(request: RangeRequest, now: Instant): RangeResult {
  const today = DateTime.fromMillis(now, { zone: request.zone }).startOf('day')
  const to = request.to !== undefined ? local(request.to, request.zone) : today
  const from = request.from !== undefined ? local(request.from, request.zone) : to.minus({ days: request.days - 1 })
  const length = Math.round(to.diff(from, 'days').days) + 1
  if (length < 1) {
    return { kind: 'invalid', code: 'range_invalid', message: `The range ends (${iso(to)}) before it starts (${iso(from)}).`, details: { from: iso(from), to: iso(to) } }
  }
  if (length > MAX_RANGE_DAYS) {
    return {
      kind: 'invalid',
      code: 'range_too_long',
      message: `The range covers ${length} days; at most ${MAX_RANGE_DAYS} are allowed.`,
      details: { from: iso(from), to: iso(to), days: length, max_days: MAX_RANGE_DAYS },
    }
  }
  const dates: string[] = []
  const starts: Instant[] = []
  for (let i = 0; i < length; i++) {
    const day = from.plus({ days: i })
    dates.push(iso(day))
    starts.push(day.toMillis())
  }
  const end = to.plus({ days: 1 }).startOf('day').toMillis()
  return { kind: 'ok', range: { zone: request.zone, dates, starts, window: { start: starts[0]!, end, scanEnd: end + ANSWER_HORIZON } } }
}

/**
 * The index of the day a store bucket falls in, or -1 outside the range. Buckets never straddle
 * a local midnight (see BUCKET), so the bucket's first instant decides.
 */
export function dayOfBucket(range: DayRange, bucket: number): number {
  const at = bucket * BUCKET
  if (at < range.window.start || at >= range.window.end) return -1
  let low = 0
  let high = range.starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (range.starts[mid]! <= at) low = mid
    else high = mid - 1
  }
  return low
}

function local(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).startOf('day')
}

function iso(day: DateTime): string {
  return day.toISODate() ?? ''
}
