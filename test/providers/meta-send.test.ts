import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TemplateContent } from '../../src/core/messages/content.js'
import type { SendRequest } from '../../src/core/providers/provider.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'
import { buildMessageBody } from '../../src/providers/meta-cloud/meta-send.js'
import { type LocalServer, refusedPort, startServer } from './local-server.js'

const text = (over: Partial<SendRequest> = {}): SendRequest => ({ messageId: 'msg_1', to: '+55 11 98765-4321', content: { kind: 'text', text: 'Hi' }, ...over })

describe('Meta send body', () => {
  it('text: envelope, digits of `to`, our id as callback data, preview_url', () => {
    expect(buildMessageBody(text())).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5511987654321',
      biz_opaque_callback_data: 'msg_1',
      type: 'text',
      text: { body: 'Hi', preview_url: false },
    })
    expect(buildMessageBody(text({ content: { kind: 'text', text: 'https://x.example', previewUrl: true } }))).toMatchObject({ text: { preview_url: true } })
  })

  it('prefers the wa_id Meta gave us over the number', () => {
    expect(buildMessageBody(text({ recipientId: '551187654321' })).to).toBe('551187654321')
  })

  it('template with positional parameters', () => {
    const body = buildMessageBody(text({ content: { kind: 'template', name: 'order_update', language: 'pt_BR', params: ['Ana', '#1234'] } }))
    expect(body).toMatchObject({ type: 'template' })
    expect(body.template).toEqual({
      name: 'order_update',
      language: { code: 'pt_BR' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1234' }] }],
    })
  })

  it('template with named parameters', () => {
    const body = buildMessageBody(text({ content: { kind: 'template', name: 'welcome', language: 'en', params: { first_name: 'Ana', order_number: '#1' } } }))
    expect(body.template).toEqual({
      name: 'welcome',
      language: { code: 'en' },
      components: [{ type: 'body', parameters: [
        { type: 'text', parameter_name: 'first_name', text: 'Ana' },
        { type: 'text', parameter_name: 'order_number', text: '#1' },
      ] }],
    })
  })

  const template = (over: Partial<TemplateContent>) => buildMessageBody(text({ content: { kind: 'template', name: 'order_update', language: 'pt_BR', params: [], ...over } })).template

  it('header text parameter, positional and named', () => {
    expect(template({ headerParams: ['#1234'], params: ['Ana'] })).toEqual({
      name: 'order_update',
      language: { code: 'pt_BR' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: '#1234' }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
      ],
    })
    expect(template({ headerParams: { order_number: '#1234' } })).toEqual({
      name: 'order_update',
      language: { code: 'pt_BR' },
      components: [{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_number', text: '#1234' }] }],
    })
  })

  it.each(['image', 'video', 'document'] as const)('header %s by link (a media id when not a URL)', (type) => {
    expect(template({ headerMedia: { type, link: 'https://cdn.example/box' } })).toMatchObject({
      components: [{ type: 'header', parameters: [{ type, [type]: { link: 'https://cdn.example/box' } }] }],
    })
    expect(template({ headerMedia: { type, link: '1013859600285441' } })).toMatchObject({
      components: [{ type: 'header', parameters: [{ type, [type]: { id: '1013859600285441' } }] }],
    })
  })

  it('buttons: url text, copy_code coupon_code, quick_reply payload; index as a string, in index order, after the body', () => {
    const body = template({
      params: ['Ana', '#1234'],
      buttonParams: [
        { index: 2, type: 'copy_code', value: 'SAVE10' },
        { index: 1, type: 'url', value: '1234' },
        { index: 0, type: 'quick_reply', value: 'STOP_UPDATES' },
      ],
    })
    expect(body).toEqual({
      name: 'order_update',
      language: { code: 'pt_BR' },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1234' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP_UPDATES' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: '1234' }] },
        { type: 'button', sub_type: 'copy_code', index: '2', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
      ],
    })
  })

  // "platform doc" is docs/platform.md: its §1.6 send example, rebuilt from Parley's content.
  it('the platform doc §1.6 example, every kind at once', () => {
    expect(template({
      headerMedia: { type: 'image', link: 'https://cdn.example/box.jpg' },
      params: ['Ana', '#1234'],
      buttonParams: [{ index: 0, type: 'quick_reply', value: 'STOP_UPDATES' }, { index: 1, type: 'url', value: '1234' }],
      rendered: 'not sent: for history only',
    })).toEqual({
      name: 'order_update',
      language: { code: 'pt_BR' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/box.jpg' } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1234' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP_UPDATES' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: '1234' }] },
      ],
    })
  })

  it('authentication: the code in the body and in the url button at index 0', () => {
    expect(template({ params: ['483920'], buttonParams: [{ index: 0, type: 'url', value: '483920' }] })).toMatchObject({
      components: [
        { type: 'body', parameters: [{ type: 'text', text: '483920' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '483920' }] },
      ],
    })
  })

  it('empty header and button lists add nothing', () => {
    expect(template({ headerParams: [], buttonParams: [] })).toEqual({ name: 'order_update', language: { code: 'pt_BR' } })
  })

  it('template without parameters has no components', () => {
    expect(buildMessageBody(text({ content: { kind: 'template', name: 'hello_world', language: 'en_US', params: [] } })).template).toEqual({
      name: 'hello_world',
      language: { code: 'en_US' },
    })
  })
})

