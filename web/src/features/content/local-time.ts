/**
 * The wall-clock time in a time zone, in the UI's language (Intl, no library); null when the zone
 * is unknown or the browser does not know it.
 */
export function localTimeIn(timeZone: string | null | undefined, at: number, locale: string): string | null {
  if (!timeZone) return null
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at)
  } catch {
    return null
  }
}

/** A date in the UI's language. */
export function dateIn(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(Date.parse(iso))
}
