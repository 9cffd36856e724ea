import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OutboundContent } from '../../src/core/messages/content.js'
import type { SendOutcome, WebhookRequest } from '../../src/core/providers/provider.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { httpSmsKind } from '../../src/providers/http-sms/http-sms-kind.js'
import type { SenderSpec } from '../../src/providers/provider-kind.js'
import { type LocalServer, startServer } from './local-server.js'

/* The generic SMS adapter against a local gateway over real HTTP, in the protocol of docs/platform.md §7.5. */
const SENDER: SenderSpec = { id: 'sms', number: '+15550001239', channel: 'sms' }
let server: LocalServer
let http: HttpClient
let seen: Array<{ headers: IncomingMessage['headers']; body: unknown; path: string }> = []
let answer: () => { status: number; body: string; headers?: Record<string, string> }

beforeAll(async () => {
  server = await startServer((req: IncomingMessage, res: ServerResponse, body: string) => {
    seen.push({ headers: req.headers, body: JSON.parse(body) as unknown, path: req.url ?? '' })
    const reply = answer()
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body)
  })
  http = createHttpClient()
})

afterAll(async () => {
  await http.close()
  await server.close()
})

beforeEach(() => {
  seen = []
  answer = () => ({ status: 200, body: JSON.stringify({ id: 'sms_1', segments: 1 }) })
})

function send(content: OutboundContent, settings: Record<string, unknown> = {}): Promise<SendOutcome> {
  const account = httpSmsKind.accountSchema.parse({ url: `${server.url}/gateway/send`, apiKey: 'key-1', webhookSecret: 'secret-of-the-hook', ...settings })
  const adapter = httpSmsKind.createAccount(account, [SENDER], { http, webhookUrl: () => null, requestTimeoutMs: 2000 })
  return adapter.messaging(SENDER).send({ messageId: 'msg_9', to: '+49 151 1234 5678', content })
}

describe('http-sms sends', () => {
  it('POSTs our protocol’s body to the configured URL with the Bearer key; the answer’s id is the provider id', async () => {
    expect(await send({ kind: 'text', text: 'Lesson "moved" to 16:00\nSee you' })).toEqual({ kind: 'accepted', providerMessageId: 'sms_1' })
    expect(seen[0]).toMatchObject({ path: '/gateway/send', body: { from: '+15550001239', to: '+4915112345678', text: 'Lesson "moved" to 16:00\nSee you', reference: 'msg_9' } })
    expect(seen[0]!.headers.authorization).toBe('Bearer key-1')
  })

  it('a body template of the gateway’s own, with placeholders in nested and longer strings; the id at a dotted path', async () => {
    answer = () => ({ status: 201, body: JSON.stringify({ data: { message_id: 4711 } }) })
    const bodyTemplate = { sender: '{{from}}', messages: [{ msisdn: '{{to}}', content: 'School: {{text}}', client_ref: '{{ reference }}' }], flash: false }
    expect(await send({ kind: 'text', text: 'Hi' }, { bodyTemplate, responseIdField: 'data.message_id' })).toEqual({ kind: 'accepted', providerMessageId: '4711' })
    expect(seen[0]!.body).toEqual({ sender: '+15550001239', messages: [{ msisdn: '+4915112345678', content: 'School: Hi', client_ref: 'msg_9' }], flash: false })
  })

  it('a template naming a placeholder Parley does not fill is a configuration error', () => {
    const parsed = httpSmsKind.accountSchema.safeParse({ url: 'https://sms.example/send', apiKey: 'k', webhookSecret: 'secret-of-the-hook', bodyTemplate: { to: '{{phone}}' } })
    expect(parsed.success).toBe(false)
    expect(JSON.stringify(parsed.error?.issues)).toContain('phone')
  })

  it('SMS carries text only', async () => {
    expect(await send({ kind: 'media', mediaType: 'image', link: 'https://x.example/a.png' })).toMatchObject({ kind: 'rejected', code: 'unsupported_content' })
    expect(seen).toEqual([])
  })

  it('401 is rejected with the gateway’s code; 429 and 5xx are retryable; 2xx without the id is in doubt', async () => {
    answer = () => ({ status: 401, body: JSON.stringify({ error: { code: 'invalid_key', message: 'Unknown API key' } }) })
    expect(await send({ kind: 'text', text: 'x' })).toEqual({ kind: 'rejected', code: 'invalid_key', title: 'Unknown API key' })
    answer = () => ({ status: 429, body: '', headers: { 'retry-after': '2' } })
    expect(await send({ kind: 'text', text: 'x' })).toMatchObject({ kind: 'retryable', code: 'http_429', retryAfterMs: 2000 })
    answer = () => ({ status: 503, body: 'down' })
    expect(await send({ kind: 'text', text: 'x' })).toMatchObject({ kind: 'retryable', code: 'http_503' })
    answer = () => ({ status: 200, body: '{"ok":true}' })
    expect(await send({ kind: 'text', text: 'x' })).toMatchObject({ kind: 'in_doubt', code: 'unreadable_response' })
  })
})

