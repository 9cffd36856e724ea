import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** "Reply" or "Note" beside the composer: a note can be written whatever the window's state. */
export function ReplyOrNote({ reply, note }: { reply: ReactNode; note: ReactNode }) {
  const { t } = useTranslation()
  const [mode, setMode] = useState<'reply' | 'note'>('reply')
  return (
    <div className={`compose-mode compose-mode--${mode}`}>
      <div role="group" aria-label={t('content.mode.label')} className="compose-mode__toggle">
        {(['reply', 'note'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
            {t(`content.mode.${m}`)}
          </button>
        ))}
      </div>
      {mode === 'reply' ? reply : note}
    </div>
  )
}
