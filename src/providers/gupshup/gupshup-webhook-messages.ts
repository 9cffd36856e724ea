import { z } from 'zod'
import type { InboundContent } from '../../core/messages/content.js'
import type { IgnoredEvent, InboundEvent, ProviderEvent } from '../../core/providers/provider.js'
import type { Instant } from '../../core/shared/time.js'

/** What every callback says besides its payload: when (milliseconds, docs/platform.md §7.1) and which business number, when it names one. */
export interface CallbackContext {
  at: Instant
  businessNumberId?: string
}

const loose = z.string().optional().catch(undefined)

const Message = z.object({
  id: z.string().min(1),
  source: z.string().optional(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()).optional(),
  sender: z.object({ phone: z.string().optional(), name: loose }).optional(),
  context: z.object({ id: loose, gsId: loose }).optional(),
})

const ignored = (reason: string): IgnoredEvent => ({ kind: 'ignored', reason })

/**
 * A `message` callback (docs/platform.md §7.1): what a user sent. The user is known by their number
 * (`sender.phone`, else `source`); a reply names our message by Gupshup's id (`context.gsId`),
 * which is the id Parley kept from the send answer.
 */
export function parseInboundPayload(payload: unknown, context: CallbackContext): ProviderEvent {
  const parsed = Message.safeParse(payload)
  if (!parsed.success) return ignored(`malformed message: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`)
  const m = parsed.data
  const from = (m.sender?.phone ?? m.source ?? '').replace(/\D/g, '')
  if (!from) return ignored(`message ${m.id} without the sender's number`)
  const event: InboundEvent = { kind: 'inbound', providerMessageId: m.id, fromId: from, fromPhone: `+${from}`, at: context.at, content: contentOf(m.type, m.payload ?? {}) }
  if (m.sender?.name) event.profileName = m.sender.name
  if (context.businessNumberId) event.businessNumberId = context.businessNumberId
  const replyTo = m.context?.gsId ?? m.context?.id
  if (replyTo) event.replyTo = replyTo
  return event
}

const MEDIA_TYPES = { image: 'image', video: 'video', audio: 'audio', sticker: 'sticker', file: 'document' } as const

/**
 * The inner payload by type: text, media by URL (`file` is a document), a location, and the three
 * kinds of tap: `quick_reply` (a template's button: its text and postback) and `button_reply` /
 * `list_reply` (a session message's options, `{id, title, reply, postbackText?}`). Whatever a
 * field's shape, the message is kept, as `other` when its body cannot be read.
 */
function contentOf(type: string, p: Record<string, unknown>): InboundContent {
  const text = (key: string): string | undefined => (typeof p[key] === 'string' && p[key] !== '' ? (p[key] as string) : undefined)
  switch (type) {
    case 'text': {
      const body = text('text')
      return body === undefined ? { kind: 'other', providerType: 'text' } : { kind: 'text', text: body }
    }
    case 'quick_reply': {
      const label = text('text') ?? text('title')
      return label === undefined ? { kind: 'other', providerType: type } : { kind: 'button', text: label, payload: text('postbackText') ?? text('payload') ?? null }
    }
    case 'button_reply':
    case 'list_reply': {
      const title = text('title') ?? text('reply')
      const id = text('postbackText') ?? text('id')
      if (title === undefined || id === undefined) return { kind: 'other', providerType: type }
      const description = text('description')
      return { kind: 'interactive', replyType: type, id, title, ...(description ? { description } : {}) }
    }
    case 'location': {
      const latitude = Number(p.latitude)
      const longitude = Number(p.longitude)
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || p.latitude === undefined || p.longitude === undefined) return { kind: 'other', providerType: 'location' }
      const name = text('name')
      const address = text('address')
      return { kind: 'location', latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) }
    }
    default: {
      const mediaType = Object.hasOwn(MEDIA_TYPES, type) ? MEDIA_TYPES[type as keyof typeof MEDIA_TYPES] : undefined
      if (!mediaType) return { kind: 'other', providerType: type }
      const caption = text('caption')
      const filename = text('name') ?? text('filename')
      const mimeType = text('contentType')
      return { kind: 'media', mediaType, ...(caption ? { caption } : {}), ...(filename ? { filename } : {}), ...(mimeType ? { mimeType } : {}) }
    }
  }
}
