import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminApi } from './AdminPage.tsx'
import type { ListedOperator, Operator, Team } from '../../api/types.ts'
import { errorText } from '../../ui/error-text.ts'

const ROLES: Operator['role'][] = ['admin', 'operator', 'viewer']

/** The operators with their role, teams and state, each changeable, and the form that adds one. */
export function OperatorsSection({ api, me, operators, teams, onChanged }: { api: AdminApi; me: string; operators: ListedOperator[]; teams: Team[]; onChanged(): void }) {
  const { t } = useTranslation()
  const [error, setError] = useState<unknown>(null)
  const [password, setPassword] = useState<string | null>(null)
  const teamName = new Map(teams.map((team) => [team.id, team.name]))

  async function run(work: () => Promise<unknown>) {
    setError(null)
    try {
      await work()
      onChanged()
    } catch (cause) {
      setError(cause)
    }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const target = event.currentTarget
    await run(async () => {
      const created = await api.createOperator({
        email: String(form.get('email')),
        role: String(form.get('role')) as Operator['role'],
        ...(form.get('name') ? { name: String(form.get('name')) } : {}),
        sees_all_teams: form.get('all_teams') === 'on',
      })
      setPassword(created.password ?? null)
      target.reset()
    })
  }

  return (
    <section aria-labelledby="operators-heading">
      <h2 id="operators-heading">{t('admin.operators')}</h2>
      <table className="admin__table">
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.email')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.teams')}</th>
            <th scope="col">{t('admin.all_teams')}</th>
            <th scope="col">{t('admin.state')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((operator) => (
            <tr key={operator.id}>
              <td>{operator.name}</td>
              <td>{operator.email}</td>
              <td>
                <select aria-label={t('admin.role_of', { name: operator.name })} value={operator.role} disabled={operator.id === me} onChange={(event) => void run(() => api.updateOperator(operator.id, { role: event.target.value as Operator['role'] }))}>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`admin.role.${role}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{operator.team_ids.map((id) => teamName.get(id) ?? id).join(', ') || '—'}</td>
              <td>
                <input type="checkbox" aria-label={t('admin.all_teams_of', { name: operator.name })} checked={operator.sees_all_teams ?? false} onChange={(event) => void run(() => api.updateOperator(operator.id, { sees_all_teams: event.target.checked }))} />
              </td>
              <td>
                {operator.disabled ? t('admin.disabled') : t('admin.active')}{' '}
                {operator.id !== me && (
                  <button type="button" onClick={() => void run(() => api.updateOperator(operator.id, { disabled: !operator.disabled }))}>
                    {operator.disabled ? t('admin.enable') : t('admin.disable')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="admin__form" onSubmit={(event) => void add(event)}>
        <h3>{t('admin.add_operator')}</h3>
        <label>
          {t('admin.email')}
          <input name="email" type="email" required />
        </label>
        <label>
          {t('admin.name')}
          <input name="name" />
        </label>
        <label>
          {t('admin.role')}
          <select name="role" defaultValue="operator">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input name="all_teams" type="checkbox" /> {t('admin.all_teams')}
        </label>
        <button type="submit">{t('admin.add')}</button>
      </form>
      {password && <p role="status">{t('admin.password_once', { password })}</p>}
      {error !== null && <p role="alert">{errorText(t, error)}</p>}
    </section>
  )
}
