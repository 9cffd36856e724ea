import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminApi } from './AdminPage.tsx'
import type { ListedOperator, Team } from '../../api/types.ts'
import { errorText } from '../../ui/error-text.ts'

/** Minutes from a form field: empty is "none of its own". */
const minutesOf = (value: FormDataEntryValue | null): number | null => (value === null || value === '' ? null : Number(value))

/** The teams with their response targets and members, each editable, and the form that adds one. */
export function TeamsSection({ api, operators, teams, onChanged }: { api: AdminApi; operators: ListedOperator[]; teams: Team[]; onChanged(): void }) {
  const { t } = useTranslation()
  const [error, setError] = useState<unknown>(null)

  async function run(work: () => Promise<unknown>) {
    setError(null)
    try {
      await work()
      onChanged()
    } catch (cause) {
      setError(cause)
    }
  }

  function fieldsOf(form: FormData) {
    return { name: String(form.get('name')), first_response_sla_minutes: minutesOf(form.get('first')), resolution_sla_minutes: minutesOf(form.get('resolution')) }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const target = event.currentTarget
    const fields = fieldsOf(new FormData(target))
    await run(async () => {
      await api.createTeam(fields)
      target.reset()
    })
  }

  async function save(team: Team, event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const members = operators.filter((operator) => form.get(`member_${operator.id}`) === 'on').map((operator) => operator.id)
    await run(async () => {
      await api.updateTeam(team.id, fieldsOf(form))
      await api.setTeamMembers(team.id, members)
    })
  }

  const slaFields = (team: Team | null) => (
    <>
      <label>
        {t('admin.sla_first_response')}
        <input name="first" type="number" min={1} defaultValue={team?.first_response_sla_minutes ?? ''} />
      </label>
      <label>
        {t('admin.sla_resolution')}
        <input name="resolution" type="number" min={1} defaultValue={team?.resolution_sla_minutes ?? ''} />
      </label>
    </>
  )

  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t('admin.teams')}</h2>
      {teams.length === 0 && <p>{t('admin.no_teams')}</p>}
      {teams.map((team) => (
        <form key={team.id} className="admin__team" aria-label={team.name} onSubmit={(event) => void save(team, event)}>
          <label>
            {t('admin.team_name')}
            <input name="name" required defaultValue={team.name} />
          </label>
          {slaFields(team)}
          <fieldset>
            <legend>{t('admin.members')}</legend>
            {operators.filter((operator) => !operator.disabled).map((operator) => (
              <label key={operator.id}>
                <input type="checkbox" name={`member_${operator.id}`} defaultChecked={team.member_ids.includes(operator.id)} /> {operator.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('admin.save_team', { name: team.name })}</button>
        </form>
      ))}
      <form className="admin__form" onSubmit={(event) => void add(event)}>
        <h3>{t('admin.add_team')}</h3>
        <label>
          {t('admin.team_name')}
          <input name="name" required />
        </label>
        {slaFields(null)}
        <button type="submit">{t('admin.create_team')}</button>
      </form>
      {error !== null && <p role="alert">{errorText(t, error)}</p>}
    </section>
  )
}
