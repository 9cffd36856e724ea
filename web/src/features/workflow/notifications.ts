import { useCallback, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Conversation } from '../../api/types.ts'

/** What a `message.inbound` feed event tells the inbox about who wrote. */
interface InboundSignal {
  fromPhone: string | null
  profileName: string | null
}

function isInbound(data: unknown): data is InboundSignal {
  const d = data as Partial<InboundSignal> | null
  return d !== null && typeof d === 'object' && (typeof d.fromPhone === 'string' || d.fromPhone === null)
}

/**
 * Whether a parent's new message is mine to hear about, and under what name: in a conversation
 * assigned to me, or in one nobody has (a new parent is nobody's yet). Only a name is shown, never
 * the text or the number, which a role may not be allowed to see; null: no notification.
 */
export function notificationFor(data: unknown, conversations: readonly Conversation[], me: string): { name: string | null; tag: string } | null {
  if (!isInbound(data)) return null
  const conversation = data.fromPhone === null ? undefined : conversations.find((c) => c.phone === data.fromPhone)
  const assignee = conversation?.assignee_id ?? null
  if (assignee !== null && assignee !== me) return null
  return { name: conversation?.name ?? data.profileName ?? null, tag: data.fromPhone ?? 'parley' }
}

/** Whether this browser can show notifications at all. */
export const notificationsSupported = () => typeof Notification !== 'undefined'

/**
 * Shows a browser notification for a parent's new message (see `notificationFor`) while the tab
 * is hidden and the operator allowed notifications (NotifyToggle asks). Returns the feed handler.
 */
export function useInboundNotifications(conversations: readonly Conversation[] | null, me: string): (data: unknown) => void {
  const { t } = useTranslation()
  const latest = useRef(conversations ?? [])
  useEffect(() => {
    latest.current = conversations ?? []
  }, [conversations])
  return useCallback(
    (data: unknown) => {
      if (!notificationsSupported() || Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return
      const shown = notificationFor(data, latest.current, me)
      if (!shown) return
      try {
        new Notification(t('workflow.notify.title', { name: shown.name ?? t('workflow.notify.contact') }), { tag: shown.tag })
      } catch {
        // Some mobile browsers show notifications only through a service worker: the list still shows the message.
      }
    },
    [me, t],
  )
}
