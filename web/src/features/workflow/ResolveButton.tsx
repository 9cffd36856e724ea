import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../ui/error-text.ts'

/**
 * The conversation header's Resolve / Reopen: the one the state allows. A viewer (`canAct` false)
 * sees the state alone.
 */
export function ResolveButton({ state, canAct, resolve, reopen }: {
  state: 'open' | 'resolved'
  canAct: boolean
  resolve(): Promise<void>
  reopen(): Promise<void>
}) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function run(act: () => Promise<void>) {
    setBusy(true)
    setError(null)
    try {
      await act()
    } catch (cause) {
      setError(cause)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="resolve">
      {state === 'resolved' && <span className="badge badge--closed">{t('workflow.state.resolved')}</span>}
      {canAct && (
        <button type="button" disabled={busy} onClick={() => void run(state === 'open' ? resolve : reopen)}>
          {t(state === 'open' ? 'workflow.resolve' : 'workflow.reopen')}
        </button>
      )}
      {error !== null && <p role="alert">{errorText(t, error)}</p>}
    </div>
  )
}
