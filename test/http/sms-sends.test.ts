import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { AcceptDeps } from '../../src/core/messages/accept-messages.js'
import type { SenderRef } from '../../src/core/messages/sender.js'
import { installErrorHandling } from '../../src/http/errors.js'
import { messageRoutes } from '../../src/http/routes/messages.js'
import { createIds } from '../../src/runtime/ids.js'
import { systemClock } from '../../src/runtime/clock.js'
import { createAuditLog } from '../../src/store/audit-log.js'
import { createStores } from '../../src/store/stores.js'
import { createTemplateStore } from '../../src/store/template-store.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

/*
 * The send API with an SMS sender configured. No SMS adapter exists yet (they are written beside
 * this), so the routes run in-process over the real store with the senders as the composition root
 * would name them; nothing is dispatched: what is checked is what the edge answers and stores.
 */
const WHATSAPP: SenderRef = { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }
const SMS: SenderRef = { id: 'school-sms', provider: 'http-sms', account: 'sms-gateway', channel: 'sms' }
const PARENT = '+905321234567'
// 85 characters with ı, ş and ğ: UCS-2, two parts (test/core/messages/sms-segments.test.ts).
const TURKISH = 'Ayşe için hatırlatma: yarın 15:00 piyano dersi. Değişiklik için bu mesajı yanıtlayın.'

describeEachDatabase('sends from an SMS sender', (dialect) => {
  let t: TestDatabase
  let app: FastifyInstance
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    const ids = createIds()
    const stores = createStores(t.database, ids)
    const accept: AcceptDeps = {
      outbox: stores.outbox,
      messages: stores.messages,
      contacts: stores.contacts,
      templates: createTemplateStore(t.database),
      languages: { defaultLanguage: 'en', fallback: {} },
      ids,
      clock: systemClock,
      senders: new Map([WHATSAPP, SMS].map((s) => [s.id, s])),
      defaultSenderId: WHATSAPP.id,
    }
    app = Fastify()
    app.setValidatorCompiler(validatorCompiler)
    app.setSerializerCompiler(serializerCompiler)
    installErrorHandling(app)
    await app.register(messageRoutes, {
      accept,
      messages: stores.messages,
      audit: createAuditLog(t.database, systemClock),
      access: { hidesNumber: async () => false, visibleByPhone: async (_request, items) => [...items] },
    })
  })
  afterEach(async () => {
    await app.close()
    await t.close()
  })
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload: body as object, headers })

  it('answers the segments an SMS takes before it is sent, and the message shows its channel, account and segments', async () => {
    const sent = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: TURKISH })
    expect(sent.statusCode).toBe(202)
    expect(sent.json()).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued', segments: 2 })
    const got = await app.inject({ method: 'GET', url: `/v1/messages/${sent.json().id}` })
    expect(got.json()).toMatchObject({ channel: 'sms', provider: 'http-sms', account: 'sms-gateway', from: 'school-sms', segments: 2, text: TURKISH })

    const plain = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: 'Lesson at 15:00 tomorrow.' })
    expect(plain.json().segments).toBe(1)
    // A WhatsApp send's answer is as it always was.
    const whatsapp = await post('/v1/messages', { to: PARENT, text: TURKISH })
    expect(whatsapp.json()).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued' })
    expect((await app.inject({ method: 'GET', url: `/v1/messages/${whatsapp.json().id}` })).json()).toMatchObject({ channel: 'whatsapp', account: 'meta', segments: null })
  })

  it('refuses templates and media from an SMS sender with channel_unsupported_content, and stores nothing for them', async () => {
    const template = await post('/v1/messages', { to: PARENT, from: 'school-sms', template: { name: 'hello_world', language: 'en_US' } })
    expect(template.statusCode).toBe(422)
    expect(template.json().error).toMatchObject({ code: 'channel_unsupported_content', details: { field: 'template', channel: 'sms', from: 'school-sms' } })
    const media = await post('/v1/messages', { to: PARENT, from: 'school-sms', media: { type: 'image', url: 'https://cdn.example.com/a.jpg' } })
    expect(media.json().error).toMatchObject({ code: 'channel_unsupported_content', details: { field: 'media' } })

    const batch = await post('/v1/messages/batch', {
      messages: [
        { to: PARENT, from: 'school-sms', media: { type: 'document', url: 'https://cdn.example.com/a.pdf' } },
        { to: PARENT, from: 'school-sms', text: 'a'.repeat(161) },
      ],
    })
    expect(batch.json()).toMatchObject({ accepted: 1, rejected: 1, results: [{ index: 0, error: { code: 'channel_unsupported_content' } }, { index: 1, status: 'queued', segments: 2 }] })
    const stored = await t.database.db.selectFrom('messages').select(['kind', 'channel', 'segments']).execute()
    expect(stored).toEqual([{ kind: 'text', channel: 'sms', segments: 2 }])
  })

  it('answers a replay with the segments of the original send', async () => {
    const key = { 'idempotency-key': 'sms-replay-1' }
    const first = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: '€'.repeat(81) }, key)
    const again = await post('/v1/messages', { to: PARENT, from: 'school-sms', text: '€'.repeat(81) }, key)
    expect(first.statusCode).toBe(202)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ id: first.json().id, status: 'queued', segments: 2 })
  })
})
