import { DateTime } from 'luxon'
import { isIsoDate } from '../analytics/date-range.js'
import { BUCKET } from '../analytics/model.js'
import { DAY, HOUR, type Instant } from '../shared/time.js'

/** The longest spend report: a leap year, so "this year" always fits. */
export const MAX_REPORT_DAYS = 366

/** The spend report's range: `from`/`to` are local dates (whole days, `to` inclusive) or instants (`to` exclusive). */
export interface ReportRangeRequest {
  from?: string
  to?: string
  /** The length when `from` is not given: that many local days ending with today (or with `to`). */
  days: number
  zone: string
}

export type ReportRange = { kind: 'ok'; start: Instant; end: Instant } | { kind: 'invalid'; code: 'range_invalid' | 'range_too_long'; message: string; details: Record<string, unknown> }

/** An instant written in ISO 8601 with a time and an offset (`2026-12-01T09:30:00Z`, `…+03:00`). */
export function isIsoInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text) && DateTime.fromISO(text, { setZone: true }).isValid
}

/** A date or an instant, as the edge accepts them for `from` and `to`. */
export function isReportBound(text: string): boolean {
  return isIsoDate(text) || isIsoInstant(text)
}

const localDay = (date: string, zone: string) => DateTime.fromISO(date, { zone }).startOf('day')

/**
 * `[start, end)` of a spend report. Dates count in `zone` like the dashboard's days
 * (core/analytics/date-range.ts); instants are taken as they are. Bounds must already be valid.
 */
export function resolveReportRange(request: ReportRangeRequest, now: Instant): ReportRange {
  const { zone } = request
  const end =
    request.to === undefined
      ? DateTime.fromMillis(now, { zone }).startOf('day').plus({ days: 1 }).toMillis()
      : isIsoDate(request.to)
        ? localDay(request.to, zone).plus({ days: 1 }).toMillis()
        : DateTime.fromISO(request.to).toMillis()
  const start =
    request.from === undefined
      ? DateTime.fromMillis(end, { zone }).minus({ days: request.days }).toMillis()
      : isIsoDate(request.from)
        ? localDay(request.from, zone).toMillis()
        : DateTime.fromISO(request.from).toMillis()
  const bounds = { from: new Date(start).toISOString(), to: new Date(end).toISOString() }
  if (end <= start) return { kind: 'invalid', code: 'range_invalid', message: `The range ends (${bounds.to}) before it starts (${bounds.from}).`, details: bounds }
  // An hour of slack: a year of local days across a DST change is an hour longer than 366 × 24 h.
  if (end - start > MAX_REPORT_DAYS * DAY + HOUR) {
    const days = Math.round((end - start) / DAY)
    return { kind: 'invalid', code: 'range_too_long', message: `The range covers ${days} days; at most ${MAX_REPORT_DAYS} are allowed.`, details: { ...bounds, days, max_days: MAX_REPORT_DAYS } }
  }
  return { kind: 'ok', start, end }
}

export type Period = 'day' | 'week' | 'month'

/**
 * Labels the store's time buckets with their local day (`2026-12-07`), ISO week (`2026-W50`) or
 * month (`2026-12`) in `zone`. A bucket never straddles a local midnight (see BUCKET), so its
 * first instant decides; the period starts are listed once and each bucket is a binary search.
 */
export function periodLabeller(period: Period, zone: string, start: Instant, end: Instant): (bucket: number) => string {
  const unit = period === 'week' ? 'week' : period
  const starts: Instant[] = []
  const labels: string[] = []
  for (let at = DateTime.fromMillis(start, { zone }).startOf(unit); at.toMillis() < end; at = at.plus({ [`${unit}s`]: 1 })) {
    starts.push(at.toMillis())
    labels.push(period === 'day' ? at.toISODate()! : period === 'week' ? at.toISOWeekDate()!.slice(0, 8) : at.toFormat('yyyy-MM'))
  }
  return (bucket) => {
    const at = bucket * BUCKET
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= at) low = mid
      else high = mid - 1
    }
    return labels[low]!
  }
}
