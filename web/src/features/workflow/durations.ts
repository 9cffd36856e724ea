import type { TFunction } from 'i18next'

/** A span in the inbox's words: seconds under a minute, then minutes, then hours and minutes. */
export function durationText(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('workflow.seconds', { seconds })
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return t('time.minutes', { minutes })
  return t('time.hours_minutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
}
