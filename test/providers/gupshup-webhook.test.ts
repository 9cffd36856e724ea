import { describe, expect, it } from 'vitest'
import type { ProviderEvent, WebhookRequest } from '../../src/core/providers/provider.js'
import type { HttpClient } from '../../src/providers/http-client.js'
import { accountOn, buildAccount, SECRET } from './gupshup-fixtures.js'

/** Receiving never calls out; a test that makes it do so is broken. */
const receiveOnly: HttpClient = {
  request: () => Promise.reject(new Error('this test does not send')),
  close: () => Promise.resolve(),
  destroy: () => Promise.resolve(),
}
const account = buildAccount(accountOn('http://gupshup.invalid'), receiveOnly)
const receiver = account.receiver

const URL_BASE = 'https://parley.school.example/webhooks/gupshup/school'
const post = (url: string, body = '{}'): WebhookRequest => ({ rawBody: Buffer.from(body), headers: { 'content-type': 'application/json' }, url })

/** One v2 callback (docs/platform.md §7.1) for the account's app, at a millisecond timestamp. */
const callback = (type: string, payload: unknown, over: Record<string, unknown> = {}) => ({ app: 'SchoolApp', timestamp: 1592311842070, version: 2, type, payload, ...over })
const parse = (body: unknown): ProviderEvent[] => {
  const parsed = receiver.parse(Buffer.from(JSON.stringify(body)))
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.events
}

