import { describe, expect, it } from 'vitest'
import type { InboundEvent, ProviderEvent, StatusEvent, WebhookRequest } from '../../src/core/providers/provider.js'
import { EMPTY_TWIML, createTwilioReceiver, keepTwilioReceipt, parseTwilioWebhook } from '../../src/providers/twilio/twilio-webhook.js'

/*
 * Hand-written callbacks in the shape docs/platform.md §7.2 describes (Twilio's status callback and
 * incoming-message parameters), form-encoded as Twilio posts them.
 */
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const AT = Date.UTC(2026, 11, 3, 9, 30)
const WEBHOOK = 'https://parley.example/webhooks/twilio/main'

/** What the webhook route stores and parses: the kept receipt of a request. */
function received(fields: Record<string, string>, url = WEBHOOK): ProviderEvent[] {
  const request: WebhookRequest = { rawBody: Buffer.from(form(fields)), headers: {}, url }
  const parsed = parseTwilioWebhook(keepTwilioReceipt(request, AT))
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.events
}

const statusFields = (status: string, extra: Record<string, string> = {}) => ({
  SmsSid: 'SM0123456789abcdef0123456789abcdef',
  SmsStatus: status,
  MessageStatus: status,
  ChannelToAddress: '+4915112345678',
  To: 'whatsapp:+4915112345678',
  ChannelPrefix: 'whatsapp',
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC00000000000000000000000000000001',
  From: 'whatsapp:+15550001237',
  ApiVersion: '2010-04-01',
  ...extra,
})

describe('Twilio status callbacks', () => {
  it('sent, delivered, read: our message id from the StatusCallback query, the receipt time, our number', () => {
    for (const status of ['sent', 'delivered', 'read'] as const) {
      const [event] = received(statusFields(status), `${WEBHOOK}?parley_message_id=msg_42`)
      expect(event).toEqual<StatusEvent>({
        kind: 'status',
        providerMessageId: 'SM0123456789abcdef0123456789abcdef',
        messageId: 'msg_42',
        status,
        at: AT,
        businessNumberId: '15550001237',
      })
    }
  })

  it('without our id in the URL the status still names Twilio’s sid', () => {
    const [event] = received(statusFields('delivered'))
    expect(event).toMatchObject({ kind: 'status', providerMessageId: 'SM0123456789abcdef0123456789abcdef' })
    expect(event).not.toHaveProperty('messageId')
  })

  it('queued, accepted and sending are steps before sent: ignored', () => {
    for (const status of ['queued', 'accepted', 'sending']) expect(received(statusFields(status))).toEqual([{ kind: 'ignored', reason: `status:${status}` }])
  })

  it('failed 63016: outside the window, final, reachable', () => {
    const [event] = received(statusFields('failed', { ErrorCode: '63016' }))
    expect(event).toMatchObject({ status: 'failed', error: { code: '63016', retryable: false } })
    expect((event as StatusEvent).error).not.toHaveProperty('unreachable')
  })

  it('undelivered 63003 and SMS 30005 / 21614: the recipient is not on the channel', () => {
    for (const code of ['63003', '30005', '21614', '21211']) {
      const [event] = received(statusFields('undelivered', { ErrorCode: code }))
      expect(event).toMatchObject({ status: 'failed', error: { code, retryable: false, unreachable: true } })
    }
  })

  it('failed 63018 (rate limit for the channel) is worth another attempt; an unknown code is not; Twilio’s ErrorMessage wins', () => {
    expect(received(statusFields('failed', { ErrorCode: '63018' }))[0]).toMatchObject({ error: { code: '63018', retryable: true } })
    expect(received(statusFields('failed', { ErrorCode: '99999', ErrorMessage: 'Something new' }))[0]).toMatchObject({ error: { code: '99999', title: 'Something new', retryable: false } })
    expect(received(statusFields('failed'))[0]).toMatchObject({ error: { code: 'unknown', retryable: false } })
  })

  it('SMS statuses name the bare number', () => {
    const [event] = received(statusFields('delivered', { From: '+15550001238', To: '+4915112345678', ChannelPrefix: 'sms' }))
    expect(event).toMatchObject({ status: 'delivered', businessNumberId: '15550001238' })
  })
})

const inboundFields = (extra: Record<string, string>) => ({
  SmsMessageSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  NumMedia: '0',
  ProfileName: 'Ayşe',
  MessageType: 'text',
  SmsSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  WaId: '905321234567',
  SmsStatus: 'received',
  Body: 'Merhaba! Çok teşekkürler',
  To: 'whatsapp:+15550001237',
  NumSegments: '1',
  MessageSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  AccountSid: 'AC00000000000000000000000000000001',
  From: 'whatsapp:+905321234567',
  ApiVersion: '2010-04-01',
  ...extra,
})

