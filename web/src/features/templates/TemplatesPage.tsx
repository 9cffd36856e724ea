import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'

/** The templates page (being built: issue 10, item 7). */
export function TemplatesPage(_props: { api: ApiClient }) {
  const { t } = useTranslation()
  return (
    <main className="page">
      <h1>{t('nav.templates')}</h1>
    </main>
  )
}
