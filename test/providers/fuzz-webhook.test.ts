import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProviderEvent } from '../../src/core/providers/provider.js'
import { answerMetaHandshake, parseMetaWebhook, verifyMetaSignature } from '../../src/providers/meta-cloud/meta-webhook.js'
import { changedTables, expectDocumentedError, fuzzRuns, mutated, nastyString, regexBait, snapshotTables } from '../support/fuzz.js'
import { SANDBOX_CREDENTIALS, startHarness, type Harness } from '../support/harness.js'
import { APP_SECRET, envelope, messagesChange, metaJson, sign, status, statusesChange } from './meta-fixtures.js'

const EVENT_KINDS = new Set<ProviderEvent['kind']>(['status', 'inbound', 'ignored', 'template_status', 'template_category', 'template_quality'])

const contact = { wa_id: '5511987654321', profile: { name: 'Ayşe' } }
const inbound = (over: Record<string, unknown>) => ({ from: '5511987654321', id: 'wamid.IN1', timestamp: '1750030100', type: 'text', text: { body: 'Hi' }, ...over })
const template = (over: Record<string, unknown>) => ({ message_template_id: 1234567890, message_template_name: 'lesson_reminder', message_template_language: 'en-US', ...over })

/** Valid webhook bodies of every kind Parley reads: statuses, inbound messages, template decisions. */
const validBody: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(
  envelope(statusesChange(status(), status({ id: 'wamid.OUT2', status: 'read', biz_opaque_callback_data: 'msg_1' }))),
  envelope(statusesChange(status({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'x' } }] }))),
  envelope(statusesChange(status({ pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' } }))),
  envelope(messagesChange([inbound({})], [contact])),
  envelope(messagesChange([inbound({ type: 'text', text: { body: 'STOP' } })], [contact])),
  envelope(messagesChange([inbound({ type: 'button', button: { text: '5', payload: '5' }, context: { id: 'wamid.OUT1' } })], [contact])),
  envelope(messagesChange([inbound({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: '1', title: 'Yes' } } })], [contact])),
  envelope(messagesChange([inbound({ type: 'image', image: { id: 'media-1' } })])),
  envelope({ field: 'message_template_status_update', value: template({ event: 'REJECTED', reason: 'INVALID_FORMAT' }) }),
  envelope({ field: 'template_category_update', value: template({ previous_category: 'UTILITY', new_category: 'MARKETING' }) }),
  envelope({ field: 'message_template_quality_update', value: template({ previous_quality_score: 'GREEN', new_quality_score: 'RED' }) }),
  envelope({ field: 'messages', value: { messaging_product: 'whatsapp', errors: [{ code: 131000, title: 'Something went wrong' }] } }),
)

/** A webhook body: valid, a mutated valid one, any JSON, or bytes that are no JSON at all. */
const anyBody: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 2, arbitrary: validBody.map((b) => Buffer.from(metaJson(b))) },
  { weight: 8, arbitrary: validBody.chain(mutated).map((b) => Buffer.from(JSON.stringify(b) ?? '')) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: regexBait.map((s) => Buffer.from(s)) },
)

/** Header values as a client (or an attacker) may send them: missing, repeated, garbled, almost right. */
function signatureHeaders(body: Buffer, secret: string): fc.Arbitrary<Record<string, string | string[] | undefined>> {
  const right = sign(body, secret)
  const value = fc.oneof(
    fc.constantFrom(undefined, '', 'sha256=', 'sha1=abc', right.toUpperCase(), `sha256=${'0'.repeat(64)}`, `${right} `, `sha256=${right.slice(7, 70)}`, `${right}00`),
    fc.nat({ max: right.length - 1 }).map((i) => right.slice(0, i) + (right[i] === 'a' ? 'b' : 'a') + right.slice(i + 1)),
    fc.constant(sign(body, `${secret}x`)),
    nastyString,
    regexBait,
    fc.array(fc.constantFrom(right, 'x'), { minLength: 0, maxLength: 3 }),
  )
  return fc.tuple(fc.constantFrom('x-hub-signature-256', 'X-Hub-Signature-256', 'x-hub-signature'), value, fc.dictionary(nastyString, fc.option(nastyString, { nil: undefined }), { maxKeys: 3 })).map(([name, v, others]) => ({ ...others, [name]: v }))
}

/** Whether the headers hold the body's right signature once (a header sent twice is no signature), in any case and spacing. */
function carriesSignature(headers: Record<string, string | string[] | undefined>, body: Buffer, secret: string): boolean {
  const given = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-hub-signature-256')?.[1]
  const single = Array.isArray(given) ? (given.length === 1 ? given[0] : undefined) : given
  return single !== undefined && single.trim().toLowerCase() === sign(body, secret)
}

