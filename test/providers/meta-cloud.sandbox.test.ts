import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ProviderEvent, SendRequest, StatusEvent, WebhookVerification } from '../../src/core/providers/provider.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'
import { type Sandbox, sandboxOptions, startSandbox } from '../../src/sandbox/index.js'

/**
 * The Meta adapter against Parley's sandbox over real HTTP, both ways: sends go to the sandbox's
 * Cloud API, and every webhook it POSTs is verified and parsed from the exact bytes received.
 */
interface Delivery { raw: Buffer; verification: WebhookVerification; events: ProviderEvent[] }

let sb: Sandbox
let http: HttpClient
let receiver: Server
const deliveries: Delivery[] = []
const PHONE_NUMBER_ID = '100000000000002'
const meta = (accessToken = 'sandbox-access-token', requestTimeoutMs = 5000) =>
  createMetaCloudProvider(
    { baseUrl: sb.url, apiVersion: 'v23.0', phoneNumberId: PHONE_NUMBER_ID, accessToken, appSecret: 'sandbox-app-secret', verifyToken: 'parley-verify', requestTimeoutMs },
    http,
  )

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver')
    if (req.method === 'GET') {
      const answer = meta().handshake!(Object.fromEntries(url.searchParams))
      res.writeHead(answer.ok ? 200 : 403, { 'content-type': 'text/plain' }).end(answer.ok ? answer.body : '')
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const parsed = meta().parse(raw)
      deliveries.push({ raw, verification: meta().verify({ rawBody: raw, headers: req.headers, url: `http://127.0.0.1${req.url ?? '/'}` }), events: parsed.ok ? parsed.events : [{ kind: 'ignored', reason: `UNPARSEABLE ${parsed.reason}` }] })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/meta`
  sb = await startSandbox(sandboxOptions({ webhookUrl, verifyToken: 'parley-verify', statusDelaysMs: { sent: 5, delivered: 10, read: 15 } }))
  http = createHttpClient()
})

afterAll(async () => {
  await sb?.close()
  await http?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

beforeEach(() => sb.setFaults({ serverErrorRate: 0, dropAfterRate: 0, extraLatencyMs: 0 }))

const events = (): ProviderEvent[] => deliveries.flatMap((d) => d.events)
const statusesOf = (providerMessageId: string): StatusEvent[] =>
  events().filter((e): e is StatusEvent => e.kind === 'status' && e.providerMessageId === providerMessageId)
const text = (to: string, body: string, messageId: string): SendRequest => ({ messageId, to, content: { kind: 'text', text: body } })

async function accepted(request: SendRequest, provider = meta()): Promise<string> {
  const outcome = await provider.send(request)
  if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`)
  return outcome.providerMessageId
}

