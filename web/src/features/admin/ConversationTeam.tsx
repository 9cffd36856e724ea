import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../ui/error-text.ts'

/**
 * The conversation header's team, beside its assignee: a select that routes it to a team (or
 * none) for whoever may act, the team's name alone for a viewer.
 */
export function ConversationTeam({ teamId, teams, canChange, change }: {
  teamId: string | null
  teams: ReadonlyMap<string, string>
  canChange: boolean
  change(teamId: string | null): Promise<void>
}) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const name = teamId === null ? t('teams.none') : (teams.get(teamId) ?? t('teams.unknown'))

  async function run(next: string) {
    setBusy(true)
    setError(null)
    try {
      await change(next === '' ? null : next)
    } catch (cause) {
      setError(cause)
    } finally {
      setBusy(false)
    }
  }

  if (!canChange || teams.size === 0) return <span className="conversation-team" data-testid="conversation-team">{t('teams.of_conversation', { name })}</span>
  return (
    <div className="conversation-team">
      <label>
        {t('teams.conversation_team')}
        <select value={teamId ?? ''} disabled={busy} onChange={(event) => void run(event.target.value)}>
          <option value="">{t('teams.none')}</option>
          {[...teams].map(([id, teamName]) => (
            <option key={id} value={id}>
              {teamName}
            </option>
          ))}
        </select>
      </label>
      {error !== null && <p role="alert">{errorText(t, error)}</p>}
    </div>
  )
}
