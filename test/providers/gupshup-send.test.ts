import { beforeEach, describe, expect, it } from 'vitest'
import type { TemplateContent } from '../../src/core/messages/content.js'
import type { SendRequest } from '../../src/core/providers/provider.js'
import { gupshupKind } from '../../src/providers/gupshup/gupshup-kind.js'
import { readSendAnswer, sessionMessage } from '../../src/providers/gupshup/gupshup-send.js'
import { accountOn, type Answer, buildAccount, type FakeGupshup, LISTED_TEMPLATES, reply, SENDER, useFakeGupshup } from './gupshup-fixtures.js'
import { refusedPort } from './local-server.js'

const SUBMITTED = reply(202, { status: 'submitted', messageId: '3b9e7c52-8d14-4f6a-a1e0-5c2f9d8b7e44' }, 'text/html')
const request = (over: Partial<SendRequest> = {}): SendRequest => ({ messageId: 'msg_1', to: '+91 99000 54321', content: { kind: 'text', text: 'Hello' }, ...over })

describe('Gupshup session messages (docs/platform.md §7.1)', () => {
  it('text, with link previews off unless asked', () => {
    expect(sessionMessage({ kind: 'text', text: 'Hello' })).toEqual({ type: 'text', text: 'Hello', previewUrl: false })
    expect(sessionMessage({ kind: 'text', text: 'https://x.example', previewUrl: true })).toMatchObject({ previewUrl: true })
  })

  it('media by URL: an image with its preview, a document as `file` with its name, video with a caption, audio bare', () => {
    expect(sessionMessage({ kind: 'media', mediaType: 'image', link: 'https://cdn.example/a.jpg', caption: 'Box' })).toEqual({
      type: 'image',
      originalUrl: 'https://cdn.example/a.jpg',
      previewUrl: 'https://cdn.example/a.jpg',
      caption: 'Box',
    })
    expect(sessionMessage({ kind: 'media', mediaType: 'document', link: 'https://cdn.example/w.pdf', filename: 'w.pdf', caption: 'Homework' })).toEqual({
      type: 'file',
      url: 'https://cdn.example/w.pdf',
      filename: 'w.pdf',
      caption: 'Homework',
    })
    expect(sessionMessage({ kind: 'media', mediaType: 'video', link: 'https://cdn.example/v.mp4', caption: 'Lesson' })).toEqual({ type: 'video', url: 'https://cdn.example/v.mp4', caption: 'Lesson' })
    expect(sessionMessage({ kind: 'media', mediaType: 'audio', link: 'https://cdn.example/a.ogg' })).toEqual({ type: 'audio', url: 'https://cdn.example/a.ogg' })
  })
})

describe('Gupshup send answers', () => {
  it.each<[string, number, unknown, object]>([
    ['submitted (labelled text/html)', 202, { status: 'submitted', messageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35' }, { kind: 'accepted', providerMessageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35' }],
    ['2xx without a messageId', 200, { status: 'submitted' }, { kind: 'in_doubt', code: 'unreadable_response' }],
    ['2xx that is an error', 200, { status: 'error', message: 'Invalid Destination' }, { kind: 'rejected', code: 'http_200', title: 'Invalid Destination' }],
    ['authentication failed', 401, { status: 'error', message: 'Authentication Failed' }, { kind: 'rejected', code: 'http_401', title: 'Authentication Failed' }],
    ['forbidden', 403, 'Forbidden', { kind: 'rejected', code: 'http_403' }],
    ['rate limited (4001)', 400, { status: 'error', code: 4001, message: 'API rate limited' }, { kind: 'throttled', scope: 'sender', code: '4001', retryAfterMs: 1000 }],
    ['bare 429', 429, '', { kind: 'throttled', scope: 'sender', code: 'http_429', retryAfterMs: 1000 }],
    ['server trouble', 503, '<html>down</html>', { kind: 'retryable', code: 'http_503' }],
    ['invalid response from WhatsApp (4002)', 500, { status: 'error', message: { code: 4002, message: 'Invalid response from WhatsApp' } }, { kind: 'retryable', code: '4002', title: 'Invalid response from WhatsApp' }],
    ['not on WhatsApp (1002)', 400, { status: 'error', code: '1002', message: 'Number does not exist on WhatsApp' }, { kind: 'rejected', code: '1002' }],
    ["Meta's code passed through", 400, { error: { code: 131047, message: '(#131047) Re-engagement message' } }, { kind: 'rejected', code: '131047' }],
    ["Meta's throughput passed through", 400, { error: { code: 130429, message: 'Rate limit hit' } }, { kind: 'throttled', scope: 'sender', code: '130429' }],
    ['an unknown code on a 5xx', 502, { status: 'error', code: 9999, message: 'odd' }, { kind: 'retryable', code: '9999' }],
  ])('%s', (_name, status, body, expected) => {
    expect(readSendAnswer(status, {}, typeof body === 'string' ? body : JSON.stringify(body))).toMatchObject(expected)
  })

  it('Retry-After on a 429 is kept', () => {
    expect(readSendAnswer(429, { 'retry-after': '4' }, '')).toMatchObject({ kind: 'throttled', retryAfterMs: 4000 })
  })
})

