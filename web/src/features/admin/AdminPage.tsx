import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { errorText } from '../../ui/error-text.ts'
import { OperatorsSection } from './OperatorsSection.tsx'
import { TeamsSection } from './TeamsSection.tsx'

/** What the admin page asks of the API: the operators and teams, and their changes. */
export type AdminApi = Pick<ApiClient, 'listOperators' | 'createOperator' | 'updateOperator' | 'listTeams' | 'createTeam' | 'updateTeam' | 'setTeamMembers'>

/** Operators and teams, for an admin: everyone else is told the page is not theirs (the API would answer 403 anyway). */
export function AdminPage({ api, session }: { api: AdminApi; session: Session }) {
  const { t } = useTranslation()
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])
  const admin = session.operator.role === 'admin'
  const operators = useResource(async () => (admin ? api.listOperators(true) : null), [api, admin, version])
  const teams = useResource(async () => (admin ? api.listTeams() : null), [api, admin, version])
  if (!admin) {
    return (
      <main className="page">
        <p role="alert">{t('nav.admin_only')}</p>
      </main>
    )
  }
  const error = operators.error ?? teams.error
  return (
    <main className="page admin">
      <h1>{t('nav.admin')}</h1>
      {error ? <p role="alert">{errorText(t, error)}</p> : null}
      {operators.data && teams.data ? (
        <>
          <OperatorsSection api={api} me={session.operator.id} operators={operators.data.data} teams={teams.data.data} onChanged={reload} />
          <TeamsSection api={api} operators={operators.data.data} teams={teams.data.data} onChanged={reload} />
        </>
      ) : (
        !error && <p>{t('admin.loading')}</p>
      )}
    </main>
  )
}
