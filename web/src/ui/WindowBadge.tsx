import { useTranslation } from 'react-i18next'
import { useNow } from './use-now.ts'
import { splitRemaining, windowState } from './window-state.ts'

/** The conversation's 24-hour window: open, closing in so long, or closed. */
export function WindowBadge({ closesAt, now }: { closesAt: string | null; now?: number }) {
  const { t } = useTranslation()
  const ticking = useNow()
  const state = windowState(closesAt, now ?? ticking)
  switch (state.kind) {
    case 'open':
      return <span className="badge badge--open">{t('window.open')}</span>
    case 'closing': {
      const { hours, minutes } = splitRemaining(state.remainingMs)
      const time = hours > 0 ? t('time.hours_minutes', { hours, minutes }) : t('time.minutes', { minutes })
      return <span className="badge badge--closing">{t('window.closes_in', { time })}</span>
    }
    case 'closed':
      return <span className="badge badge--closed">{t('window.closed')}</span>
  }
}
