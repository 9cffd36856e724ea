import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../ui/error-text.ts'

/**
 * The conversation header's assignee and its buttons: "Assign to me" unless it is the operator's
 * already, "Unassign" while anyone has it. `canAssign` false (a viewer) shows the name alone.
 */
export function Assignment({ assigneeId, me, names, canAssign, assign }: {
  assigneeId: string | null
  me: string
  names: ReadonlyMap<string, string> | null
  canAssign: boolean
  assign(assigneeId: string | null): Promise<void>
}) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const name = assigneeId === null ? null : (names?.get(assigneeId) ?? t('operator.unknown'))

  async function run(target: string | null) {
    setBusy(true)
    setError(null)
    try {
      await assign(target)
    } catch (cause) {
      setError(cause)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="assignment">
      <span className="assignment__name" data-testid="assignee">
        {name === null ? t('conversation.unassigned') : t('conversations.assignee', { name })}
      </span>
      {canAssign && assigneeId !== me && (
        <button type="button" disabled={busy} onClick={() => void run(me)}>
          {t('conversation.assign_to_me')}
        </button>
      )}
      {canAssign && assigneeId !== null && (
        <button type="button" disabled={busy} onClick={() => void run(null)}>
          {t('conversation.unassign')}
        </button>
      )}
      {error !== null && <p role="alert">{errorText(t, error)}</p>}
    </div>
  )
}
