import { afterEach, beforeEach, expect, it } from 'vitest'
import type { AccountConfig, SenderConfig } from '../../src/accounts-config.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/* The send API with an SMS sender configured: a Meta number and a generic SMS gateway, both the sandbox. */
const ACCOUNTS: AccountConfig[] = [
  { id: 'meta', provider: 'meta', sandbox: true },
  { id: 'sms-gateway', provider: 'http-sms', sandbox: true },
]
const SENDERS: SenderConfig[] = [
  { id: 'default', account: 'meta', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 },
  { id: 'school-sms', account: 'sms-gateway', channel: 'sms', number: '+15550001239', ratePerSecond: 80 },
]
const PARENT = '+905321234567'
// 85 characters with ı, ş and ğ: UCS-2, two parts (test/core/messages/sms-segments.test.ts).
const TURKISH = 'Ayşe için hatırlatma: yarın 15:00 piyano dersi. Değişiklik için bu mesajı yanıtlayın.'

describeEachDatabase('sends from an SMS sender', (dialect) => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(dialect, { accounts: ACCOUNTS, senders: SENDERS })
  })
  afterEach(async () => h?.close())
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => h.api('POST', path, body, headers)
  const outboundRows = () => h.db.database.db.selectFrom('messages').select(['kind', 'channel', 'segments']).where('direction', '=', 'outbound').execute()

  it('answers the segments an SMS takes before it is sent, and the message shows its channel, account and segments', async () => {
    const sent = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: TURKISH })
    expect(sent.status).toBe(202)
    expect(sent.body).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued', segments: 2 })
    const delivered = await eventually(async () => {
      const got = (await h.api('GET', `/v1/messages/${sent.body.id}`)).body
      return got.status === 'delivered' ? got : undefined
    }, 15_000, 'the SMS delivered')
    expect(delivered).toMatchObject({ channel: 'sms', provider: 'http-sms', account: 'sms-gateway', from: 'school-sms', segments: 2, text: TURKISH })
    // The gateway counted the same.
    expect(h.sandbox.smsAccepted().find((m) => m.text === TURKISH)).toMatchObject({ encoding: 'UCS-2', segments: 2 })

    const sms = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: 'Lesson at 15:00 tomorrow.' })
    expect(sms.body.segments).toBe(1)
    expect(sms.body).not.toHaveProperty('cost')
    // A WhatsApp send's answer has no segments; it has an estimated cost instead (an SMS has none).
    const whatsapp = await post('/v1/messages', { to: PARENT, template: { name: 'hello_world', language: 'en_US' } })
    expect(whatsapp.body).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued', cost: expect.objectContaining({ category: 'utility' }) })
    expect((await h.api('GET', `/v1/messages/${whatsapp.body.id}`)).body).toMatchObject({ channel: 'whatsapp', account: 'meta', segments: null })
  })

  it('refuses templates and media from an SMS sender with channel_unsupported_content, and stores nothing for them', async () => {
    const template = await post('/v1/messages', { to: PARENT, from: 'school-sms', template: { name: 'hello_world', language: 'en_US' } })
    expect(template.status).toBe(422)
    expect(template.body.error).toMatchObject({ code: 'channel_unsupported_content', details: { field: 'template', channel: 'sms', from: 'school-sms' } })
    const media = await post('/v1/messages', { to: PARENT, from: 'school-sms', media: { type: 'image', url: 'https://cdn.example.com/a.jpg' } })
    expect(media.body.error).toMatchObject({ code: 'channel_unsupported_content', details: { field: 'media' } })

    const batch = await post('/v1/messages/batch', {
      messages: [
        { to: PARENT, from: 'school-sms', media: { type: 'document', url: 'https://cdn.example.com/a.pdf' } },
        { to: PARENT, from: 'school-sms', text: 'a'.repeat(161) },
      ],
    })
    expect(batch.body).toMatchObject({ accepted: 1, rejected: 1, results: [{ index: 0, error: { code: 'channel_unsupported_content' } }, { index: 1, status: 'queued', segments: 2 }] })
    expect(await outboundRows()).toEqual([{ kind: 'text', channel: 'sms', segments: 2 }])
  })

  it('answers a replay with the segments of the original send', async () => {
    const key = { 'idempotency-key': 'sms-replay-1' }
    const first = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: '€'.repeat(81) }, key)
    const again = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: '€'.repeat(81) }, key)
    expect(first.status).toBe(202)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ id: first.body.id, status: expect.any(String), segments: 2 })
  })
})
