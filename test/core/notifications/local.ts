import { DateTime } from 'luxon'
import type { Instant } from '../../../src/core/shared/time.js'

/** A local wall-clock time (`2026-11-25T22:30`) in a zone as an instant; fails on invalid input. */
export function local(zone: string, iso: string): Instant {
  const dt = DateTime.fromISO(iso, { zone })
  if (!dt.isValid) throw new Error(`bad local time ${iso} in ${zone}`)
  return dt.toMillis()
}

/** An instant as an ISO string with the zone's offset, for readable expectations. */
export function show(at: Instant, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!
}
