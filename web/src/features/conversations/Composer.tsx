import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../ui/error-text.ts'

/** Free text inside the window; outside it the server would refuse, so the composer says why instead. */
export function Composer({ windowOpen, send }: { windowOpen: boolean; send(text: string): Promise<void> }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = text.trim()
    if (!trimmed) return
    setError(null)
    try {
      await send(trimmed)
      setText('')
    } catch (failure) {
      setError(errorText(t, failure))
    }
  }

  if (!windowOpen) return <p className="composer composer--closed">{t('composer.closed')}</p>
  return (
    <form className="composer" onSubmit={(event) => void submit(event)}>
      <label className="visually-hidden" htmlFor="composer-text">
        {t('composer.label')}
      </label>
      <textarea id="composer-text" rows={2} placeholder={t('composer.placeholder')} value={text} onChange={(event) => setText(event.target.value)} />
      <button type="submit" disabled={!text.trim()}>
        {t('composer.send')}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}
