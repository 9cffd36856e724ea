import { useTranslation } from 'react-i18next'
import { useNow } from '../../ui/use-now.ts'
import { typingIn, type TypingSignal } from './typing.ts'

/** "Anna is typing…" for the other operators writing in this conversation, gone once their signal runs out. */
export function TypingIndicator({ signals, phone, me, names, now }: {
  signals: readonly TypingSignal[]
  phone: string
  me: string
  names: ReadonlyMap<string, string> | null
  now?: number
}) {
  const { t } = useTranslation()
  const ticking = useNow(1000)
  const typers = typingIn(signals, phone, me, now ?? ticking).map((id) => names?.get(id) ?? t('workflow.someone'))
  return (
    <p className="typing" role="status" aria-live="polite">
      {typers.length === 1 ? t('workflow.typing', { name: typers[0] }) : typers.length > 1 ? t('workflow.typing_many', { names: typers.join(', ') }) : ''}
    </p>
  )
}
