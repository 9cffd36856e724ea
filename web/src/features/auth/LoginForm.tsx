import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Session } from '../../api/types.ts'
import { errorText } from '../../ui/error-text.ts'

/** Email and password; shows why a login was refused (wrong credentials, too many attempts). */
export function LoginForm({ login, onLoggedIn }: { login(email: string, password: string): Promise<Session>; onLoggedIn(session: Session): void }) {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onLoggedIn(await login(email, password))
    } catch (failure) {
      setError(errorText(t, failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="login" onSubmit={(event) => void submit(event)}>
      <h1>{t('login.heading')}</h1>
      <label>
        {t('login.email')}
        <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
      </label>
      <label>
        {t('login.password')}
        <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      {error && (
        <p role="alert" className="login__error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  )
}