describe('Gupshup sends over HTTP', () => {
  const context = useFakeGupshup()
  const provider = (timeoutMs = 10_000) => buildAccount(accountOn(context.fake.url), context.http, timeoutMs).messaging(SENDER)
  const listAnswer: Answer = reply(200, { status: 'success', templates: LISTED_TEMPLATES })
  let fake: FakeGupshup

  beforeEach(() => {
    fake = context.fake
    fake.answers.set('/wa/api/v1/msg', SUBMITTED)
    fake.answers.set('/wa/api/v1/template/msg', SUBMITTED)
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', listAnswer)
  })
  it('posts a session message form-encoded with the apikey header: source and destination digits, src.name the app name', async () => {
    expect(await provider().send(request())).toEqual({ kind: 'accepted', providerMessageId: '3b9e7c52-8d14-4f6a-a1e0-5c2f9d8b7e44' })
    expect(fake.seen).toEqual([
      {
        method: 'POST',
        path: '/wa/api/v1/msg',
        apikey: 'key-1',
        authorization: undefined,
        type: 'application/x-www-form-urlencoded',
        form: { channel: 'whatsapp', source: '918800012345', destination: '919900054321', 'src.name': 'SchoolApp', message: '{"type":"text","text":"Hello","previewUrl":false}' },
      },
    ])
  })

  it('a template goes to /template/msg by the UUID its name and language have in the list; params in order', async () => {
    const outcome = await provider().send(request({ content: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] } }))
    expect(outcome).toMatchObject({ kind: 'accepted' })
    expect(fake.seen.map((r) => r.path)).toEqual(['/sm/api/v1/template/list/SchoolApp', '/wa/api/v1/template/msg'])
    const sent = fake.seen[1]!.form
    expect(sent).toMatchObject({ channel: 'whatsapp', source: '918800012345', destination: '919900054321', 'src.name': 'SchoolApp' })
    expect(JSON.parse(sent.template!)).toEqual({ id: '9a4f2e61-7c3b-4d58-b0a2-e1d6c8f93b27', params: ['Ana', '#1234'] })
    expect(sent.message).toBeUndefined()
  })

  it('named values follow the template text: header, body, then the URL button value; the list is read once', async () => {
    const adapter = provider()
    const content: TemplateContent = {
      kind: 'template',
      name: 'balance_low',
      language: 'en',
      params: { child_name: 'Max', parent_name: 'Anna', lessons_left: '1' },
      headerParams: { child_name: 'Max' },
      buttonParams: [{ index: 0, type: 'url', value: 'INV-2093' }],
    }
    await adapter.send(request({ content }))
    await adapter.send(request({ content }))
    expect(fake.seen.map((r) => r.path)).toEqual(['/sm/api/v1/template/list/SchoolApp', '/wa/api/v1/template/msg', '/wa/api/v1/template/msg'])
    expect(JSON.parse(fake.seen[1]!.form.template!)).toEqual({ id: '0b6c4d1e-5a2f-4e8b-9c7d-3f1a2b4c5d6e', params: ['Max', 'Anna', '1', 'Max', 'INV-2093'] })
  })

  it('a media header travels as `message`; quick-reply payloads as postbackTexts', async () => {
    await provider().send(
      request({
        content: {
          kind: 'template',
          name: 'trial_finished',
          language: 'en',
          params: ['Max'],
          headerMedia: { type: 'image', link: 'https://cdn.example/trial.jpg' },
          buttonParams: [{ index: 1, type: 'quick_reply', value: 'trial-no' }, { index: 0, type: 'quick_reply', value: 'trial-yes' }],
        },
      }),
    )
    const sent = fake.seen.at(-1)!.form
    expect(JSON.parse(sent.message!)).toEqual({ type: 'image', image: { link: 'https://cdn.example/trial.jpg' } })
    expect(JSON.parse(sent.postbackTexts!)).toEqual([{ index: 0, text: 'trial-yes' }, { index: 1, text: 'trial-no' }])
    expect(JSON.parse(sent.template!).params).toEqual(['Max'])
  })

  it('a template the app does not have: listed again once, then rejected with a stable code and nothing sent', async () => {
    const outcome = await provider().send(request({ content: { kind: 'template', name: 'no_such', language: 'en', params: [] } }))
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'template_not_found', title: expect.stringContaining('no_such (en)') })
    expect(fake.seen.map((r) => r.path)).toEqual(['/sm/api/v1/template/list/SchoolApp'])
  })

  it('a template approved after the list was read is found by listing again; concurrent misses share one list', async () => {
    const adapter = provider()
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', reply(200, { status: 'success', templates: LISTED_TEMPLATES.slice(1) }))
    await adapter.send(request({ content: { kind: 'template', name: 'balance_low', language: 'en', params: [] } }))
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', listAnswer)
    const order: TemplateContent = { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1'] }
    const outcomes = await Promise.all([adapter.send(request({ content: order })), adapter.send(request({ content: order }))])
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted'])
    expect(fake.seen.filter((r) => r.path.startsWith('/sm/')).length).toBe(2)
  })

  it('a template list Gupshup cannot serve now leaves the send retryable', async () => {
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', reply(503, 'busy', 'text/plain'))
    expect(await provider().send(request({ content: { kind: 'template', name: 'order_update', language: 'en_US', params: [] } }))).toMatchObject({ kind: 'retryable', code: 'http_503' })
  })

  it('no answer in time is in doubt; a refused connection is retryable', async () => {
    fake.answers.set('/wa/api/v1/msg', () => undefined)
    expect(await provider(300).send(request())).toMatchObject({ kind: 'in_doubt', code: 'no_answer', title: expect.stringContaining('Gupshup') })
    const refused = buildAccount(accountOn(`http://127.0.0.1:${await refusedPort()}`), context.http).messaging(SENDER)
    expect(await refused.send(request())).toMatchObject({ kind: 'retryable', code: 'network_error' })
  })
})

