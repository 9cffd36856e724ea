import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'

const ANA = '+4915112345678'
const template = { name: 'hello_world', language: 'en_US' }
const AUTH = { authorization: `Bearer ${TEST_API_KEY}` }

/** The edge's answers to malformed requests: content types, auth headers, cursors, idempotency after a refusal, event fields. */
describeEachDatabase('API edge', (dialect) => {
  let h: Harness
  let app: FastifyInstance
  beforeAll(async () => {
    // No worker: these tests look at what the API stores, not at what is sent.
    h = await startHarness(dialect, { worker: false })
    app = h.parley.app!
  })
  afterAll(async () => h?.close())

  async function count(table: 'messages' | 'contacts' | 'events' | 'idempotency_keys'): Promise<number> {
    const row = await h.db.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await app.inject({ method: 'POST', url, headers: { ...AUTH, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) })
    return { status: res.statusCode, body: res.json() }
  }

  const event = (id: string, contact: Record<string, unknown>) => ({ id, type: 'account.created', occurred_at: '2026-01-05T10:00:00Z', contact })

  describe('content type', () => {
    const json = JSON.stringify({ to: ANA, text: 'hi' })
    for (const [label, headers] of [
      ['text/plain', { 'content-type': 'text/plain' }],
      ['no content type', {}],
    ] as const) {
      it(`answers 415 unsupported_media_type to ${label} on a JSON endpoint, naming application/json`, async () => {
        const before = await count('messages')
        for (const [method, url] of [
          ['POST', '/v1/messages'],
          ['POST', '/v1/messages/batch'],
          ['POST', '/v1/events'],
          ['PUT', `/v1/contacts/${encodeURIComponent(ANA)}`],
          ['PATCH', '/v1/templates/hello_world/en_US'],
        ] as const) {
          const res = await app.inject({ method, url, headers: { ...AUTH, ...headers }, payload: json })
          expect(res.statusCode, `${method} ${url}`).toBe(415)
          expect(res.json(), `${method} ${url}`).toEqual({ error: { code: 'unsupported_media_type', message: expect.stringContaining('application/json'), details: {} } })
        }
        expect(await count('messages')).toBe(before)
      })
    }

    it('still takes a YAML or plain-text rules document on PUT /v1/rules', async () => {
      // An invalid document: the answer shows the body was read as YAML, and nothing is replaced.
      const res = await app.inject({ method: 'PUT', url: '/v1/rules', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'rules:\n  - id: x\n' })
      expect(res.statusCode).toBe(422)
      expect(res.json().error.code).toBe('rules_invalid')
    })

    it('still takes JSON with a charset', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/messages', headers: { ...AUTH, 'content-type': 'application/json; charset=utf-8' }, payload: json })
      expect(res.statusCode).toBe(202)
    })
  })

  it('accepts the Bearer scheme in any case', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await app.inject({ method: 'GET', url: '/v1/messages/msg_none', headers: { authorization: `${scheme} ${TEST_API_KEY}` } })
      expect(res.statusCode, scheme).toBe(404)
    }
    const other = await app.inject({ method: 'GET', url: '/v1/messages/msg_none', headers: { authorization: `Basic ${TEST_API_KEY}` } })
    expect(other.statusCode).toBe(401)
  })

  it('refuses a cursor the API did not issue with 400 validation_failed', async () => {
    const phone = '+4915112340101'
    for (const text of ['one', 'two']) expect((await post('/v1/messages', { to: phone, text })).status).toBe(202)
    const url = `/v1/contacts/${encodeURIComponent(phone)}/messages`
    const first = await app.inject({ method: 'GET', url: `${url}?limit=1`, headers: AUTH })
    const next = first.json().next_cursor as string
    expect((await app.inject({ method: 'GET', url: `${url}?limit=1&cursor=${next}`, headers: AUTH })).statusCode).toBe(200)
    for (const cursor of ['zzz', 'not-a-cursor', Buffer.from('s:abc').toString('base64url'), `${next}!`, '%20']) {
      const res = await app.inject({ method: 'GET', url: `${url}?cursor=${cursor}`, headers: AUTH })
      expect(res.statusCode, cursor).toBe(400)
      expect(res.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'querystring.cursor', message: expect.any(String) }] } })
    }
  })

  it('refuses bad paging parameters on the other paged lists with 400 validation_failed', async () => {
    for (const [url, path] of [
      ['/v1/templates?offset=abc', 'querystring.offset'],
      ['/v1/templates?limit=-1', 'querystring.limit'],
      ['/v1/webhooks/whs_none/deliveries?limit=many', 'querystring.limit'],
      [`/v1/contacts/${encodeURIComponent(ANA)}/messages?limit=0`, 'querystring.limit'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers: AUTH })
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error, url).toMatchObject({ code: 'validation_failed', details: { issues: [expect.objectContaining({ path })] } })
    }
  })

  describe('an idempotency key whose request was refused stays free', () => {
    it('POST /v1/messages: after a 400 and after a 422', async () => {
      const key = `fix-${dialect}-1`
      const refusedShape = await post('/v1/messages', { to: ANA, text: 'hi', colour: 'red' }, { 'idempotency-key': key })
      expect(refusedShape.status).toBe(400)
      const refusedPhone = await post('/v1/messages', { to: '+1 555 123', text: 'hi' }, { 'idempotency-key': key })
      expect(refusedPhone.status).toBe(422)
      expect(refusedPhone.body.error.code).toBe('invalid_phone')
      // The same refused body again is refused again, not replayed from a record.
      expect((await post('/v1/messages', { to: '+1 555 123', text: 'hi' }, { 'idempotency-key': key })).status).toBe(422)
      const corrected = await post('/v1/messages', { to: ANA, text: 'hi' }, { 'idempotency-key': key })
      expect(corrected.status).toBe(202)
      const replay = await post('/v1/messages', { to: ANA, text: 'hi' }, { 'idempotency-key': key })
      expect(replay).toMatchObject({ status: 200, body: { id: corrected.body.id } })
      // Once something was stored, the key is taken: a refused body under it is a conflict.
      expect((await post('/v1/messages', { to: '+1 555 123', text: 'hi' }, { 'idempotency-key': key })).status).toBe(409)
    })

    it('POST /v1/messages/batch: a batch whose every item was refused', async () => {
      const key = `fix-${dialect}-batch`
      const before = await count('messages')
      const refused = await post('/v1/messages/batch', { messages: [{ to: 'nope', text: 'x' }, { to: ANA, template: { name: 'no_such_template' } }] }, { 'idempotency-key': key })
      expect(refused.status).toBe(202)
      expect(refused.body).toMatchObject({ accepted: 0, rejected: 2 })
      expect(await count('messages')).toBe(before)
      const corrected = await post('/v1/messages/batch', { messages: [{ to: ANA, text: 'x' }, { to: ANA, template }] }, { 'idempotency-key': key })
      expect(corrected.status).toBe(202)
      expect(corrected.body).toMatchObject({ accepted: 2, rejected: 0 })
      const replay = await post('/v1/messages/batch', { messages: [{ to: ANA, text: 'x' }, { to: ANA, template }] }, { 'idempotency-key': key })
      expect(replay.status).toBe(200)
      expect(replay.body.results).toEqual(corrected.body.results.map((r: { index: number; id: string }) => ({ ...r, status: expect.any(String) })))
      expect(await count('messages')).toBe(before + 2)
    })

    it('POST /v1/events: an event id refused for a bad field can be sent again corrected', async () => {
      const id = `fix-${dialect}-event`
      const refused = await post('/v1/events', event(id, { phone: '+4915112340201', timezone: 'Mars/Olympus' }))
      expect(refused.status).toBe(400)
      const corrected = await post('/v1/events', event(id, { phone: '+4915112340201', timezone: 'Europe/Berlin' }))
      expect(corrected).toMatchObject({ status: 202, body: { id, status: 'handled' } })
    })
  })

  describe('event fields are checked at the edge', () => {
    const cases: Array<[string, unknown, string]> = [
      ['a time zone', event('bad-tz', { phone: '+4915112340301', timezone: 'Europe/Atlantis' }), 'body.contact.timezone'],
      ['a language', event('bad-lang', { phone: '+4915112340302', language: 'english' }), 'body.contact.language'],
      ['a phone', event('bad-phone', { phone: '+1 555 123' }), 'body.contact.phone'],
      [
        "a subject contact's time zone",
        { ...event('bad-subject-tz', { phone: '+4915112340303' }), subject: { external_id: 'st-1', contacts: [{ phone: '+4915112340304', role: 'guardian', timezone: 'UTC+3' }] } },
        'body.subject.contacts.0.timezone',
      ],
      [
        "a subject contact's phone",
        { ...event('bad-subject-phone', { phone: '+4915112340305' }), subject: { external_id: 'st-2', contacts: [{ phone: '12', role: 'billing' }] } },
        'body.subject.contacts.0.phone',
      ],
    ]
    for (const [what, body, path] of cases) {
      it(`refuses ${what} with 400 naming ${path}, and stores no contact and no event`, async () => {
        const before = { contacts: await count('contacts'), events: await count('events') }
        const res = await post('/v1/events', body)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_failed')
        expect(res.body.error.details.issues).toContainEqual({ path, message: expect.any(String) })
        const inBatch = await post('/v1/events/batch', { events: [event(`${(body as { id: string }).id}-ok`, { phone: '+4915112340399' }), body] })
        expect(inBatch.status).toBe(400)
        expect(inBatch.body.error.details.issues).toContainEqual({ path: path.replace(/^body\./, 'body.events.1.'), message: expect.any(String) })
        expect({ contacts: await count('contacts'), events: await count('events') }).toEqual(before)
      })
    }
  })
})