/**
 * Property-based fuzzing of the provider webhook (issue 9): the Meta parser, the signature check
 * and the handshake never throw, whatever the bytes and headers; over HTTP a body without its
 * right signature is refused in the documented shape and stores nothing, and every body Parley
 * accepts is applied without an error.
 */
describe('Meta webhook fuzzing', () => {
  it('parses any bytes into events of known kinds, or says why not, and never throws', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const result = parseMetaWebhook(body)
        if (!result.ok) {
          expect(typeof result.reason).toBe('string')
          return
        }
        for (const event of result.events) {
          expect(EVENT_KINDS.has(event.kind), JSON.stringify(event)).toBe(true)
          if ('at' in event) expect(Number.isFinite(event.at), JSON.stringify(event)).toBe(true)
        }
      }),
      fuzzRuns(300),
    )
  })

  it('verifies any header values without throwing, and only the right signature passes', () => {
    fc.assert(
      fc.property(anyBody.chain((body) => fc.tuple(fc.constant(body), signatureHeaders(body, APP_SECRET))), ([rawBody, headers]) => {
        const result = verifyMetaSignature(APP_SECRET, { rawBody, headers, url: 'https://parley.example/webhooks/meta' })
        expect(result.ok).toBe(carriesSignature(headers, rawBody, APP_SECRET))
      }),
      fuzzRuns(300),
    )
  })

  it('answers the handshake only to the right mode and token, for any query', () => {
    const query = fc.dictionary(fc.constantFrom('hub.mode', 'hub.verify_token', 'hub.challenge', 'other'), fc.option(fc.oneof(nastyString, fc.constantFrom('subscribe', 'verify-me')), { nil: undefined }))
    fc.assert(
      fc.property(query, (q) => {
        const result = answerMetaHandshake('verify-me', q)
        expect(result.ok).toBe(q['hub.mode'] === 'subscribe' && q['hub.verify_token'] === 'verify-me' && q['hub.challenge'] !== undefined)
      }),
      fuzzRuns(300),
    )
  })
})

/** What an HTTP client can put on the wire at all: token names, values without control characters. */
function sendable(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const value = (v: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v)
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string | string[]] => {
      const [name, v] = entry
      return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && v !== undefined && (Array.isArray(v) ? v.every(value) : value(v))
    }),
  )
}

describe('Meta webhook route fuzzing [sqlite]', () => {
  let h: Harness
  let app: FastifyInstance
  beforeAll(async () => {
    h = await startHarness('sqlite', { worker: false, env: { PARLEY_TEMPLATE_SYNC_MS: '0' } })
    app = h.parley.app!
  })
  afterAll(async () => h?.close())

  const receipts = () => h.db.database.receipts.selectFrom('webhook_receipts').select(['id', 'state', 'error']).execute()

  it('refuses a body without its right signature in the documented shape, storing nothing', async () => {
    const request = anyBody.chain((body) => fc.tuple(fc.constant(body), signatureHeaders(body, SANDBOX_CREDENTIALS.appSecret), fc.constantFrom('application/json', 'text/plain', 'application/octet-stream')))
    await fc.assert(
      fc.asyncProperty(request, async ([body, headers, type]) => {
        fc.pre(!carriesSignature(headers, body, SANDBOX_CREDENTIALS.appSecret))
        const before = await snapshotTables(h.db.database)
        const res = await app.inject({ method: 'POST', url: '/webhooks/meta', headers: { ...sendable(headers), 'content-type': type }, payload: body })
        // 413: a body past the webhook limit (4 MB) is refused before its signature is read.
        expect([401, 413], res.body).toContain(res.statusCode)
        expectDocumentedError(res.statusCode, res.body, 'POST /webhooks/meta')
        expect(changedTables(before, await snapshotTables(h.db.database))).toEqual([])
      }),
      fuzzRuns(100),
    )
  })

  it('stores a signed body it can read and applies it without an error; a signed body it cannot read is refused and not stored', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        await h.parley.processor.idle()
        const before = await receipts()
        const res = await app.inject({ method: 'POST', url: '/webhooks/meta', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, SANDBOX_CREDENTIALS.appSecret) }, payload: body })
        expect(res.statusCode, res.body).toBeLessThan(500)
        if (res.statusCode !== 200) {
          expect(res.statusCode).toBe(400)
          expectDocumentedError(res.statusCode, res.body, 'POST /webhooks/meta')
          expect(await receipts()).toEqual(before)
          return
        }
        await h.parley.processor.idle()
        const after = await receipts()
        expect(after).toHaveLength(before.length + 1)
        // Applied, and not left pending after a failed attempt.
        expect(after.at(-1), body.toString('utf8').slice(0, 500)).toMatchObject({ state: 'processed', error: null })
      }),
      fuzzRuns(100),
    )
  })
})