describe('Gupshup callback authenticity: the token in the URL', () => {
  it('the account secret passes; another, none, or two tokens do not', () => {
    expect(receiver.verify(post(`${URL_BASE}?token=${encodeURIComponent(SECRET)}`))).toEqual({ ok: true })
    expect(receiver.verify(post(`${URL_BASE}?token=guess`))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(receiver.verify(post(`${URL_BASE}?token=${SECRET.slice(0, -1)}`))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(receiver.verify(post(URL_BASE))).toEqual({ ok: false, reason: 'missing_signature' })
    expect(receiver.verify(post(`${URL_BASE}?token=guess&token=${SECRET}`))).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('a callback naming another app is refused, not filed under this account', () => {
    const parsed = receiver.parse(Buffer.from(JSON.stringify(callback('message', {}, { app: 'OtherApp' }))))
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining('OtherApp') })
  })

  it('bodies that are no v2 callback are refused with the reason', () => {
    expect(receiver.parse(Buffer.from('not json'))).toEqual({ ok: false, reason: 'body is not JSON' })
    expect(receiver.parse(Buffer.from(JSON.stringify({ gs_app_id: 'x', object: 'whatsapp_business_account', entry: [] })))).toEqual({ ok: false, reason: expect.stringContaining('v2') })
  })
})

describe('Gupshup inbound messages', () => {
  it("the platform notes' text example: the sender, their name, our message it replies to, the time in milliseconds", () => {
    const events = parse({
      app: 'SchoolApp',
      timestamp: 1580227766370,
      version: 2,
      type: 'message',
      payload: {
        id: 'ABEGkZZxY3NzAgo-sLd9QmTq1aBC',
        source: '919812300077',
        type: 'text',
        payload: { text: 'Hi' },
        sender: { phone: '919812300077', name: 'Ravi', country_code: '91', dial_code: '9812300077' },
        context: { id: 'gBEGkZZxY3NzAgk3rT8uVwXyZqPe', gsId: '3b9e7c52-8d14-4f6a-a1e0-5c2f9d8b7e44' },
      },
    })
    expect(events).toEqual([
      {
        kind: 'inbound',
        providerMessageId: 'ABEGkZZxY3NzAgo-sLd9QmTq1aBC',
        fromId: '919812300077',
        fromPhone: '+919812300077',
        profileName: 'Ravi',
        at: 1580227766370,
        content: { kind: 'text', text: 'Hi' },
        replyTo: '3b9e7c52-8d14-4f6a-a1e0-5c2f9d8b7e44',
      },
    ])
  })

  it("the app's number, when the callback gives it, names the business number", () => {
    const [event] = parse(callback('message', { id: 'in-1', type: 'text', payload: { text: 'Hi' }, sender: { phone: '919812300077' } }, { phone: '918800012345' }))
    expect(event).toMatchObject({ kind: 'inbound', businessNumberId: '918800012345' })
  })

  it.each<[string, string, Record<string, unknown>, object]>([
    ['a template button (quick_reply) with its postback', 'quick_reply', { text: 'Confirm', type: 'button', postbackText: 'confirm-lesson-42' }, { kind: 'button', text: 'Confirm', payload: 'confirm-lesson-42' }],
    ['a template button without postback', 'quick_reply', { text: 'Confirm', type: 'button' }, { kind: 'button', text: 'Confirm', payload: null }],
    ['a session button reply', 'button_reply', { id: 'qr1', title: 'Yes', reply: 'Yes 1', postbackText: 'yes' }, { kind: 'interactive', replyType: 'button_reply', id: 'yes', title: 'Yes' }],
    ['a list reply', 'list_reply', { id: 'row-2', title: 'Tuesday', reply: 'Tuesday 2', description: 'after school' }, { kind: 'interactive', replyType: 'list_reply', id: 'row-2', title: 'Tuesday', description: 'after school' }],
    ['an image', 'image', { url: 'https://filemanager.gupshup.io/f/1', caption: 'my homework', contentType: 'image/jpeg' }, { kind: 'media', mediaType: 'image', caption: 'my homework', mimeType: 'image/jpeg' }],
    ['a file is a document', 'file', { url: 'https://filemanager.gupshup.io/f/2', name: 'essay.pdf', contentType: 'application/pdf' }, { kind: 'media', mediaType: 'document', filename: 'essay.pdf', mimeType: 'application/pdf' }],
    ['a location', 'location', { latitude: '41.0082', longitude: 28.9784, name: 'School' }, { kind: 'location', latitude: 41.0082, longitude: 28.9784, name: 'School' }],
    ['a contact card is kept as other', 'contact', { contacts: [] }, { kind: 'other', providerType: 'contact' }],
    ['a text without text is kept as other', 'text', {}, { kind: 'other', providerType: 'text' }],
  ])('%s', (_name, type, inner, content) => {
    const [event] = parse(callback('message', { id: 'in-2', source: '919812300077', type, payload: inner, sender: { phone: '919812300077' } }))
    expect(event).toMatchObject({ kind: 'inbound', content })
  })

  it('a message without the sender number is ignored with the reason', () => {
    expect(parse(callback('message', { id: 'in-3', type: 'text', payload: { text: 'Hi' } }))).toEqual([{ kind: 'ignored', reason: expect.stringContaining("sender's number") }])
  })
})

describe('Gupshup message events', () => {
  const event = (type: string, ids: { id: string; gsId?: string }, inner: Record<string, unknown> = { ts: 1592311836 }) =>
    parse(callback('message-event', { ...ids, type, destination: '919900054321', payload: inner }))

  it("the platform notes' delivered example: the message is Gupshup's id (gsId), at the callback's millisecond time", () => {
    expect(event('delivered', { id: 'gBEGkZZxY3NzAgk3rT8uVwXyZqPe', gsId: '6f1c2d9e-41aa-4b7e-9c3d-2b8e5a7f0c11' })).toEqual([
      { kind: 'status', providerMessageId: '6f1c2d9e-41aa-4b7e-9c3d-2b8e5a7f0c11', status: 'delivered', at: 1592311842070 },
    ])
  })

  it('sent and read the same way; a week-late event without gsId falls back on id', () => {
    expect(event('sent', { id: 'gBEG1', gsId: 'gs-1' })).toMatchObject([{ status: 'sent', providerMessageId: 'gs-1' }])
    expect(event('read', { id: 'gs-2' })).toMatchObject([{ status: 'read', providerMessageId: 'gs-2' }])
  })

  it('enqueued (Gupshup handed it to WhatsApp) and deleted move nothing', () => {
    expect(event('enqueued', { id: 'gs-3' }, { whatsappMessageId: 'gBEG3', type: 'session' })).toEqual([{ kind: 'ignored', reason: 'message-event:enqueued for gs-3' }])
    expect(event('deleted', { id: 'gBEG4', gsId: 'gs-4' })).toEqual([{ kind: 'ignored', reason: 'message-event:deleted for gs-4' }])
  })

  it.each<[string, Record<string, unknown>, object]>([
    ['1002: not on WhatsApp — unreachable', { code: 1002, reason: 'Number does not exist on WhatsApp' }, { code: '1002', title: 'Number does not exist on WhatsApp', retryable: false, unreachable: true }],
    ["Meta's 131026 passed through — unreachable", { code: 131026, reason: 'Message undeliverable' }, { code: '131026', retryable: false, unreachable: true }],
    ["Meta's 131047: outside the window, reachable", { code: 131047, reason: 'Re-engagement message' }, { code: '131047', retryable: false }],
    ['4002: worth another try', { code: '4002', reason: 'Invalid response from WhatsApp' }, { code: '4002', retryable: true }],
    ['no code at all', { reason: 'something' }, { code: 'unknown', retryable: false }],
  ])('failed, %s', (_name, inner, error) => {
    const [failed] = event('failed', { id: 'gs-5' }, inner)
    expect(failed).toMatchObject({ kind: 'status', status: 'failed', providerMessageId: 'gs-5', error })
    if (!('unreachable' in error)) expect((failed as { error: object }).error).not.toHaveProperty('unreachable')
  })

  it('a timestamp in seconds is no Gupshup time: ignored with the reason', () => {
    expect(parse(callback('message-event', { id: 'gs-6', type: 'sent' }, { timestamp: 1592311842 }))).toEqual([{ kind: 'ignored', reason: expect.stringContaining('timestamp 1592311842') }])
  })
})

describe('Gupshup user, template and billing events', () => {
  it('opt-in and opt-out user-events are ignored: Parley has no provider opt-in event', () => {
    expect(parse(callback('user-event', { phone: '919812300077', type: 'opted-out' }))).toEqual([{ kind: 'ignored', reason: 'user-event:opted-out for 919812300077' }])
    expect(parse(callback('user-event', { phone: '919812300077', type: 'opted-in' }))).toEqual([{ kind: 'ignored', reason: 'user-event:opted-in for 919812300077' }])
  })

  it('a template status-update is a template status, by Gupshup id, with the reason', () => {
    expect(parse(callback('template-event', { id: 'tpl-1', type: 'status-update', status: 'REJECTED', rejectedReason: 'INVALID_FORMAT', elementName: 'lesson_reminder', languageCode: 'en' }))).toEqual([
      { kind: 'template_status', providerTemplateId: 'tpl-1', name: 'lesson_reminder', language: 'en', status: 'rejected', providerStatus: 'REJECTED', reason: 'INVALID_FORMAT', at: 1592311842070 },
    ])
    expect(parse(callback('template-event', { id: 'tpl-2', type: 'status-update', status: 'APPROVED', rejectedReason: 'NONE' }))).toMatchObject([{ status: 'approved', reason: null, name: '', language: '' }])
  })

  it('billing-events are ignored', () => {
    expect(parse(callback('billing-event', { references: { id: 'x', gsId: 'y' }, deductions: { type: 'service', billable: false } }))).toEqual([{ kind: 'ignored', reason: 'callback type billing-event' }])
  })
})
