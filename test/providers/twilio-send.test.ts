import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OutboundContent } from '../../src/core/messages/content.js'
import type { SendOutcome } from '../../src/core/providers/provider.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import type { AccountAdapter, SenderSpec } from '../../src/providers/provider-kind.js'
import { twilioKind } from '../../src/providers/twilio/twilio-kind.js'
import { type LocalServer, refusedPort, startServer } from './local-server.js'

/*
 * The adapter against a local stand-in for Twilio's two APIs over real HTTP: it records each request
 * and answers what the test sets (hand-written from docs/platform.md §7.2).
 */
interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  form: URLSearchParams
}

const SID = 'AC0123456789abcdef0123456789abcdef'
const WHATSAPP: SenderSpec = { id: 'wa', number: '+15550001237', channel: 'whatsapp' }
const SMS: SenderSpec = { id: 'sms', number: '+15550001238', channel: 'sms' }

let server: LocalServer
let http: HttpClient
let seen: Seen[] = []
let answer: (seen: Seen) => { status: number; body: unknown; headers?: Record<string, string> }
let contents: unknown[] = []
let webhookUrl: string | null = 'https://parley.example/webhooks/twilio/main'

const messageResource = { status: 201, body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' } }

function account(overrides: { baseUrl?: string } = {}): AccountAdapter {
  const settings = twilioKind.accountSchema.parse({ accountSid: SID, authToken: 'secret-token', baseUrl: overrides.baseUrl ?? `${server.url}/api`, contentBaseUrl: `${server.url}/content` })
  return twilioKind.createAccount(settings, [WHATSAPP, SMS], { http, webhookUrl: () => webhookUrl, requestTimeoutMs: 2000 })
}

const send = (sender: SenderSpec, content: OutboundContent, adapter = account()): Promise<SendOutcome> =>
  adapter.messaging(sender).send({ messageId: 'msg_7', to: '+49 151 1234-5678', content })

beforeAll(async () => {
  server = await startServer((req: IncomingMessage, res: ServerResponse, body: string) => {
    const entry: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, form: new URLSearchParams(body) }
    seen.push(entry)
    const genuine = req.headers.authorization === `Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`
    const reply = !entry.path.startsWith('/content/')
      ? answer(entry)
      : genuine
        ? { status: 200, body: { contents, meta: { next_page_url: null } } }
        : { status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body))
  })
  http = createHttpClient()
})

afterAll(async () => {
  await http.close()
  await server.close()
})

beforeEach(() => {
  seen = []
  contents = []
  answer = () => messageResource
  webhookUrl = 'https://parley.example/webhooks/twilio/main'
})

const sends = () => seen.filter((s) => s.path.endsWith('/Messages.json'))