const inbound = (extra: Record<string, string>) => received(inboundFields(extra))[0] as InboundEvent

describe('Twilio inbound messages', () => {
  it('WhatsApp text: WaId, phone, profile name, the business number, the receipt time', () => {
    expect(inbound({})).toEqual<InboundEvent>({
      kind: 'inbound',
      providerMessageId: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      fromId: '905321234567',
      fromPhone: '+905321234567',
      profileName: 'Ayşe',
      businessNumberId: '15550001237',
      at: AT,
      content: { kind: 'text', text: 'Merhaba! Çok teşekkürler' },
    })
  })

  it('a quick-reply button: ButtonText and ButtonPayload, and the message it answered', () => {
    const event = inbound({ MessageType: 'button', Body: 'Confirm', ButtonText: 'Confirm', ButtonPayload: 'confirm-lesson-42', OriginalRepliedMessageSid: 'SMbbbb' })
    expect(event.content).toEqual({ kind: 'button', text: 'Confirm', payload: 'confirm-lesson-42' })
    expect(event.replyTo).toBe('SMbbbb')
  })

  it('a list reply', () => {
    expect(inbound({ MessageType: 'interactive', Body: 'Tuesday', ListId: 'slot-tue', ListTitle: 'Tuesday' }).content).toEqual({ kind: 'interactive', replyType: 'list_reply', id: 'slot-tue', title: 'Tuesday' })
  })

  it('media with a caption; a sticker', () => {
    const media = { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC…/Media/ME1', MediaContentType0: 'image/jpeg', MessageType: 'image', Body: 'homework' }
    expect(inbound(media).content).toEqual({ kind: 'media', mediaType: 'image', caption: 'homework', mimeType: 'image/jpeg' })
    expect(inbound({ ...media, MediaContentType0: 'application/pdf', MessageType: 'document', Body: '' }).content).toEqual({ kind: 'media', mediaType: 'document', mimeType: 'application/pdf' })
    expect(inbound({ ...media, MediaContentType0: 'image/webp', MessageType: 'sticker', Body: '' }).content).toMatchObject({ kind: 'media', mediaType: 'sticker' })
  })

  it('a location', () => {
    expect(inbound({ MessageType: 'location', Body: '', Latitude: '41.0082', Longitude: '28.9784', Label: 'School', Address: 'Fatih, İstanbul' }).content).toEqual({
      kind: 'location',
      latitude: 41.0082,
      longitude: 28.9784,
      name: 'School',
      address: 'Fatih, İstanbul',
    })
  })

  it('a type without text is kept as other', () => {
    expect(inbound({ MessageType: 'reaction', Body: '' }).content).toEqual({ kind: 'other', providerType: 'reaction' })
  })

  it('SMS: From is the bare number, no WaId', () => {
    const { WaId: _, ProfileName: __, ...sms } = inboundFields({ From: '+4915112345678', To: '+15550001238', Body: 'STOP' })
    const [event] = received(sms)
    expect(event).toMatchObject({ kind: 'inbound', fromId: '4915112345678', fromPhone: '+4915112345678', businessNumberId: '15550001238', content: { kind: 'text', text: 'STOP' } })
  })

  it('a WhatsApp username user (no phone in From) is known by its id alone', () => {
    const { WaId: _, ...fields } = inboundFields({ From: 'whatsapp:US.13491208655302741918' })
    const [event] = received(fields)
    expect(event).toMatchObject({ fromId: 'US.13491208655302741918' })
    expect(event).not.toHaveProperty('fromPhone')
  })
})

describe('the Twilio receiver', () => {
  it('keeps the form as received, then our id and the time', () => {
    const raw = form({ MessageSid: 'SM1', MessageStatus: 'sent' })
    const kept = keepTwilioReceipt({ rawBody: Buffer.from(raw), headers: {}, url: `${WEBHOOK}?parley_message_id=msg%201` }, AT).toString()
    expect(kept.startsWith(`${raw}&`)).toBe(true)
    expect(new URLSearchParams(kept).get('parley_message_id')).toBe('msg 1')
    expect(new URLSearchParams(kept).get('parley_received_at')).toBe(String(AT))
  })

  it('a body without MessageSid is no Twilio messaging webhook', () => {
    expect(parseTwilioWebhook(Buffer.from('hello=world'))).toMatchObject({ ok: false })
  })

  it('parsed from the raw body alone (not what the route keeps), a callback has no time: 0', () => {
    expect(parseTwilioWebhook(Buffer.from(form(statusFields('sent'))))).toMatchObject({ ok: true, events: [{ kind: 'status', at: 0 }] })
  })

  it('answers with empty TwiML as text/xml', () => {
    expect(createTwilioReceiver('token').acknowledgement).toEqual({ contentType: 'text/xml', body: EMPTY_TWIML })
    expect(EMPTY_TWIML).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>')
  })
})