describe('Meta adapter against the sandbox', () => {
  it('answers the subscription handshake', async () => {
    expect(await sb.verifySubscription()).toBe(true)
  })

  it('receives an inbound message with an emoji, an accent and a URL, from Meta-escaped signed bytes', async () => {
    const body = 'Olá 😀 see https://parley.example/a/b?c=1'
    const wamid = await sb.userSends('+4915112345678', { text: body, profileName: 'Ana' })
    await sb.idle()
    const delivery = deliveries.find((d) => d.events.some((e) => e.kind === 'inbound' && e.providerMessageId === wamid))
    expect(delivery?.events).toContainEqual(expect.objectContaining({
      kind: 'inbound', fromId: '4915112345678', fromPhone: '+4915112345678', profileName: 'Ana', content: { kind: 'text', text: body },
    }))
    // docs/platform.md §2.2: Meta escapes non-ASCII as \uXXXX and writes `/` as `\/`; the signature covers those bytes.
    expect(delivery?.raw.every((byte) => byte < 0x80)).toBe(true)
    expect(delivery?.raw.toString()).toContain('https:\\/\\/parley.example\\/a\\/b')
  })

  it('sends text inside the window: accepted, then sent, delivered and read, echoing our id', async () => {
    await sb.userSends('+4915112345678', { text: 'hi' })
    const outcome = await meta().send(text('+4915112345678', 'Hello back', 'msg_text_1'))
    expect(outcome).toMatchObject({ kind: 'accepted', recipientId: '4915112345678' })
    await sb.idle()
    const statuses = statusesOf((outcome as { providerMessageId: string }).providerMessageId)
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
    expect(statuses.every((s) => s.messageId === 'msg_text_1' && s.recipientId === '4915112345678' && s.at > 1.7e12)).toBe(true)
    expect(statuses.some((s) => s.pricing?.type !== undefined)).toBe(true)
  })

  it('sends a template outside any window, positional and named', async () => {
    const positional = await accepted({ messageId: 'msg_tpl_1', to: '+4915122223333', content: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] } })
    const named = await accepted({ messageId: 'msg_tpl_2', to: '+4915122224444', content: { kind: 'template', name: 'welcome_named', language: 'en_US', params: { first_name: 'Ana' } } })
    await sb.idle()
    for (const [wamid, messageId] of [[positional, 'msg_tpl_1'], [named, 'msg_tpl_2']] as const) {
      const statuses = statusesOf(wamid)
      expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
      expect(statuses.every((s) => s.messageId === messageId)).toBe(true)
      expect(statuses.find((s) => s.pricing)?.pricing).toMatchObject({ model: 'PMP', category: 'utility' })
    }
  })

  it('reads button and list replies to our messages, with the message they answer', async () => {
    const wamid = await accepted({ messageId: 'msg_ask', to: '+4915155556666', content: { kind: 'template', name: 'delivery_reschedule', language: 'en', params: [] } })
    const tap = await sb.userSends('+4915155556666', { button: { text: 'Stop updates', payload: 'STOP' }, contextMessageId: wamid })
    const row = await sb.userSends('+4915155556666', { interactive: { type: 'list_reply', id: 't-09', title: '09:00', description: 'Morning' }, contextMessageId: wamid })
    await sb.idle()
    const inbound = (id: string) => events().find((e) => e.kind === 'inbound' && e.providerMessageId === id)
    expect(inbound(tap)).toMatchObject({ replyTo: wamid, content: { kind: 'button', text: 'Stop updates', payload: 'STOP' } })
    expect(inbound(row)).toMatchObject({ replyTo: wamid, content: { kind: 'interactive', replyType: 'list_reply', id: 't-09', title: '09:00', description: 'Morning' } })
  })

  it('learns the wa_id when it differs from the number, and addresses the user by it (§1.10)', async () => {
    sb.setUser('+5511987654321', { waId: '551187654321' })
    const inboundId = await sb.userSends('+5511987654321', { text: 'oi' })
    expect(await meta().send(text('+5511987654321', 'Olá', 'msg_br_1'))).toMatchObject({ kind: 'accepted', recipientId: '551187654321' })
    const byWaId = await accepted({ ...text('+5511987654321', 'De novo', 'msg_br_2'), recipientId: '551187654321' })
    await sb.idle()
    expect(events().find((e) => e.kind === 'inbound' && e.providerMessageId === inboundId)).toMatchObject({ fromId: '551187654321' })
    expect(statusesOf(byWaId).map((s) => s.status)).toContain('delivered')
  })

  it('sends image, document, video and audio by link inside the window; a caption the platform refuses is rejected', async () => {
    const to = '+4915177770001'
    await sb.userSends(to, { text: 'send me the files' })
    const link = (name: string) => `https://cdn.example.com/${name}`
    const sent = [
      await accepted({ messageId: 'msg_img', to, content: { kind: 'media', mediaType: 'image', link: link('a.jpg'), caption: 'Class photo' } }),
      await accepted({ messageId: 'msg_doc', to, content: { kind: 'media', mediaType: 'document', link: link('r.pdf'), caption: 'Report', filename: 'r.pdf' } }),
      await accepted({ messageId: 'msg_vid', to, content: { kind: 'media', mediaType: 'video', link: link('v.mp4') } }),
      await accepted({ messageId: 'msg_aud', to, content: { kind: 'media', mediaType: 'audio', link: link('a.ogg') } }),
    ]
    await sb.idle()
    for (const wamid of sent) expect(statusesOf(wamid).map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
    expect(sb.accepted().filter((m) => m.to === to.slice(1)).map((m) => [m.type, m.content])).toEqual([
      ['image', { link: link('a.jpg'), caption: 'Class photo' }],
      ['document', { link: link('r.pdf'), caption: 'Report', filename: 'r.pdf' }],
      ['video', { link: link('v.mp4') }],
      ['audio', { link: link('a.ogg') }],
    ])
    // The edge refuses a caption over 1,024 characters before it is stored; past it, the platform's 100 is final.
    expect(await meta().send({ messageId: 'msg_long', to, content: { kind: 'media', mediaType: 'image', link: link('a.jpg'), caption: 'x'.repeat(1025) } })).toMatchObject({ kind: 'rejected', code: '100' })
  })

  it("reads a user's photo, document and location as media and location, with caption and file name", async () => {
    const from = '+4915177770002'
    const photo = await sb.userSends(from, { media: { type: 'image', caption: 'Homework' } })
    const file = await sb.userSends(from, { media: { type: 'document', filename: 'note.pdf' } })
    const place = await sb.userSends(from, { location: { latitude: 52.5, longitude: 13.4, name: 'School' } })
    await sb.idle()
    const inbound = (id: string) => events().find((e) => e.kind === 'inbound' && e.providerMessageId === id)
    expect(inbound(photo)).toMatchObject({ content: { kind: 'media', mediaType: 'image', caption: 'Homework', mimeType: 'image/jpeg' } })
    expect(inbound(file)).toMatchObject({ content: { kind: 'media', mediaType: 'document', filename: 'note.pdf' } })
    expect(inbound(place)).toMatchObject({ content: { kind: 'location', latitude: 52.5, longitude: 13.4, name: 'School' } })
  })

  it('free-form text outside the window fails by webhook with 131047, not retryable', async () => {
    const wamid = await accepted(text('+4915133334444', 'Are you there?', 'msg_late'))
    await sb.idle()
    expect(statusesOf(wamid)).toContainEqual(expect.objectContaining({ status: 'failed', messageId: 'msg_late', error: expect.objectContaining({ code: '131047', retryable: false }) }))
  })

  it('a number not on WhatsApp fails by webhook with 131026, not retryable', async () => {
    const wamid = await accepted({ messageId: 'msg_nowa', to: '+4915144440000', content: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Bo', '#9'] } })
    await sb.idle()
    expect(statusesOf(wamid)).toContainEqual(expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: '131026', retryable: false }) }))
  })

  it('sends a read receipt for a user\'s message, which the platform takes; a wrong token is refused with 190', async () => {
    const wamid = await sb.userSends('+4915112345600', { text: 'are you there?' })
    expect(await meta().markRead(wamid)).toEqual({ kind: 'sent' })
    expect(sb.readReceipts()).toContainEqual(expect.objectContaining({ phoneNumberId: PHONE_NUMBER_ID, messageId: wamid, typing: false }))
    expect(await meta('wrong-token').markRead(wamid)).toMatchObject({ kind: 'failed', code: '190' })
  })

  it('a wrong access token is rejected with 190', async () => {
    expect(await meta('wrong-token').send(text('+4915112345678', 'x', 'msg_auth'))).toMatchObject({ kind: 'rejected', code: '190' })
  })

  it('server errors are retryable; a connection cut after acceptance is in doubt; so is a timeout', async () => {
    sb.setFaults({ serverErrorRate: 1 })
    expect(await meta().send(text('+4915112345678', 'x', 'msg_5xx'))).toMatchObject({ kind: 'retryable' })
    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 1 })
    expect(await meta().send(text('+4915112345678', 'x', 'msg_drop'))).toMatchObject({ kind: 'in_doubt', code: 'no_answer' })
    sb.setFaults({ dropAfterRate: 0, extraLatencyMs: 1500 })
    expect(await meta('sandbox-access-token', 200).send(text('+4915112345678', 'x', 'msg_slow'))).toMatchObject({ kind: 'in_doubt', code: 'no_answer' })
  })

  it('every webhook POST verified and parsed', async () => {
    await sb.idle()
    expect(deliveries.length).toBeGreaterThan(5)
    expect(deliveries.filter((d) => !d.verification.ok)).toEqual([])
    expect(events().filter((e) => e.kind === 'ignored')).toEqual([])
  })
})
