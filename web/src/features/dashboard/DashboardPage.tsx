import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'

/** The dashboard (being built: issue 10, item 7). */
export function DashboardPage(_props: { api: ApiClient }) {
  const { t } = useTranslation()
  return (
    <main className="page">
      <h1>{t('nav.dashboard')}</h1>
    </main>
  )
}
