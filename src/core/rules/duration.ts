import { DateTime } from 'luxon'
import type { Instant } from '../shared/time.js'
import type { RuleDuration } from './model.js'

const UNITS = /^(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?$/
const MS = { h: 3_600_000, m: 60_000, s: 1000 }

/** Reads `90s`, `10m`, `1h30m`, `2d`, `1w` (units largest first); null when it is not one. */
export function parseDuration(text: string): RuleDuration | null {
  const trimmed = text.trim()
  const match = UNITS.exec(trimmed)
  if (!match || trimmed === '') return null
  const [, w, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part)))
  return { days: (w ?? 0) * 7 + (d ?? 0), ms: (h ?? 0) * MS.h + (m ?? 0) * MS.m + (s ?? 0) * MS.s, text: trimmed }
}

/** Whether a string is written as a duration (and so is not an expression: those never start with a digit). */
export function looksLikeDuration(text: string): boolean {
  return /^\s*\d/.test(text)
}

/**
 * Moves an instant by a duration: days on the calendar of `zone` (the same wall-clock time across
 * a daylight-saving change), the rest exactly. Null when the zone is unknown.
 */
export function shiftInstant(at: Instant, direction: 'before' | 'after', by: RuleDuration, zone: string): Instant | null {
  const sign = direction === 'before' ? -1 : 1
  const local = DateTime.fromMillis(at, { zone })
  if (!local.isValid) return null
  return local.plus({ days: sign * by.days }).toMillis() + sign * by.ms
}

/** A duration as exact time (a day counted as 24 hours), for windows that are not tied to a calendar. */
export function durationMs(d: RuleDuration): number {
  return d.days * 86_400_000 + d.ms
}
