/** A time as the operator's language writes it; a dash for none. */
export function formatTime(iso: string | null, language: string): string {
  if (iso === null) return '—'
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}