describe('Gupshup account settings', () => {
  it('defaults to Gupshup public origins; the sandbox account points both at its /gupshup flavour', () => {
    expect(gupshupKind.accountSchema.parse({ apiKey: 'k', appName: 'A', appId: 'id', webhookSecret: 's' })).toMatchObject({
      baseUrl: 'https://api.gupshup.io',
      partnerBaseUrl: 'https://partner.gupshup.io',
    })
    const sandbox = gupshupKind.sandboxAccount('http://127.0.0.1:4010')
    expect(sandbox).toMatchObject({ baseUrl: 'http://127.0.0.1:4010/gupshup', partnerBaseUrl: 'http://127.0.0.1:4010/gupshup', apiKey: 'sandbox-gupshup-key', appName: 'ParleySandbox', appId: '00000000-0000-4000-8000-000000000001' })
    expect(gupshupKind.webhookToken(sandbox)).toBe(sandbox.webhookSecret)
  })

  it('refuses unknown settings and a missing key', () => {
    expect(gupshupKind.accountSchema.safeParse({ apiKey: 'k', appName: 'A', appId: 'id', webhookSecret: 's', accessToken: 'x' }).success).toBe(false)
    expect(gupshupKind.accountSchema.safeParse({ appName: 'A', appId: 'id', webhookSecret: 's' }).success).toBe(false)
  })
})