describe('Twilio sends', () => {
  it('WhatsApp text: the account’s Messages resource, Basic auth, whatsapp: addresses, Body, a StatusCallback naming our message', async () => {
    expect(await send(WHATSAPP, { kind: 'text', text: 'Lesson at 15:00 — see you! 😀' })).toEqual({ kind: 'accepted', providerMessageId: 'SM0123456789abcdef0123456789abcdef' })
    const [request] = sends()
    expect(request).toMatchObject({ method: 'POST', path: `/api/2010-04-01/Accounts/${SID}/Messages.json` })
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`)
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(request!.form)).toEqual({
      From: 'whatsapp:+15550001237',
      To: 'whatsapp:+4915112345678',
      Body: 'Lesson at 15:00 — see you! 😀',
      StatusCallback: 'https://parley.example/webhooks/twilio/main?parley_message_id=msg_7',
    })
  })

  it('SMS text: bare numbers', async () => {
    await send(SMS, { kind: 'text', text: 'Balance low' })
    expect(Object.fromEntries(sends()[0]!.form)).toMatchObject({ From: '+15550001238', To: '+4915112345678', Body: 'Balance low' })
  })

  it('SMS refuses media and templates before any call, with a stable code', async () => {
    expect(await send(SMS, { kind: 'media', mediaType: 'image', link: 'https://files.example/a.png' })).toMatchObject({ kind: 'rejected', code: 'unsupported_content' })
    expect(await send(SMS, { kind: 'template', name: 'order_update', language: 'en', params: [] })).toMatchObject({ kind: 'rejected', code: 'unsupported_content' })
    expect(seen).toEqual([])
  })

  it('media: MediaUrl with the caption as Body', async () => {
    await send(WHATSAPP, { kind: 'media', mediaType: 'document', link: 'https://files.example/worksheet.pdf', filename: 'worksheet.pdf', caption: 'Homework' })
    expect(Object.fromEntries(sends()[0]!.form)).toMatchObject({ MediaUrl: 'https://files.example/worksheet.pdf', Body: 'Homework' })
  })

  it('without a known webhook URL there is no StatusCallback (the sender’s configured one applies)', async () => {
    webhookUrl = null
    await send(WHATSAPP, { kind: 'text', text: 'hi' })
    expect(sends()[0]!.form.has('StatusCallback')).toBe(false)
  })
})

const approved = (sid: string, name: string, language: string, status = 'approved') => ({
  sid,
  friendly_name: name,
  language,
  variables: { '1': 'Ana', '2': '#1234' },
  types: { 'twilio/text': { body: 'Hello {{1}}, order {{2}} is on its way.' } },
  approval_requests: { name, category: 'UTILITY', status, rejection_reason: '' },
})

describe('Twilio template sends', () => {
  const template: OutboundContent = { kind: 'template', name: 'order_update', language: 'en', params: ['Ana', '#1234'] }

  it('name + language → the approved ContentSid, with ContentVariables keyed "1", "2"…; the list is kept between sends', async () => {
    contents = [approved('HX00000000000000000000000000000001', 'order_update', 'es'), approved('HX00000000000000000000000000000002', 'order_update', 'en')]
    const adapter = account()
    expect(await send(WHATSAPP, template, adapter)).toMatchObject({ kind: 'accepted' })
    expect(await send(WHATSAPP, template, adapter)).toMatchObject({ kind: 'accepted' })
    expect(seen.filter((s) => s.path.startsWith('/content/')).length).toBe(1)
    const form = sends()[0]!.form
    expect(form.get('ContentSid')).toBe('HX00000000000000000000000000000002')
    expect(JSON.parse(form.get('ContentVariables')!)).toEqual({ '1': 'Ana', '2': '#1234' })
    expect(form.has('Body')).toBe(false)
  })

  it('named parameters keep their names', async () => {
    contents = [approved('HX00000000000000000000000000000003', 'welcome_named', 'en')]
    await send(WHATSAPP, { kind: 'template', name: 'welcome_named', language: 'en', params: { first_name: 'Ana' } })
    expect(JSON.parse(sends()[0]!.form.get('ContentVariables')!)).toEqual({ first_name: 'Ana' })
  })

  it('a name missing from the kept list reloads it (a template approved since)', async () => {
    const adapter = account()
    contents = [approved('HX00000000000000000000000000000004', 'order_update', 'en', 'pending')]
    expect(await send(WHATSAPP, template, adapter)).toMatchObject({ kind: 'rejected', code: 'template_not_approved' })
    contents = [approved('HX00000000000000000000000000000004', 'order_update', 'en')]
    expect(await send(WHATSAPP, template, adapter)).toMatchObject({ kind: 'accepted' })
    expect(seen.filter((s) => s.path.startsWith('/content/')).length).toBe(2)
  })

  it('an unknown template is rejected as template_not_found, without a send', async () => {
    expect(await send(WHATSAPP, { kind: 'template', name: 'nope', language: 'en', params: [] })).toMatchObject({ kind: 'rejected', code: 'template_not_found' })
    expect(sends()).toEqual([])
  })

  it('approval_requests keyed by channel is read too', async () => {
    contents = [{ ...approved('HX00000000000000000000000000000005', 'order_update', 'en'), approval_requests: { whatsapp: { name: 'order_update', status: 'approved', category: 'UTILITY' } } }]
    expect(await send(WHATSAPP, template)).toMatchObject({ kind: 'accepted' })
  })
})

describe('Twilio send errors', () => {
  const refusal = (status: number, code: number, headers?: Record<string, string>) => () => ({
    status,
    body: { code, message: `Twilio says ${code}`, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    ...(headers ? { headers } : {}),
  })

  it('401 / 20003 (bad credentials) is rejected with Twilio’s code and message', async () => {
    answer = refusal(401, 20003)
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toEqual({ kind: 'rejected', code: '20003', title: 'Twilio says 20003', detail: 'https://www.twilio.com/docs/errors/20003' })
  })

  it('429 / 20429 is retryable after Retry-After; 5xx too, with or without a body', async () => {
    answer = refusal(429, 20429, { 'retry-after': '3' })
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'retryable', code: '20429', retryAfterMs: 3000 })
    answer = refusal(503, 20503)
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'retryable', code: '20503' })
    answer = () => ({ status: 502, body: '<html>bad gateway</html>' })
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'retryable', code: 'http_502' })
  })

  it('400 / 21211, 21610, 63016 are rejected; 63018 throttles the sender', async () => {
    for (const code of [21211, 21610, 63016]) {
      answer = refusal(400, code)
      expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'rejected', code: String(code) })
    }
    answer = refusal(429, 63018)
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'throttled', scope: 'sender', code: '63018', retryAfterMs: 60_000 })
  })

  it('an unknown code follows the HTTP status', async () => {
    answer = refusal(400, 12345)
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'rejected', code: '12345' })
    answer = refusal(500, 12345)
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'retryable', code: '12345' })
  })

  it('201 without a sid is in doubt: Twilio may have queued it', async () => {
    answer = () => ({ status: 201, body: { status: 'queued' } })
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' })).toMatchObject({ kind: 'in_doubt', code: 'unreadable_response' })
  })

  it('a refused connection is retryable', async () => {
    const adapter = account({ baseUrl: `http://127.0.0.1:${await refusedPort()}` })
    expect(await send(WHATSAPP, { kind: 'text', text: 'x' }, adapter)).toMatchObject({ kind: 'retryable', code: 'network_error' })
  })

  it('the Content API refusing the list (bad credentials) rejects a template send; trouble reaching it is retryable', async () => {
    const deps = { http, webhookUrl: () => null, requestTimeoutMs: 2000 }
    const wrong = twilioKind.createAccount(twilioKind.accountSchema.parse({ accountSid: SID, authToken: 'wrong', baseUrl: `${server.url}/api`, contentBaseUrl: `${server.url}/content` }), [WHATSAPP], deps)
    expect(await send(WHATSAPP, { kind: 'template', name: 'order_update', language: 'en', params: [] }, wrong)).toMatchObject({ kind: 'rejected', code: '20003' })
    const away = twilioKind.createAccount(
      twilioKind.accountSchema.parse({ accountSid: SID, authToken: 'secret-token', baseUrl: `${server.url}/api`, contentBaseUrl: `http://127.0.0.1:${await refusedPort()}` }),
      [WHATSAPP],
      deps,
    )
    expect(await send(WHATSAPP, { kind: 'template', name: 'order_update', language: 'en', params: [] }, away)).toMatchObject({ kind: 'retryable', code: 'network_error' })
    expect(sends()).toEqual([])
  })
})

