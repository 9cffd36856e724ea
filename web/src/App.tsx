import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { createApiClient } from './api/client.ts'
import type { Session } from './api/types.ts'
import { AdminPage } from './features/admin/AdminPage.tsx'
import { LoginForm } from './features/auth/LoginForm.tsx'
import { Inbox } from './features/conversations/Inbox.tsx'
import { DashboardPage } from './features/dashboard/DashboardPage.tsx'
import { TemplatesPage } from './features/templates/TemplatesPage.tsx'
import { useHashPage, type PageName } from './ui/hash-page.ts'
import { LanguageSwitcher } from './ui/LanguageSwitcher.tsx'
import { PageNav } from './ui/PageNav.tsx'

type SessionState = { kind: 'checking' } | { kind: 'signed_out' } | { kind: 'signed_in'; session: Session }

export function App() {
  const { t } = useTranslation()
  const api = useMemo(() => createApiClient(), [])
  const [state, setState] = useState<SessionState>({ kind: 'checking' })
  const page = useHashPage()

  useEffect(() => {
    // A session cookie from an earlier visit signs the operator straight in.
    api.currentSession().then(
      (session) => setState({ kind: 'signed_in', session }),
      () => setState({ kind: 'signed_out' }),
    )
  }, [api])

  async function logout() {
    await api.logout().catch(() => undefined)
    setState({ kind: 'signed_out' })
  }

  return (
    <div className="app">
      <header className="app__bar">
        <span className="app__title">{t('app.title')}</span>
        {state.kind === 'signed_in' && <PageNav role={state.session.operator.role} current={page} />}
        <LanguageSwitcher />
        {state.kind === 'signed_in' && (
          <button type="button" onClick={() => void logout()}>
            {t('app.logout')}
          </button>
        )}
      </header>
      {state.kind === 'signed_in' ? (
        <SignedIn page={page} api={api} session={state.session} />
      ) : state.kind === 'signed_out' ? (
        <main className="app__login">
          <LoginForm login={api.login} onLoggedIn={(session) => setState({ kind: 'signed_in', session })} />
        </main>
      ) : null}
    </div>
  )
}

function SignedIn({ page, api, session }: { page: PageName; api: ReturnType<typeof createApiClient>; session: Session }) {
  switch (page) {
    case 'inbox':
      return <Inbox api={api} session={session} />
    case 'templates':
      return <TemplatesPage api={api} role={session.operator.role} />
    case 'dashboard':
      return <DashboardPage api={api} />
    case 'admin':
      return <AdminPage api={api} session={session} />
  }
}
