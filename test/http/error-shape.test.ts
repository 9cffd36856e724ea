import { createHmac } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, SANDBOX_CREDENTIALS, startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const AUTH = { authorization: `Bearer ${TEST_API_KEY}` }
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' }

/** `{"a": {"a": … {"a": 1}}}`, `levels` objects deep (built as text: building it as a value would recurse too). */
const nested = (levels: number): string => `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`

/** Asserts the one error shape: the status, the code, a message and a `details` object. */
function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status)
  const body = res.json()
  expect(body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } })
  expect(Array.isArray(body.error.details)).toBe(false)
  return body.error as { code: string; message: string; details: Record<string, any> }
}

/** Router and framework errors, deep JSON and implausible provider timestamps: every one answers in the one error shape, none is a 500. */
describeEachDatabase('error shape and limits', (dialect) => {
  let h: Harness
  let app: FastifyInstance
  beforeAll(async () => {
    h = await startHarness(dialect)
    app = h.parley.app!
  })
  afterAll(async () => h?.close())

  async function count(table: 'messages' | 'events' | 'idempotency_keys'): Promise<number> {
    const row = await h.db.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  const post = (url: string, payload: string, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...JSON_HEADERS, ...headers }, payload })

  describe('router and framework errors', () => {
    it('answers a path that is not valid URL encoding with 400 validation_failed', async () => {
      expectError(await app.inject({ method: 'GET', url: '/v1/messages/%ff', headers: AUTH }), 400, 'validation_failed')
      expectError(await app.inject({ method: 'GET', url: '/v1/events/%E0%A4%A', headers: AUTH }), 400, 'validation_failed')
    })

    it('answers a NUL character in a path parameter or query with 400 validation_failed (PostgreSQL cannot hold one; a fuzz counterexample)', async () => {
      expect(expectError(await app.inject({ method: 'DELETE', url: '/v1/webhooks/%00', headers: AUTH }), 400, 'validation_failed').details.issues).toEqual([{ path: 'params.id', message: 'contains a NUL character' }])
      expectError(await app.inject({ method: 'GET', url: '/v1/messages/msg_%00', headers: AUTH }), 400, 'validation_failed')
      expectError(await app.inject({ method: 'GET', url: '/v1/conversations?q=a%00b', headers: AUTH }), 400, 'validation_failed')
    })

    it('answers a NUL character in a JSON body with 400 validation_failed naming the field, and stores nothing', async () => {
      const before = await count('messages')
      const phone = encodeURIComponent('+4915112345679')
      expect(expectError(await app.inject({ method: 'PUT', url: `/v1/contacts/${phone}`, headers: JSON_HEADERS, payload: '{"name": "a\\u0000b"}' }), 400, 'validation_failed').details.issues).toEqual([{ path: 'body.name', message: 'contains a NUL character' }])
      expectError(await post('/v1/messages', '{"to": "+4915112345679", "text": "hi\\u0000there"}'), 400, 'validation_failed')
      expect(await count('messages')).toBe(before)
    })

    it('answers an unknown route and a wrong method with 404 not_found', async () => {
      expect(expectError(await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: AUTH }), 404, 'not_found').details).toEqual({})
      expectError(await app.inject({ method: 'DELETE', url: '/v1/messages', headers: AUTH }), 404, 'not_found')
      expectError(await app.inject({ method: 'PATCH', url: '/v1/messages/batch', headers: JSON_HEADERS, payload: '{}' }), 404, 'not_found')
    })

    it('answers a malformed JSON body with 400 validation_failed and stores nothing', async () => {
      const before = await count('messages')
      for (const payload of ['{"to": "+4915112345678", "text":', '{"to": "+4915112345678", "text": "hi"}}', '']) {
        const error = expectError(await post('/v1/messages', payload), 400, 'validation_failed')
        expect(error.message).toMatch(/JSON|body/i)
      }
      expectError(await post('/v1/messages/batch', '{"messages": [', { 'idempotency-key': 'malformed-1' }), 400, 'validation_failed')
      expect(await count('messages')).toBe(before)
      expect(await count('idempotency_keys')).toBe(0)
    })

    it('answers a body over the limit with 413 payload_too_large and stores nothing', async () => {
      const before = await count('messages')
      const payload = JSON.stringify({ to: '+4915112345678', text: 'hi', metadata: { pad: 'x'.repeat(1024 * 1024) } })
      expectError(await post('/v1/messages', payload), 413, 'payload_too_large')
      expect(await count('messages')).toBe(before)
    })

    it('answers an unsupported media type with 415, details included', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...AUTH, 'content-type': 'application/xml' }, payload: '<event/>' })
      expectError(res, 415, 'unsupported_media_type')
    })

    it('answers /healthz with 503 in the error shape while the database cannot answer', async () => {
      // A real failure of the database's answer: the table the check reads is moved away, then back.
      await sql`alter table messages rename to messages_away`.execute(h.db.database.db)
      try {
        const res = await app.inject({ method: 'GET', url: '/healthz' })
        expect(res.statusCode).toBe(503)
        expect(res.json()).toEqual({ status: 'unavailable', error: { code: 'unavailable', message: expect.any(String), details: {} } })
      } finally {
        await sql`alter table messages_away rename to messages`.execute(h.db.database.db)
      }
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    })

    it('refuses an event type over 128 characters with 400 naming body.type, and stores nothing', async () => {
      const before = await count('events')
      const type = `lesson.${'a'.repeat(130)}`
      const error = expectError(await post('/v1/events', JSON.stringify({ id: 'long-type-1', type, occurred_at: '2026-01-05T10:00:00Z', data: {} })), 400, 'validation_failed')
      expect(error.details.issues).toEqual([expect.objectContaining({ path: 'body.type' })])
      expect(await count('events')).toBe(before)
    })

    it('reads back an event whose id is as long as POST /v1/events accepts, in ASCII or not', async () => {
      for (const id of ['e'.repeat(150), 'f'.repeat(200), 'ü'.repeat(200)]) {
        const created = await post('/v1/events', JSON.stringify({ id, type: 'account.created', occurred_at: '2026-01-05T10:00:00Z' }))
        expect(created.statusCode, created.body).toBe(202)
        const read = await app.inject({ method: 'GET', url: `/v1/events/${encodeURIComponent(id)}`, headers: AUTH })
        expect(read.statusCode, read.body).toBe(200)
        expect(read.json().id).toBe(id)
      }
    })

    it('answers an id over its limit with 400 and a path segment past any limit with 404, both in the error shape', async () => {
      expect(expectError(await app.inject({ method: 'GET', url: `/v1/events/${'e'.repeat(201)}`, headers: AUTH }), 400, 'validation_failed').details.issues).toEqual([
        { path: 'params.id', message: expect.any(String) },
      ])
      expectError(await app.inject({ method: 'GET', url: `/v1/events/${'e'.repeat(5000)}`, headers: AUTH }), 404, 'not_found')
    })
  })

  describe('deeply nested JSON', () => {
    it('refuses metadata nested thousands of levels deep with 400 naming body.metadata, and stores nothing', async () => {
      const before = await count('messages')
      for (const levels of [33, 5000, 100_000]) {
        const payload = `{"to": "+4915112345678", "text": "hi", "metadata": ${nested(levels)}}`
        const error = expectError(await post('/v1/messages', payload, { 'idempotency-key': `deep-${levels}` }), 400, 'validation_failed')
        expect(error.details.issues).toEqual([{ path: 'body.metadata', message: 'nested deeper than 32 levels' }])
      }
      expect(await count('messages')).toBe(before)
      expect(await count('idempotency_keys')).toBe(0)
    })

    it('accepts metadata 32 levels deep and returns it', async () => {
      const res = await post('/v1/messages', `{"to": "+4915112345678", "text": "hi", "metadata": ${nested(32)}}`)
      expect(res.statusCode, res.body).toBe(202)
      const read = await app.inject({ method: 'GET', url: `/v1/messages/${res.json().id}`, headers: AUTH })
      expect(read.statusCode).toBe(200)
      expect(read.json().metadata).toEqual(JSON.parse(nested(32)))
    })

    it('in a message batch, a too-deep item fails alone: its result is the error, the others are stored', async () => {
      const before = await count('messages')
      const item = (text: string) => JSON.stringify({ to: '+4915112345678', text })
      const payload = `{"messages": [${item('one')}, {"to": "+4915112345678", "text": "deep", "metadata": ${nested(5000)}}, ${item('three')}]}`
      const res = await post('/v1/messages/batch', payload, { 'idempotency-key': 'deep-batch' })
      expect(res.statusCode, res.body).toBe(202)
      const body = res.json()
      expect(body).toMatchObject({ accepted: 2, rejected: 1 })
      expect(body.results[0]).toMatchObject({ index: 0, status: 'queued' })
      expect(body.results[1]).toEqual({
        index: 1,
        error: { code: 'validation_failed', message: expect.stringContaining('messages.1.metadata'), details: { issues: [{ path: 'messages.1.metadata', message: 'nested deeper than 32 levels' }] } },
      })
      expect(body.results[2]).toMatchObject({ index: 2, status: 'queued' })
      expect(await count('messages')).toBe(before + 2)
      // The retry with the same key and body is recognised (the whole body was hashed, deep item included).
      const again = await post('/v1/messages/batch', payload, { 'idempotency-key': 'deep-batch' })
      expect(again.statusCode).toBe(200)
      expect(await count('messages')).toBe(before + 2)
    })

    it('refuses event data nested too deep, alone or in a batch (as any malformed event field), and stores no event', async () => {
      const before = await count('events')
      const event = (id: string, data: string) => `{"id": "${id}", "type": "account.created", "occurred_at": "2026-01-05T10:00:00Z", "data": ${data}}`
      const single = expectError(await post('/v1/events', event('deep-1', nested(5000))), 400, 'validation_failed')
      expect(single.details.issues).toEqual([{ path: 'body.data', message: 'nested deeper than 32 levels' }])
      const batch = expectError(await post('/v1/events/batch', `{"events": [${event('ok-1', '{}')}, ${event('deep-2', nested(5000))}]}`), 400, 'validation_failed')
      expect(batch.details.issues).toEqual([{ path: 'body.events.1.data', message: 'nested deeper than 32 levels' }])
      const big = expectError(await post('/v1/events', event('big-1', JSON.stringify({ pad: 'x'.repeat(70_000) }))), 400, 'validation_failed')
      expect(big.details.issues).toEqual([{ path: 'body.data', message: 'at most 65536 bytes as JSON' }])
      expect(await count('events')).toBe(before)
    })
  })

  describe('provider timestamps', () => {
    const sign = (body: string) => `sha256=${createHmac('sha256', SANDBOX_CREDENTIALS.appSecret).update(body).digest('hex')}`

    function inboundBody(from: string, wamid: string, timestamp: string): string {
      return JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: SANDBOX_CREDENTIALS.wabaId,
            time: Number(timestamp),
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550001234', phone_number_id: SANDBOX_CREDENTIALS.phoneNumberId },
                  contacts: [{ wa_id: from, profile: { name: 'Deniz' } }],
                  messages: [{ from, id: wamid, timestamp, type: 'text', text: { body: `sent at ${timestamp}` } }],
                },
              },
            ],
          },
        ],
      })
    }

    async function deliver(body: string): Promise<void> {
      const res = await app.inject({ method: 'POST', url: '/webhooks/meta', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, payload: body })
      expect(res.statusCode, res.body).toBe(200)
    }

    const pendingReceipts = async () =>
      Number((await h.db.database.receipts.selectFrom('webhook_receipts').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'pending').executeTakeFirstOrThrow()).n)

    it("ignores an inbound message whose timestamp is no plausible time; the contact's history still answers 200", async () => {
      const from = '905551112233'
      const phone = `+${from}`
      await deliver(inboundBody(from, 'wamid.TS.good', String(Math.floor(Date.now() / 1000))))
      for (const [wamid, timestamp] of [
        ['wamid.TS.20digits', '12345678901234567890'],
        ['wamid.TS.millis', String(Date.now())],
        ['wamid.TS.1970', '1'],
      ] as const) {
        await deliver(inboundBody(from, wamid, timestamp))
      }
      await eventually(async () => (await pendingReceipts()) === 0, 10_000, 'every receipt processed')
      const res = await app.inject({ method: 'GET', url: `/v1/contacts/${encodeURIComponent(phone)}/messages`, headers: AUTH })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().data.map((m: { provider_message_id: string }) => m.provider_message_id)).toEqual(['wamid.TS.good'])
      const contact = await app.inject({ method: 'GET', url: `/v1/contacts/${encodeURIComponent(phone)}`, headers: AUTH })
      expect(contact.statusCode, contact.body).toBe(200)
    })

    it('never answers 500 on a stored time no Date can show (written before timestamps were checked)', async () => {
      const from = '905551114455'
      const phone = `+${from}`
      await deliver(inboundBody(from, 'wamid.TS.stored', String(Math.floor(Date.now() / 1000))))
      const id = await eventually(async () => {
        const res = await app.inject({ method: 'GET', url: `/v1/contacts/${encodeURIComponent(phone)}/messages`, headers: AUTH })
        return res.statusCode === 200 && res.json().data.length === 1 ? (res.json().data[0].id as string) : undefined
      })
      // Past the Date range (±8.64e15 ms) and still within a PostgreSQL bigint.
      const bad = 9_000_000_000_000_000_000
      await h.db.database.db.updateTable('messages').set({ created_at: bad, updated_at: bad }).where('id', '=', id).execute()
      await h.db.database.db.updateTable('message_events').set({ at: bad }).where('message_id', '=', id).execute()
      await h.db.database.db.updateTable('contacts').set({ last_inbound_at: bad }).where('phone', '=', phone).execute()
      const list = await app.inject({ method: 'GET', url: `/v1/contacts/${encodeURIComponent(phone)}/messages`, headers: AUTH })
      expect(list.statusCode, list.body).toBe(200)
      expect(list.json().data[0].created_at).toBe('+275760-09-13T00:00:00.000Z')
      const one = await app.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: AUTH })
      expect(one.statusCode, one.body).toBe(200)
      const contact = await app.inject({ method: 'GET', url: `/v1/contacts/${encodeURIComponent(phone)}`, headers: AUTH })
      expect(contact.statusCode, contact.body).toBe(200)
    })
  })
})
