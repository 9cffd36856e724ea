import type { WebhookError } from './errors.js'
import type { Pricing } from './pricing.js'
import type { SimulatedUser } from './users.js'

/**
 * The `value` contents of Meta's webhooks: status updates (docs/platform.md §2.5) and inbound user
 * messages (§2.4). Timestamps are strings of Unix seconds and numbers have no `+` (§2.3).
 */

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed'

export interface StatusPayload {
  id: string
  status: StatusName
  timestamp: string
  recipient_id?: string
  recipient_user_id?: string
  biz_opaque_callback_data?: string
  conversation?: Conversation
  pricing?: Pricing
  errors?: WebhookError[]
}

/** Up to v23 statuses carry a per-message `conversation`; from v24 it is omitted (§1.1, §2.5). */
export interface Conversation {
  id: string
  origin: { type: string }
}

/** What every status of one outbound message shares. */
export interface OutboundMessage {
  wamid: string
  recipientId: string | null
  recipientUserId: string | null
  biz: string | null
  pricing: Pricing
  conversation: Conversation | null
}

export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000))
}

/** One status; `charged` puts `pricing` (and `conversation`) on it, `error` makes it a failure without them. */
export function statusPayload(m: OutboundMessage, status: StatusName, atMs: number, charged: boolean, error?: WebhookError): StatusPayload {
  const s: StatusPayload = { id: m.wamid, status, timestamp: unixSeconds(atMs) }
  if (m.recipientId !== null) s.recipient_id = m.recipientId
  if (m.recipientUserId !== null) s.recipient_user_id = m.recipientUserId
  if (m.biz !== null) s.biz_opaque_callback_data = m.biz
  if (error) {
    // §2.5: failed statuses carry `errors` and no pricing.
    s.errors = [error]
    return s
  }
  if (charged) {
    if (m.conversation) s.conversation = m.conversation
    s.pricing = m.pricing
  }
  return s
}

export type SimulatedInbound = (
  | { text: string }
  | { button: { text: string; payload: string }; contextMessageId?: string }
  | { interactive: { type: 'button_reply' | 'list_reply'; id: string; title: string; description?: string }; contextMessageId?: string }
  /** A file the user sent (§2.4): the webhook carries a media id, its MIME type and what the user wrote. */
  | { media: { type: 'image' | 'video' | 'document' | 'audio' | 'sticker'; mimeType?: string; caption?: string; filename?: string } }
  | { location: { latitude: number; longitude: number; name?: string; address?: string } }
) & {
  profileName?: string
  /** When the user sent it (Unix seconds); defaults to now. Lets tests open an already expired window. */
  timestamp?: number
}

export interface InboundValue {
  contacts: unknown[]
  messages: unknown[]
}

const DEFAULT_MIME = { image: 'image/jpeg', video: 'video/mp4', document: 'application/pdf', audio: 'audio/ogg; codecs=opus', sticker: 'image/webp' } as const

/** An inbound user message; `context.from` is the business number the quoted message came from (§2.4). */
export function inboundValue(
  user: SimulatedUser,
  wamid: string,
  atMs: number,
  message: SimulatedInbound,
  businessNumber: string,
  contextMessageId: string | null,
): InboundValue {
  const contact: Record<string, unknown> = { profile: { name: message.profileName ?? user.profileName }, wa_id: user.waId }
  if (user.userId) contact.user_id = user.userId
  const m: Record<string, unknown> = { from: user.waId }
  if (user.userId) m.from_user_id = user.userId
  m.id = wamid
  m.timestamp = unixSeconds(atMs)
  if (contextMessageId) m.context = { from: businessNumber, id: contextMessageId }
  if ('text' in message) {
    m.type = 'text'
    m.text = { body: message.text }
  } else if ('button' in message) {
    m.type = 'button'
    m.button = { payload: message.button.payload, text: message.button.text }
  } else if ('media' in message) {
    const { type, mimeType, caption, filename } = message.media
    m.type = type
    m[type] = {
      ...(caption !== undefined ? { caption } : {}),
      ...(filename !== undefined ? { filename } : {}),
      mime_type: mimeType ?? DEFAULT_MIME[type],
      sha256: 'sandbox',
      id: `media.${wamid}`,
    }
  } else if ('location' in message) {
    m.type = 'location'
    m.location = message.location
  } else {
    const { type, id, title, description } = message.interactive
    m.type = 'interactive'
    const reply = type === 'list_reply' && description !== undefined ? { id, title, description } : { id, title }
    m.interactive = { type, [type]: reply }
  }
  return { contacts: [contact], messages: [m] }
}
