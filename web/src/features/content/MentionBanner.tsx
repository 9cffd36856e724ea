import { useTranslation } from 'react-i18next'
import type { Mention } from './use-mentions.ts'

/** "You were mentioned": one line per conversation whose note named the signed-in operator. */
export function MentionBanner({ mentions, nameOf, open, dismiss }: {
  mentions: readonly Mention[]
  nameOf(phone: string): string
  open(phone: string): void
  dismiss(phone: string): void
}) {
  const { t } = useTranslation()
  if (mentions.length === 0) return null
  return (
    <ul className="mention-banner" role="status">
      {mentions.map((m) => (
        <li key={m.phone}>
          {t('content.mentioned.banner', { name: nameOf(m.phone) })}{' '}
          <button type="button" onClick={() => open(m.phone)}>
            {t('content.mentioned.open')}
          </button>
          <button type="button" onClick={() => dismiss(m.phone)}>
            {t('content.mentioned.dismiss')}
          </button>
        </li>
      ))}
    </ul>
  )
}
