import { DateTime } from 'luxon'
import type { Instant } from '../shared/time.js'
import { isTimeZone } from '../shared/time-zone.js'

/**
 * The contact's IANA zone when it is a valid one, else the default. Throws when the default is not
 * valid either: that is configuration, checked at start.
 */
export function contactZone(timezone: string | null, defaultZone: string): string {
  if (timezone !== null && isTimeZone(timezone)) return timezone
  if (!isTimeZone(defaultZone)) throw new RangeError(`"${defaultZone}" is not an IANA time zone`)
  return defaultZone
}

/**
 * An instant as wall-clock time in a zone. Locale and numbering system are pinned so the result
 * does not depend on the machine's settings.
 */
export function localTime(at: Instant, zone: string): DateTime {
  const local = DateTime.fromMillis(at, { zone, locale: 'en-US', numberingSystem: 'latn' })
  if (!local.isValid) throw new RangeError(`"${zone}" is not an IANA time zone`)
  return local
}

/** "2026-11-25 08:00 +03:00 Europe/Istanbul": how decisions show times to people. */
export function formatLocal(at: Instant, zone: string): string {
  return `${localTime(at, zone).toFormat('yyyy-LL-dd HH:mm ZZ')} ${zone}`
}
