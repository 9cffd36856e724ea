import { useTranslation } from 'react-i18next'
import type { Message, MessageStatus } from '../../api/types.ts'

type Delivery = 'sending' | 'sent' | 'delivered' | 'read' | 'failed'

/** What the ticks say about an outbound message; inbound ones have none. */
export function deliveryOf(status: MessageStatus): Delivery | null {
  switch (status) {
    case 'sent':
    case 'delivered':
    case 'read':
    case 'failed':
      return status
    case 'received':
    case 'cancelled':
      return null
    default:
      // Scheduled, queued, sending, accepted, stale: not yet heard of as on the phone.
      return 'sending'
  }
}

const TICKS: Record<Exclude<Delivery, 'failed'>, string> = { sending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓' }

function Ticks({ message }: { message: Message }) {
  const { t } = useTranslation()
  const delivery = deliveryOf(message.status)
  if (delivery === null) return null
  if (delivery === 'failed') {
    return (
      <span className="ticks ticks--failed" role="status">
        ⚠ {t('status.failed', { reason: message.error?.title ?? message.error?.code ?? '?' })}
      </span>
    )
  }
  const label = t(`status.${delivery}`)
  return (
    <span className={`ticks ticks--${delivery}`} role="img" aria-label={label} title={label}>
      {TICKS[delivery]}
    </span>
  )
}

export function MessageBubble({ message }: { message: Message }) {
  const time = new Date(message.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  return (
    <li className={`bubble bubble--${message.direction}`}>
      <p className="bubble__text">{message.text ?? `[${message.kind}]`}</p>
      <span className="bubble__meta">
        <time dateTime={message.created_at}>{time}</time>
        {message.direction === 'outbound' && <Ticks message={message} />}
      </span>
    </li>
  )
}
