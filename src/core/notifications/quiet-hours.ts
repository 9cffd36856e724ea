import type { DateTime } from 'luxon'
import { HOUR, MINUTE, type Instant } from '../shared/time.js'
import { localTime } from './local-time.js'

/** Local wall-clock times `HH:mm`; `start` after `end` crosses midnight. Equal times: no quiet hours. */
export interface QuietHours {
  start: string
  end: string
}

/** Quiet from 21:00 to 08:00 in the contact's zone. */
export const DEFAULT_QUIET_HOURS: QuietHours = Object.freeze({ start: '21:00', end: '08:00' })

export type QuietCheck = { quiet: false } | { quiet: true; endsAt: Instant }

function minutesOf(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text)
  if (!match) throw new RangeError(`quiet hours: "${text}" is not HH:mm`)
  return Number(match[1]) * 60 + Number(match[2])
}

/** Validates quiet hours (throws RangeError naming the bad value): for config at start. */
export function parseQuietHours(hours: QuietHours): { start: number; end: number } {
  return { start: minutesOf(hours.start), end: minutesOf(hours.end) }
}

/**
 * The first instant after `after` at which the local date `day` shows `minutes` after midnight,
 * decided here rather than by luxon's guess (which depends on the offset it starts from): of a time
 * that happens twice (DST ends) the first one still ahead; a time skipped (DST starts) moves
 * forward by the gap, 02:30 → 03:30 in Berlin in March, as java.time does.
 */
function atLocalMinutes(day: DateTime, minutes: number, after: Instant): Instant {
  const wall = Date.UTC(day.year, day.month - 1, day.day, Math.floor(minutes / 60), minutes % 60)
  const offsetAt = (at: Instant): number => day.zone.offset(at) * MINUTE
  const guesses = [offsetAt(wall - 12 * HOUR), offsetAt(wall), offsetAt(wall + 12 * HOUR)]
  const exact = guesses.map((offset) => wall - offset).filter((at) => at > after && at + offsetAt(at) === wall)
  return exact.length > 0 ? Math.min(...exact) : wall - guesses[0]!
}

/**
 * Whether `at` falls in the quiet hours of `zone`, judged by the local wall clock, and if so when
 * they end (the next local `end`). Quiet hours include `start` and exclude `end`.
 */
export function quietPeriodAt(at: Instant, zone: string, hours: QuietHours = DEFAULT_QUIET_HOURS): QuietCheck {
  const { start, end } = parseQuietHours(hours)
  if (start === end) return { quiet: false }
  const local = localTime(at, zone)
  const now = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / 60_000
  const crossesMidnight = start > end
  const quiet = crossesMidnight ? now >= start || now < end : now >= start && now < end
  if (!quiet) return { quiet: false }
  const endDay = crossesMidnight && now >= start ? local.plus({ days: 1 }) : local
  return { quiet: true, endsAt: atLocalMinutes(endDay, end, at) }
}
