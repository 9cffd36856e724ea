import { DateTime } from 'luxon'

/** What a value is, in the words messages use. */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return instantOf(value) !== null ? 'a date-time' : isCalendarDate(value) ? 'a date' : 'text'
  if (typeof value === 'number') return 'a number'
  if (typeof value === 'boolean') return 'true/false'
  return 'an object'
}

/** A value shown in a message, shortened. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

// An instant needs its offset: "2026-11-25T19:30:00" alone would mean a different moment in every zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The instant an ISO 8601 date-time with an offset (`2026-11-25T19:30:00Z`, `…+03:00`) names; null for anything else. */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return null
  const parsed = DateTime.fromISO(value, { setZone: true })
  return parsed.isValid ? parsed.toMillis() : null
}

/** `2026-03-02`: a day on the calendar, with no time and no zone. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && CALENDAR_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid
}
