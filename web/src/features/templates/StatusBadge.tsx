import { useTranslation } from 'react-i18next'
import type { TemplateStatus } from '../../api/types.ts'

/** A template's status in words (the colour only repeats them). */
export function StatusBadge({ status }: { status: TemplateStatus | 'missing' }) {
  const { t } = useTranslation()
  return <span className={`badge tpl-status tpl-status--${status}`}>{t(`templates.status.${status}`)}</span>
}
