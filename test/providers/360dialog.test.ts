import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SendRequest } from '../../src/core/providers/provider.js'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { d360Kind } from '../../src/providers/360dialog/360dialog-kind.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { templateCreateBody } from '../../src/providers/meta-cloud/meta-template-body.js'
import { buildMessageBody } from '../../src/providers/meta-cloud/meta-send.js'
import type { AccountAdapter } from '../../src/providers/provider-kind.js'
import { type LocalServer, startServer } from './local-server.js'

const SENDER = { id: 'school', number: '+15550001235', numberId: '100000000000003', channel: 'whatsapp' } as const
const SECRET = 'school-360-secret'
const text: SendRequest = { messageId: 'msg_1', to: '+49 151 2345678', content: { kind: 'text', text: 'Hello' } }

type Answer = (res: ServerResponse, req: IncomingMessage) => void
const json = (status: number, body: unknown): Answer => (res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

const lessonReminder: TemplateDefinition = {
  name: 'lesson_reminder',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: null,
  body: { text: 'Lesson for {{1}} at {{2}}.', examples: { '1': 'Max', '2': '15:00' } },
  footer: null,
  buttons: [],
}
/** A template as 360dialog lists it (docs/platform.md §7.3): no id, a lower-case status. */
const listed = (name: string, status = 'approved') => ({
  name,
  language: 'en',
  status,
  category: 'UTILITY',
  namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
  components: [{ type: 'BODY', text: 'Lesson for {{1}} at {{2}}.', example: { body_text: [['Max', '15:00']] } }],
  rejected_reason: 'NONE',
})

describe('360dialog adapter over HTTP (docs/platform.md §7.3)', () => {
  let server: LocalServer
  let http: HttpClient
  let answers: Answer[]
  let seen: Array<{ method?: string; url?: string; key?: string; auth?: string; body: unknown }>
  let account: AccountAdapter
  const build = (over: Record<string, unknown> = {}) =>
    d360Kind.createAccount(d360Kind.accountSchema.parse({ baseUrl: `${server.url}/`, apiKey: 'channel-key', webhookSecret: SECRET, ...over }), [SENDER], { http, webhookUrl: () => null, requestTimeoutMs: 10_000 })

  beforeAll(async () => {
    server = await startServer((req, res, body) => {
      seen.push({ method: req.method, url: req.url, key: req.headers['d360-api-key'] as string | undefined, auth: req.headers.authorization, body: body === '' ? undefined : JSON.parse(body) })
      const next = answers.shift()
      if (next) next(res, req)
      else res.writeHead(500).end()
    })
    http = createHttpClient()
  })
  beforeEach(() => {
    seen = []
    answers = []
    account = build()
  })
  afterAll(async () => {
    await http.close()
    await server.close()
  })

  it("posts Meta's body to /messages with the channel key, no Bearer token and no number id in the path", async () => {
    answers.push(json(200, { messaging_product: 'whatsapp', contacts: [{ input: '491512345678', wa_id: '491512345678' }], messages: [{ id: 'wamid.HBgM' }] }))
    expect(await account.messaging(SENDER).send(text)).toEqual({ kind: 'accepted', providerMessageId: 'wamid.HBgM', recipientId: '491512345678' })
    expect(seen).toEqual([{ method: 'POST', url: '/messages', key: 'channel-key', auth: undefined, body: buildMessageBody(text) }])
  })

  it("Meta's error codes keep Meta's classification; 360dialog's own envelope falls back on the status", async () => {
    answers.push(json(400, { error: { code: 131047, message: '(#131047) Re-engagement message' } }))
    expect(await account.messaging(SENDER).send(text)).toMatchObject({ kind: 'rejected', code: '131047' })
    answers.push(json(401, { meta: { success: false, http_code: 401, developer_message: 'Invalid api key' } }))
    expect(await account.messaging(SENDER).send(text)).toMatchObject({ kind: 'rejected', code: 'http_401' })
    answers.push(json(503, { meta: { success: false } }))
    expect(await account.messaging(SENDER).send(text)).toMatchObject({ kind: 'retryable', code: 'http_503' })
  })

  it('read receipts go to /messages too', async () => {
    answers.push(json(200, { success: true }))
    expect(await account.messaging(SENDER).markRead('wamid.IN1')).toEqual({ kind: 'sent' })
    expect(seen[0]).toMatchObject({ url: '/messages', key: 'channel-key', body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1' } })
  })

  it("templates: Meta's create body to /v1/configs/templates; the list pages by offset through waba_templates", async () => {
    // The create answer is the template entry, without an id: the name and language are its id.
    answers.push(json(200, { ...listed('lesson_reminder', 'submitted'), category: 'MARKETING' }))
    expect(await account.templates!.submit(lessonReminder)).toEqual({ kind: 'ok', value: { providerTemplateId: 'lesson_reminder:en', status: 'pending', category: 'MARKETING' } })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/configs/templates', key: 'channel-key', body: templateCreateBody(lessonReminder) })

    answers.push(json(200, { count: 1, total: 2, offset: 0, limit: 1000, filters: {}, sort: ['id'], waba_templates: [listed('lesson_reminder')] }))
    answers.push(json(200, { count: 1, total: 2, offset: 1, limit: 1000, filters: {}, sort: ['id'], waba_templates: [listed('lesson_moved', 'rejected')] }))
    const list = await account.templates!.list()
    expect(list.kind === 'ok' && list.value.map((t) => [t.providerTemplateId, t.definition.name, t.status, t.definition.body.examples])).toEqual([
      ['lesson_reminder:en', 'lesson_reminder', 'approved', { '1': 'Max', '2': '15:00' }],
      ['lesson_moved:en', 'lesson_moved', 'rejected', { '1': 'Max', '2': '15:00' }],
    ])
    expect(seen.slice(1).map((r) => r.url)).toEqual(['/v1/configs/templates?limit=1000&offset=0', '/v1/configs/templates?limit=1000&offset=1'])
  })

  it('a list page without waba_templates is retryable; an unreadable template refuses the whole list', async () => {
    answers.push(json(200, { count: 0 }))
    expect(await account.templates!.list()).toMatchObject({ kind: 'retryable', error: { code: 'unreadable_response' } })
    answers.push(json(200, { total: 1, waba_templates: [{ name: 'no_language', status: 'approved', category: 'UTILITY' }] }))
    expect(await account.templates!.list()).toMatchObject({ kind: 'refused', error: { code: 'unreadable_response' } })
  })

  it('deletes by name; edits, and deleting one language, are refused without a call', async () => {
    answers.push(json(200, { meta: { success: true } }))
    expect(await account.templates!.remove('lesson_reminder')).toEqual({ kind: 'ok', value: null })
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/v1/configs/templates/lesson_reminder' })
    expect(await account.templates!.remove('lesson_reminder', 'lesson_reminder:en')).toMatchObject({ kind: 'refused', error: { code: 'not_supported' } })
    expect(await account.templates!.edit('lesson_reminder:en', lessonReminder)).toMatchObject({ kind: 'refused', error: { code: 'not_supported' } })
    expect(seen).toHaveLength(1)
  })
})

describe('360dialog webhooks', () => {
  const account = d360Kind.createAccount(d360Kind.accountSchema.parse({ apiKey: 'k', webhookSecret: SECRET }), [SENDER], {
    http: { request: () => Promise.reject(new Error('no sends here')), close: async () => undefined, destroy: async () => undefined },
    webhookUrl: () => null,
    requestTimeoutMs: 1000,
  })
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '100000000000003' }, statuses: [{ id: 'wamid.OUT', status: 'delivered', timestamp: '1750030100', biz_opaque_callback_data: 'msg_1' }] } }] }],
  })

  it('unsigned: the secret in the URL is what passes', () => {
    const url = 'https://parley.example/webhooks/360dialog/school'
    expect(account.receiver.verify({ rawBody: Buffer.from(body), headers: {}, url: `${url}?token=${SECRET}` })).toEqual({ ok: true })
    expect(account.receiver.verify({ rawBody: Buffer.from(body), headers: {}, url: `${url}?token=nope` })).toEqual({ ok: false, reason: 'bad_signature' })
    expect(account.receiver.verify({ rawBody: Buffer.from(body), headers: {}, url })).toEqual({ ok: false, reason: 'missing_signature' })
  })

  it('a template status webhook names the template as the lists do, by name and language', () => {
    const change = { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1200000000000001, message_template_name: 'lesson_reminder', message_template_language: 'en', reason: 'NONE' } }
    const parsed = account.receiver.parse(Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', time: 1750030100, changes: [change] }] })))
    expect(parsed).toMatchObject({ ok: true, events: [{ kind: 'template_status', providerTemplateId: 'lesson_reminder:en', status: 'approved' }] })
  })

  it("Meta's entry/changes format, read by Meta's parser: our message id comes back", () => {
    expect(account.receiver.parse(Buffer.from(body))).toEqual({
      ok: true,
      events: [{ kind: 'status', providerMessageId: 'wamid.OUT', messageId: 'msg_1', status: 'delivered', at: 1750030100000, businessNumberId: '100000000000003' }],
    })
  })
})

describe('360dialog account settings', () => {
  it('defaults to the Cloud API proxy; the sandbox account is its /360dialog flavour', () => {
    expect(d360Kind.accountSchema.parse({ apiKey: 'k', webhookSecret: 's' })).toMatchObject({ baseUrl: 'https://waba-v2.360dialog.io' })
    expect(d360Kind.sandboxAccount('http://127.0.0.1:4010')).toMatchObject({ baseUrl: 'http://127.0.0.1:4010/360dialog', apiKey: 'sandbox-360dialog-key' })
  })

  it('one number per account: its key is that number', () => {
    const settings = d360Kind.sandboxAccount('http://127.0.0.1:4010')
    const deps = { http: createHttpClient(), webhookUrl: () => null, requestTimeoutMs: 1000 }
    expect(() => d360Kind.createAccount(settings, [SENDER, { ...SENDER, id: 'second' }], deps)).toThrow(/one number/)
    void deps.http.close()
  })
})
