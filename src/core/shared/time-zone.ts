import { IANAZone } from 'luxon'

const MAX_REMEMBERED = 1000
const known = new Map<string, boolean>()

/**
 * Whether `zone` names an IANA time zone. Luxon's check builds an `Intl.DateTimeFormat` at every
 * call: CPU on every decision (the events API checked each contact's zone several times per
 * event), and native memory the garbage collector gives back late (an events benchmark's process
 * passed 1 GB). A name's answer does not change while the process runs, so it is remembered; only
 * so many names, since they can come from requests.
 */
export function isTimeZone(zone: string): boolean {
  let valid = known.get(zone)
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone)
    if (known.size < MAX_REMEMBERED) known.set(zone, valid)
  }
  return valid
}
