import { parsePhoneNumberFromString } from 'libphonenumber-js'
import type { InboundValue, StatusPayload } from '../../webhook-payloads.js'
import { isObject, type Json } from '../../validate-helpers.js'
import { GUPSHUP } from './identity.js'
import type { SentMessage, SentMessages } from './sent-messages.js'

/**
 * The core's Meta-model events written as Gupshup's v2 callbacks (docs/platform.md §7.1):
 * `{app, timestamp (ms), version: 2, type, payload}` with `message`, `message-event` and
 * `user-event` payloads. A `failed` event names Gupshup's id, the others the WhatsApp id plus
 * `gsId`; "not on WhatsApp" is Gupshup's own 1002, every other platform code passes through.
 */

export type UserEventType = 'opted-in' | 'opted-out'

export function callback(type: 'message' | 'message-event' | 'user-event' | 'template-event', payload: Json, atMs: number): string {
  return JSON.stringify({ app: GUPSHUP.appName, timestamp: atMs, version: 2, type, payload })
}

/** §7.1: Gupshup's code for a recipient not on WhatsApp; the platform's own codes pass through. */
const NOT_ON_WHATSAPP = { code: 1002, reason: 'Number Does Not Exists On WhatsApp' }

export function statusEvent(status: StatusPayload, sent: SentMessage | undefined): Json {
  const destination = sent?.destination ?? status.recipient_id ?? ''
  if (status.status === 'failed') {
    const error = status.errors?.[0]
    const { code, reason } = error?.code === 131026 ? NOT_ON_WHATSAPP : { code: error?.code ?? 1000, reason: error?.title ?? 'Message failed' }
    return { id: sent?.gsId ?? status.id, type: 'failed', destination, payload: { code, reason } }
  }
  const event: Json = { id: status.id }
  if (sent) event.gsId = sent.gsId
  return { ...event, type: status.status, destination, payload: { ts: Number(status.timestamp) } }
}

export function enqueuedEvent(sent: SentMessage): Json {
  return { id: sent.gsId, type: 'enqueued', destination: sent.destination, payload: { whatsappMessageId: sent.wamid, type: sent.kind } }
}

export function failedEvent(gsId: string, destination: string, code: number, reason: string): Json {
  return { id: gsId, type: 'failed', destination, payload: { code, reason } }
}

export function userEvent(phone: string, type: UserEventType): Json {
  return { phone, type }
}

/** An inbound message: `payload: {id, source, type, payload, sender, context?}`. */
export function messageEvent(value: InboundValue, sentMessages: SentMessages): Json {
  const contact = (value.contacts[0] ?? {}) as { profile?: { name?: string }; wa_id?: string }
  const m = value.messages[0] as Json
  const from = String(m.from)
  const context = isObject(m.context) ? sentMessages.get(String(m.context.id)) : undefined
  const { type, payload } = content(m, context)
  const event: Json = { id: m.id, source: from, type, payload, sender: sender(from, contact.profile?.name ?? '') }
  if (isObject(m.context)) event.context = { id: m.context.id, ...(context ? { gsId: context.gsId } : {}) }
  return event
}

/** The country calling code of a number in digits ('' when it reads as no known country). */
export function countryCallingCode(phone: string): string {
  return parsePhoneNumberFromString(`+${phone}`)?.countryCallingCode ?? ''
}

function sender(phone: string, name: string): Json {
  const countryCode = countryCallingCode(phone)
  return { phone, name, country_code: countryCode, dial_code: phone.slice(countryCode.length) }
}

const MEDIA_TYPE: Record<string, string> = { image: 'image', video: 'video', audio: 'audio', sticker: 'sticker', document: 'file' }

function content(m: Json, context: SentMessage | undefined): { type: string; payload: Json } {
  const type = String(m.type)
  if (type === 'text') return { type: 'text', payload: { text: (m.text as Json).body } }
  if (type === 'button') {
    // A tap on a template's quick-reply button.
    const b = m.button as Json
    return { type: 'quick_reply', payload: { text: b.text, type: 'button', ...(b.payload !== b.text ? { postbackText: b.payload } : {}) } }
  }
  if (type === 'interactive') return reply(m.interactive as Json, context)
  if (type === 'location') return { type: 'location', payload: { ...(m.location as Json) } }
  const gupshupType = MEDIA_TYPE[type]
  if (gupshupType) {
    const media = m[type] as Json
    const payload: Json = { url: `https://filemanager.gupshup.io/sandbox/${String(media.id)}`, contentType: media.mime_type }
    if (media.caption !== undefined) payload.caption = media.caption
    if (media.filename !== undefined) payload.name = media.filename
    return { type: gupshupType, payload }
  }
  return { type, payload: {} }
}

/** A reply to a quick-reply or list message: `{title, id: <its msgid>, reply: "<title> <position>", postbackText?, description?}`. */
function reply(i: Json, context: SentMessage | undefined): { type: string; payload: Json } {
  const kind = String(i.type)
  const r = i[kind] as { id: string; title: string; description?: string }
  const options = context?.replies?.options ?? []
  const index = options.findIndex((o) => o.id === r.id)
  const option = index >= 0 ? options[index] : undefined
  const payload: Json = {
    title: r.title,
    id: option && context?.replies?.msgid ? context.replies.msgid : r.id,
    reply: index >= 0 ? `${r.title} ${index + 1}` : r.title,
  }
  if (option?.postbackText) payload.postbackText = option.postbackText
  if (kind === 'list_reply' && r.description !== undefined) payload.description = r.description
  return { type: kind === 'list_reply' ? 'list_reply' : 'button_reply', payload }
}