describe('http-sms webhooks', () => {
  const account = httpSmsKind.accountSchema.parse({ url: 'https://sms.example/send', apiKey: 'k', webhookSecret: 'secret-of-the-hook' })
  const receiverOf = () => httpSmsKind.createAccount(account, [SENDER], { http, webhookUrl: () => null, requestTimeoutMs: 1000 }).receiver
  const request = (url: string): WebhookRequest => ({ rawBody: Buffer.from('{}'), headers: {}, url })
  const parse = (body: unknown) => receiverOf().parse(Buffer.from(JSON.stringify(body)))

  it('the webhook token is the account’s secret, checked in the URL', () => {
    expect(httpSmsKind.webhookToken(account)).toBe('secret-of-the-hook')
    expect(receiverOf().verify(request('https://p.example/webhooks/http-sms/gw?token=secret-of-the-hook'))).toEqual({ ok: true })
    expect(receiverOf().verify(request('https://p.example/webhooks/http-sms/gw?token=secret-of-the-hoo'))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(receiverOf().verify(request('https://p.example/webhooks/http-sms/gw'))).toEqual({ ok: false, reason: 'missing_signature' })
    expect(receiverOf().verify(request('https://p.example/webhooks/http-sms/gw?token='))).toEqual({ ok: false, reason: 'missing_signature' })
  })

  it('receipts: our id from reference, the time, failures classified', () => {
    const at = '2026-12-03T09:30:00.000Z'
    expect(parse({ id: 'sms_1', reference: 'msg_9', status: 'delivered', timestamp: at })).toEqual({
      ok: true,
      events: [{ kind: 'status', providerMessageId: 'sms_1', messageId: 'msg_9', status: 'delivered', at: Date.parse(at) }],
    })
    const failed = (error_code?: string) => parse({ id: 'sms_2', status: 'failed', timestamp: at, ...(error_code ? { error_code } : {}) })
    expect(failed('unreachable')).toMatchObject({ events: [{ status: 'failed', error: { code: 'unreachable', retryable: false, unreachable: true } }] })
    expect(failed('throttled')).toMatchObject({ events: [{ error: { code: 'throttled', retryable: true } }] })
    expect(failed('opted_out')).toMatchObject({ events: [{ error: { code: 'opted_out', retryable: false } }] })
    expect(failed()).toMatchObject({ events: [{ error: { code: 'unknown', retryable: false } }] })
  })

  it('inbound messages, one or several per post', () => {
    const message = { id: 'in_1', from: '+4915112345678', to: '+15550001239', text: 'STOP', timestamp: '2026-12-03T09:31:00Z' }
    expect(parse([message, { ...message, id: 'in_2', text: 'START' }])).toEqual({
      ok: true,
      events: ['STOP', 'START'].map((text, i) => ({
        kind: 'inbound',
        providerMessageId: `in_${i + 1}`,
        fromId: '4915112345678',
        fromPhone: '+4915112345678',
        businessNumberId: '15550001239',
        at: Date.parse('2026-12-03T09:31:00Z'),
        content: { kind: 'text', text },
      })),
    })
  })

  it('an unreadable item is kept as ignored with the reason; a body that is not JSON is refused', () => {
    expect(parse({ id: 'x', status: 'delivered', timestamp: 'yesterday' })).toMatchObject({ ok: true, events: [{ kind: 'ignored', reason: expect.stringContaining('timestamp') }] })
    expect(parse({ id: 'x', status: 'queued', timestamp: '2026-12-03T09:31:00Z' })).toEqual({ ok: true, events: [{ kind: 'ignored', reason: 'status:queued' }] })
    expect(receiverOf().parse(Buffer.from('id=1'))).toMatchObject({ ok: false })
  })

  it('the sandbox account posts to <sandbox>/sms/messages with its fixed key; no templates', () => {
    expect(httpSmsKind.sandboxAccount('http://127.0.0.1:4010')).toMatchObject({ url: 'http://127.0.0.1:4010/sms/messages', apiKey: 'sandbox-sms-key', responseIdField: 'id' })
    expect(httpSmsKind.createAccount(account, [SENDER], { http, webhookUrl: () => null, requestTimeoutMs: 1000 }).templates).toBeNull()
  })
})
