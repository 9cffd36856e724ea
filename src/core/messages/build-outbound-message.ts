import { marketOf, type E164 } from '../contacts/phone.js'
import type { Ids } from '../ports.js'
import type { Instant } from '../shared/time.js'
import { previewOf, type OutboundContent } from './content.js'
import type { NewOutboundMessage, NotificationLink } from './ports.js'
import type { SenderRef } from './sender.js'
import { countSmsSegments } from './sms-segments.js'

/** What makes a new outbound message; everything else about it follows from these. */
export interface OutboundMessageSpec {
  to: E164
  /** The sender (business number) it goes from, and the provider, account and channel that carry it. */
  sender: SenderRef
  content: OutboundContent
  metadata: Record<string, unknown> | null
  dueAt: Instant
  /** For notifications: the event and rule that caused it. */
  notification?: NotificationLink
}

/**
 * The one builder of a new outbound message, for the API, event rules and keyword confirmations
 * alike: a new id, the recipient's market (for pricing) from the number, the preview people see,
 * and for an SMS the segments it is billed by.
 */
export function buildOutboundMessage(ids: Ids, spec: OutboundMessageSpec): NewOutboundMessage {
  return {
    id: ids.next('msg'),
    to: spec.to,
    market: marketOf(spec.to),
    senderId: spec.sender.id,
    provider: spec.sender.provider,
    account: spec.sender.account,
    channel: spec.sender.channel,
    content: spec.content,
    preview: previewOf(spec.content),
    segments: spec.sender.channel === 'sms' && spec.content.kind === 'text' ? countSmsSegments(spec.content.text).segments : null,
    metadata: spec.metadata,
    dueAt: spec.dueAt,
    ...(spec.notification ? { notification: spec.notification } : {}),
  }
}
