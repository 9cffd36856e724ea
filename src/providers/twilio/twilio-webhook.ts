import type { InboundContent } from '../../core/messages/content.js'
import type { InboundMediaType } from '../../core/messages/media.js'
import type { ReportedStatus } from '../../core/messages/status.js'
import type { InboundEvent, ProviderEvent, StatusEvent, WebhookParse, WebhookReceiver, WebhookRequest } from '../../core/providers/provider.js'
import type { Instant } from '../../core/shared/time.js'
import { statusError } from './twilio-errors.js'
import { MESSAGE_ID_PARAM } from './twilio-send.js'
import { verifyTwilioSignature } from './twilio-signature.js'

/** Added to a kept receipt: when Parley received it (Twilio's callbacks carry no time of their own). */
export const RECEIVED_AT_PARAM = 'parley_received_at'

/** What Twilio expects back from a messaging webhook: TwiML that does nothing (docs/platform.md §7.2). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

/**
 * The receiver of one Twilio account: status callbacks and inbound messages of all its senders,
 * WhatsApp and SMS, form-encoded and signed with `X-Twilio-Signature`.
 */
export function createTwilioReceiver(authToken: string): WebhookReceiver {
  return {
    verify: (request) => verifyTwilioSignature(authToken, request),
    receiptBody: keepTwilioReceipt,
    parse: parseTwilioWebhook,
    acknowledgement: { contentType: 'text/xml', body: EMPTY_TWIML },
  }
}

/**
 * The form as received, plus two parameters of our own: our message id from the StatusCallback
 * URL's query (Twilio posts it there, not in the body) and the receipt time.
 */
export function keepTwilioReceipt(request: WebhookRequest, receivedAt: Instant): Buffer {
  const extra = new URLSearchParams({ [RECEIVED_AT_PARAM]: String(receivedAt) })
  const messageId = queryParam(request.url, MESSAGE_ID_PARAM)
  if (messageId) extra.set(MESSAGE_ID_PARAM, messageId)
  const raw = request.rawBody.toString('utf8')
  return Buffer.from(`${raw}${raw === '' ? '' : '&'}${extra}`, 'utf8')
}

function queryParam(url: string, name: string): string | null {
  try {
    return new URL(url).searchParams.get(name)
  } catch {
    return null
  }
}

/** Twilio's status words in Parley's terms (docs/platform.md §7.2); the rest are steps before `sent`. */
const REPORTED: ReadonlyMap<string, ReportedStatus> = new Map([
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'read'],
  ['undelivered', 'failed'],
  ['failed', 'failed'],
])

/** Turns a kept receipt (the form, see `keepTwilioReceipt`) into events: one status or one inbound message. */
export function parseTwilioWebhook(body: Buffer): WebhookParse {
  const form = new URLSearchParams(body.toString('utf8'))
  const sid = form.get('MessageSid') ?? form.get('SmsSid')
  if (!sid) return { ok: false, reason: 'no MessageSid: not a Twilio messaging webhook' }
  const receivedAt = Number(form.get(RECEIVED_AT_PARAM) ?? 0)
  const at = Number.isSafeInteger(receivedAt) && receivedAt > 0 ? receivedAt : 0
  const status = form.get('MessageStatus')
  const event: ProviderEvent = status !== null && status !== 'received' && status !== 'receiving' ? statusEvent(form, sid, status, at) : inboundEvent(form, sid, at)
  return { ok: true, events: [event] }
}

const digits = (address: string | null): string | undefined => {
  const found = address?.replace(/^[a-z]+:/i, '').replace(/\D/g, '')
  return found ? found : undefined
}

function statusEvent(form: URLSearchParams, sid: string, word: string, at: Instant): ProviderEvent {
  const status = REPORTED.get(word.toLowerCase())
  if (!status) return { kind: 'ignored', reason: `status:${word}` }
  const messageId = form.get(MESSAGE_ID_PARAM)
  const businessNumberId = digits(form.get('From'))
  const event: StatusEvent = {
    kind: 'status',
    providerMessageId: sid,
    status,
    at,
    ...(messageId ? { messageId } : {}),
    ...(businessNumberId ? { businessNumberId } : {}),
  }
  if (status === 'failed') event.error = statusError(form.get('ErrorCode') || 'unknown', form.get('ErrorMessage') || undefined)
  return event
}

function inboundEvent(form: URLSearchParams, sid: string, at: Instant): ProviderEvent {
  const from = form.get('From') ?? ''
  const address = from.replace(/^whatsapp:/i, '')
  // A phone address is `+digits`; a WhatsApp username user is addressed by an opaque id instead.
  const phone = /^\+\d{6,15}$/.test(address) ? address : undefined
  const fromId = form.get('WaId') || (phone ? phone.slice(1) : address)
  if (!fromId) return { kind: 'ignored', reason: 'inbound without From' }
  const profileName = form.get('ProfileName')
  const businessNumberId = digits(form.get('To'))
  const replyTo = form.get('OriginalRepliedMessageSid')
  const event: InboundEvent = {
    kind: 'inbound',
    providerMessageId: sid,
    fromId,
    at,
    content: inboundContent(form),
    ...(phone ? { fromPhone: phone } : {}),
    ...(profileName ? { profileName } : {}),
    ...(businessNumberId ? { businessNumberId } : {}),
    ...(replyTo ? { replyTo } : {}),
  }
  return event
}

/** docs/platform.md §7.2: buttons (`ButtonText`/`ButtonPayload`), list replies, media, a location, else the text. */
function inboundContent(form: URLSearchParams): InboundContent {
  const body = form.get('Body') ?? ''
  const buttonText = form.get('ButtonText')
  const buttonPayload = form.get('ButtonPayload')
  if (buttonText || buttonPayload) return { kind: 'button', text: buttonText || body, payload: buttonPayload || null }
  const listId = form.get('ListId')
  if (listId) return { kind: 'interactive', replyType: 'list_reply', id: listId, title: form.get('ListTitle') || body }
  if (Number(form.get('NumMedia') ?? 0) > 0) {
    const mimeType = form.get('MediaContentType0') ?? undefined
    return {
      kind: 'media',
      mediaType: form.get('MessageType') === 'sticker' ? 'sticker' : mediaTypeOf(mimeType),
      ...(body ? { caption: body } : {}),
      ...(mimeType ? { mimeType } : {}),
    }
  }
  const latitude = Number(form.get('Latitude'))
  const longitude = Number(form.get('Longitude'))
  if (form.has('Latitude') && form.has('Longitude') && Number.isFinite(latitude) && Number.isFinite(longitude)) {
    const name = form.get('Label')
    const address = form.get('Address')
    return { kind: 'location', latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) }
  }
  if (body !== '' || !form.has('MessageType')) return { kind: 'text', text: body }
  return { kind: 'other', providerType: form.get('MessageType')! }
}

function mediaTypeOf(mimeType: string | undefined): InboundMediaType {
  const top = mimeType?.split('/')[0]
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'document'
}