describe('the Twilio account', () => {
  it('validates the Account SID, fills the public origins, and points a sandbox account at <sandbox>/twilio', () => {
    expect(twilioKind.accountSchema.safeParse({ accountSid: 'AC123', authToken: 'x' }).success).toBe(false)
    expect(twilioKind.accountSchema.parse({ accountSid: SID, authToken: 'x' })).toMatchObject({ baseUrl: 'https://api.twilio.com', contentBaseUrl: 'https://content.twilio.com' })
    expect(twilioKind.sandboxAccount('http://127.0.0.1:4010')).toEqual({
      accountSid: 'AC00000000000000000000000000000001',
      authToken: 'sandbox-twilio-auth-token',
      baseUrl: 'http://127.0.0.1:4010/twilio',
      contentBaseUrl: 'http://127.0.0.1:4010/twilio-content',
    })
    expect(twilioKind.webhookToken(twilioKind.sandboxAccount('http://x'))).toBeNull()
  })

  it('has WhatsApp templates only where a sender is on WhatsApp', () => {
    const settings = twilioKind.accountSchema.parse({ accountSid: SID, authToken: 'x' })
    const deps = { http, webhookUrl: () => null, requestTimeoutMs: 1000 }
    expect(twilioKind.createAccount(settings, [SMS], deps).templates).toBeNull()
    expect(twilioKind.createAccount(settings, [SMS, WHATSAPP], deps).templates).not.toBeNull()
  })

  it('marks nothing read, and says so', async () => {
    expect(await account().messaging(WHATSAPP).markRead('SM1')).toMatchObject({ kind: 'failed', code: 'read_receipts_unsupported' })
  })
})
