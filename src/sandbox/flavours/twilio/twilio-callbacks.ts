import { TWILIO_ASYNC_ERRORS, type TwilioAsyncCode } from './twilio-errors.js'
import { API_VERSION, type TwilioMessageStatus } from './twilio-message-resource.js'

/**
 * The form bodies Twilio POSTs (docs/platform.md §7.2, §7.4): status callbacks for outbound
 * messages and the incoming-message webhook, for WhatsApp (`whatsapp:` addresses, `WaId`,
 * `ProfileName`, button and list fields) and for SMS (plain numbers, no WhatsApp fields). Each is an
 * ordered list of name/value pairs, form-encoded as is and signed over (twilio-signature.ts).
 */

export type FormParams = Array<[string, string]>

export type Channel = 'whatsapp' | 'sms'

export interface StatusFacts {
  channel: Channel
  accountSid: string
  sid: string
  /** Business number digits. */
  from: string
  /** Recipient digits. */
  to: string
  status: Exclude<TwilioMessageStatus, 'queued' | 'received'>
  error: TwilioAsyncCode | null
  /** When the status happened (Unix ms); SMS `delivered` carries it as the carrier's `RawDlrDoneDate`. */
  atMs: number
}

export function address(channel: Channel, digits: string): string {
  return channel === 'whatsapp' ? `whatsapp:+${digits}` : `+${digits}`
}

export function statusCallbackParams(s: StatusFacts): FormParams {
  const p: FormParams = []
  if (s.channel === 'whatsapp') p.push(['ChannelPrefix', 'whatsapp'], ['ChannelToAddress', `+${s.to}`])
  p.push(
    ['ApiVersion', API_VERSION],
    ['MessageStatus', s.status],
    ['SmsSid', s.sid],
    ['SmsStatus', s.status],
    ['To', address(s.channel, s.to)],
    ['From', address(s.channel, s.from)],
    ['MessageSid', s.sid],
    ['AccountSid', s.accountSid],
  )
  if (s.error !== null) p.push(['ErrorCode', String(s.error)], ['ErrorMessage', TWILIO_ASYNC_ERRORS[s.error]])
  if (s.channel === 'sms' && s.status === 'delivered') p.push(['RawDlrDoneDate', dlrDate(s.atMs)])
  return p
}

/** What a WhatsApp user sent, in Twilio's terms. */
export type WhatsAppInboundContent =
  | { kind: 'text'; body: string }
  /** A template quick-reply tap (Meta `button`) or an interactive reply button. */
  | { kind: 'button'; text: string; payload: string; interactive: boolean }
  | { kind: 'list'; id: string; title: string; description: string | null }
  | { kind: 'media'; type: 'image' | 'video' | 'document' | 'audio' | 'sticker'; url: string; contentType: string; caption: string | null }
  | { kind: 'location'; latitude: number; longitude: number; name: string | null; address: string | null }

export interface WhatsAppInboundFacts {
  accountSid: string
  sid: string
  /** The user's wa_id. */
  waId: string
  /** Business number digits. */
  to: string
  profileName: string
  content: WhatsAppInboundContent
  /** The SID of the business message this one replies to, if any. */
  repliedTo: string | null
}

export function whatsAppInboundParams(m: WhatsAppInboundFacts): FormParams {
  const c = m.content
  const media = c.kind === 'media'
  const p: FormParams = [
    ['SmsMessageSid', m.sid],
    ['NumMedia', media ? '1' : '0'],
    ['ProfileName', m.profileName],
    ['MessageType', messageType(c)],
    ['SmsSid', m.sid],
    ['WaId', m.waId],
    ['SmsStatus', 'received'],
    ['Body', bodyOf(c)],
    ['To', address('whatsapp', m.to)],
    ['NumSegments', '1'],
    ['ReferralNumMedia', '0'],
    ['MessageSid', m.sid],
    ['AccountSid', m.accountSid],
    ['From', address('whatsapp', m.waId)],
    ['ApiVersion', API_VERSION],
  ]
  if (c.kind === 'button') p.push(['ButtonText', c.text], ['ButtonPayload', c.payload])
  if (c.kind === 'list') {
    p.push(['ListId', c.id], ['ListTitle', c.title])
    if (c.description !== null) p.push(['ListDescription', c.description])
  }
  if (c.kind === 'media') p.push(['MediaContentType0', c.contentType], ['MediaUrl0', c.url])
  if (c.kind === 'location') {
    p.push(['Latitude', String(c.latitude)], ['Longitude', String(c.longitude)])
    if (c.address !== null) p.push(['Address', c.address])
    if (c.name !== null) p.push(['Label', c.name])
  }
  if (m.repliedTo !== null) p.push(['OriginalRepliedMessageSender', address('whatsapp', m.to)], ['OriginalRepliedMessageSid', m.repliedTo])
  return p
}

export interface SmsInboundFacts {
  accountSid: string
  sid: string
  /** The user's digits. */
  from: string
  /** Business number digits. */
  to: string
  body: string
  segments: number
}

export function smsInboundParams(m: SmsInboundFacts): FormParams {
  return [
    ['SmsMessageSid', m.sid],
    ['NumMedia', '0'],
    ['SmsSid', m.sid],
    ['SmsStatus', 'received'],
    ['Body', m.body],
    ['To', address('sms', m.to)],
    ['NumSegments', String(m.segments)],
    ['MessageSid', m.sid],
    ['AccountSid', m.accountSid],
    ['From', address('sms', m.from)],
    ['ApiVersion', API_VERSION],
  ]
}

function messageType(c: WhatsAppInboundContent): string {
  switch (c.kind) {
    case 'text':
      return 'text'
    case 'button':
      return c.interactive ? 'interactive' : 'button'
    case 'list':
      return 'interactive'
    case 'media':
      return c.type
    case 'location':
      return 'location'
  }
}

function bodyOf(c: WhatsAppInboundContent): string {
  switch (c.kind) {
    case 'text':
      return c.body
    case 'button':
      return c.text
    case 'list':
      return c.title
    case 'media':
      return c.caption ?? ''
    case 'location':
      return ''
  }
}

/** The carrier's delivery time as Twilio passes it on: `YYMMDDhhmm`, UTC. */
function dlrDate(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours()) + two(d.getUTCMinutes())
}
