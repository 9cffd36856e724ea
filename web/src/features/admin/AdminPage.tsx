import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'

/** Operators and teams, for an admin (being built: issue 10, items 5 and 6). */
export function AdminPage({ session }: { api: ApiClient; session: Session }) {
  const { t } = useTranslation()
  if (session.operator.role !== 'admin') {
    return (
      <main className="page">
        <p role="alert">{t('nav.admin_only')}</p>
      </main>
    )
  }
  return (
    <main className="page">
      <h1>{t('nav.admin')}</h1>
    </main>
  )
}