/** What the fake Meta answers to the next request; the test sets it before each send. */
type Answer = (req: IncomingMessage, res: ServerResponse) => void
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
}
const graphError = (status: number, code: number, message: string): Answer => json(status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'Ab' } })

describe('Meta send over HTTP', () => {
  let server: LocalServer
  let http: HttpClient
  let answer: Answer
  const seen: Array<{ method?: string; url?: string; auth?: string; type?: string; body: unknown }> = []
  // A timeout short enough to wait out only where the test wants one; an answer on a loaded machine can take longer.
  const provider = (requestTimeoutMs = 10_000) =>
    createMetaCloudProvider(
      { baseUrl: `${server.url}/`, apiVersion: 'v23.0', phoneNumberId: '100000000000002', accessToken: 'tok', appSecret: 's', verifyToken: 'v', requestTimeoutMs },
      http,
    )

  beforeAll(async () => {
    server = await startServer((req, res, body) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body: JSON.parse(body) })
      answer(req, res)
    })
    http = createHttpClient()
  })
  afterAll(async () => {
    await http.close()
    await server.close()
  })

  it('posts to /{version}/{phone-number-id}/messages and reads the accepted message', async () => {
    answer = json(200, { messaging_product: 'whatsapp', contacts: [{ input: '5511987654321', wa_id: '551187654321' }], messages: [{ id: 'wamid.ABC=' }] })
    expect(await provider().send(text())).toEqual({ kind: 'accepted', providerMessageId: 'wamid.ABC=', recipientId: '551187654321' })
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/v23.0/100000000000002/messages', auth: 'Bearer tok', type: 'application/json', body: buildMessageBody(text()) })
  })

  it.each<[string, Answer, object]>([
    ['pair rate limit', graphError(400, 131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit'), { kind: 'throttled', scope: 'recipient', code: '131056', retryAfterMs: 6000, title: '(Business Account, Consumer Account) pair rate limit hit' }],
    ['throughput', graphError(400, 130429, '(#130429) Rate limit hit'), { kind: 'throttled', scope: 'sender', code: '130429', retryAfterMs: 1000 }],
    ['re-engagement', graphError(400, 131047, '(#131047) Re-engagement message'), { kind: 'rejected', code: '131047', title: 'Re-engagement message' }],
    ['expired token', graphError(401, 190, 'Error validating access token'), { kind: 'rejected', code: '190' }],
    ['template missing', graphError(404, 132001, '(#132001) Template name does not exist in the translation'), { kind: 'rejected', code: '132001' }],
    ['Graph transient on a 500', graphError(500, 2, 'Service temporarily unavailable'), { kind: 'retryable', code: '2' }],
    ['HTML 502 from a proxy', (_q, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'), { kind: 'retryable', code: 'http_502' }],
    ['bare 429', (_q, res) => res.writeHead(429, { 'retry-after': '3' }).end(), { kind: 'retryable', code: 'http_429', retryAfterMs: 3000 }],
    ['200 without a message id', json(200, { messaging_product: 'whatsapp' }), { kind: 'in_doubt', code: 'unreadable_response' }],
    ['no answer in time', () => undefined, { kind: 'in_doubt', code: 'no_answer' }],
    ['socket destroyed', (req) => req.socket.destroy(), { kind: 'in_doubt', code: 'no_answer' }],
  ])('%s', async (name, next, expected) => {
    answer = next
    expect(await provider(name === 'no answer in time' ? 300 : undefined).send(text())).toMatchObject(expected)
  })

  it('a refused connection is retryable: the message never left', async () => {
    const refused = createMetaCloudProvider(
      { baseUrl: `http://127.0.0.1:${await refusedPort()}`, apiVersion: 'v23.0', phoneNumberId: '1', accessToken: 't', appSecret: 's', verifyToken: 'v' },
      http,
    )
    expect(await refused.send(text())).toMatchObject({ kind: 'retryable', code: 'network_error', detail: expect.stringMatching(/ECONNREFUSED/) })
  })
})
