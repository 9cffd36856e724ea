/** How the dashboard writes its figures, in the UI language. */

/** "Nov 26" for a `YYYY-MM-DD` day (the server already counted it in the business's zone). */
export function dayLabel(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
}

export function countText(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n)
}

/** A rate as a percentage, "—" when there was nothing to rate. */
export function percentText(rate: number | null, language: string): string {
  if (rate === null) return '—'
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate)
}

/** A wait in the largest unit that keeps it readable: "45 s", "12 min", "3.5 h". */
export function durationText(seconds: number | null, language: string): string {
  if (seconds === null) return '—'
  const unit = (value: number, u: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value)
  if (seconds < 60) return unit(seconds, 'second')
  if (seconds < 3600) return unit(Math.round(seconds / 6) / 10, 'minute')
  if (seconds < 86_400) return unit(Math.round(seconds / 360) / 10, 'hour')
  return unit(Math.round(seconds / 8640) / 10, 'day')
}
