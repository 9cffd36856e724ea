import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const ANA = '+4915112345678'
const template = { name: 'hello_world', language: 'en_US' }

describeEachDatabase('messages API', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  async function messageCount(): Promise<number> {
    const row = await h.db.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  it('refuses requests without a valid API key', async () => {
    const none = await fetch(`${h.url}/v1/messages/msg_x`)
    expect(none.status).toBe(401)
    expect(await none.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String), details: {} } })
    const wrong = await h.api('GET', '/v1/messages/msg_x', undefined, { authorization: 'Bearer pk_wrong_key_that_is_long_enough' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('unauthorized')
  })

  it('accepts a template message and follows it to read, with its history', async () => {
    const sent = await h.api('POST', '/v1/messages', { to: ANA, template, metadata: { lesson: 42 } })
    expect(sent.status).toBe(202)
    // The estimate is worked out by hand in message-costs.test.ts; here only its presence.
    expect(sent.body).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued', cost: expect.objectContaining({ estimated_micros: expect.any(Number), currency: 'USD', category: 'utility', provider_micros: 0 }) })
    const message = await eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${sent.body.id}`)
      return got.body.status === 'read' ? got.body : undefined
    })
    expect(message).toMatchObject({
      id: sent.body.id,
      direction: 'outbound',
      to: ANA,
      kind: 'template',
      provider: 'meta',
      account: 'meta',
      channel: 'whatsapp',
      provider_message_id: expect.stringMatching(/^wamid\./),
      attempts: 1,
      error: null,
      metadata: { lesson: 42 },
      pricing: { category: 'utility' },
    })
    // The `sent` webhook may be recorded before the dispatcher records the provider's answer: both orders are right.
    const statuses = message.history.map((e: { status: string }) => e.status)
    expect(statuses.slice(0, 2)).toEqual(['queued', 'sending'])
    expect([...statuses].sort()).toEqual(['accepted', 'delivered', 'queued', 'read', 'sending', 'sent'])
  })

  it('answers invalid_phone and stores nothing', async () => {
    const before = await messageCount()
    const res = await h.api('POST', '/v1/messages', { to: '+1 555 123', text: 'hi' })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'invalid_phone', details: { field: 'to' } })
    expect(await messageCount()).toBe(before)
  })

  it('names the field paths of validation errors', async () => {
    const both = await h.api('POST', '/v1/messages', { to: ANA, text: 'hi', template })
    expect(both.status).toBe(400)
    expect(both.body.error.code).toBe('validation_failed')
    const badName = await h.api('POST', '/v1/messages', { to: ANA, template: { name: 'Bad Name', language: 'en' } })
    expect(badName.body.error.details.issues).toEqual([{ path: 'body.template.name', message: expect.any(String) }])
    const extra = await h.api('POST', '/v1/messages', { to: ANA, text: 'hi', colour: 'red' })
    expect(extra.status).toBe(400)
    const notJson = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer pk_test_0123456789abcdefghijklmnop`, 'content-type': 'application/json' },
      body: '{"to":',
    })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
  })

  it('makes a retried request with the same Idempotency-Key return the same message', async () => {
    const body = { to: ANA, template }
    const first = await h.api('POST', '/v1/messages', body, { 'idempotency-key': `order-${dialect}-1` })
    expect(first.status).toBe(202)
    const count = await messageCount()
    const again = await h.api('POST', '/v1/messages', { template, to: ANA }, { 'idempotency-key': `order-${dialect}-1` })
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    const other = await h.api('POST', '/v1/messages', { to: ANA, text: 'different' }, { 'idempotency-key': `order-${dialect}-1` })
    expect(other.status).toBe(409)
    expect(other.body.error.code).toBe('idempotency_conflict')
    expect(await messageCount()).toBe(count)
  })

  it('accepts a batch in one transaction and answers per item', async () => {
    const res = await h.api('POST', '/v1/messages/batch', {
      messages: [{ to: '+4915112340001', template }, { to: 'nope', text: 'x' }, { to: '+4915112340002', text: 'x', bogus: 1 }, { to: '+4915112340003', template }],
    })
    expect(res.status).toBe(202)
    expect(res.body.accepted).toBe(2)
    expect(res.body.rejected).toBe(2)
    expect(res.body.results[0]).toEqual({ index: 0, id: expect.stringMatching(/^msg_/), status: 'queued', cost: expect.objectContaining({ estimated_micros: expect.any(Number), currency: 'USD', category: 'utility', provider_micros: 0 }) })
    expect(res.body.results[1].error.code).toBe('invalid_phone')
    expect(res.body.results[2].error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('messages.2') })
    expect(res.body.results[3].index).toBe(3)
  })

  it('refuses a batch over 1,000 messages', async () => {
    const res = await h.api('POST', '/v1/messages/batch', { messages: Array.from({ length: 1001 }, () => ({ to: ANA, template })) })
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('batch_too_large')
  })

  it('lists a contact conversation newest first, both directions, with a cursor', async () => {
    const phone = '+4915112349999'
    await h.sandbox.userSends(phone, { text: 'Hello from a parent' })
    await eventually(async () => (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)).status === 200)
    for (const text of ['one', 'two', 'three']) expect((await h.api('POST', '/v1/messages', { to: phone, text })).status).toBe(202)
    const first = await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages?limit=2`)
    expect(first.body.data.map((m: { text: string }) => m.text)).toEqual(['three', 'two'])
    const second = await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages?limit=2&cursor=${first.body.next_cursor}`)
    expect(second.body.data.map((m: { text: string; direction: string }) => [m.direction, m.text])).toEqual([
      ['outbound', 'one'],
      ['inbound', 'Hello from a parent'],
    ])
    expect(second.body.next_cursor).toBeNull()
    expect((await h.api('GET', `/v1/contacts/${encodeURIComponent('+4915100000001')}/messages`)).body.error.code).toBe('not_found')
    expect((await h.api('GET', '/v1/contacts/abc/messages')).body.error.code).toBe('invalid_phone')
  })

  it('answers not_found in the common error shape', async () => {
    const res = await h.api('GET', '/v1/messages/msg_nope')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No message msg_nope.', details: {} } })
    expect((await h.api('GET', '/v1/nothing-here')).body.error.code).toBe('not_found')
  })

  it('serves health, metrics, the OpenAPI document and the docs UI', async () => {
    expect((await h.api('GET', '/healthz')).body).toEqual({ status: 'ok' })
    const metrics = await h.api('GET', '/metrics')
    expect(metrics.body).toContain('parley_queue_depth{status="queued"}')
    expect(metrics.body).toContain('parley_sends_total{outcome="accepted"}')
    expect(metrics.body).toContain('parley_webhooks_total{provider="meta",outcome="accepted"}')
    const openapi = await h.api('GET', '/openapi.json')
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/v1/messages', '/v1/messages/batch', '/v1/messages/{id}', '/v1/contacts/{phone}/messages']),
    )
    expect(openapi.body.paths['/v1/messages'].post.requestBody).toBeDefined()
    expect((await fetch(`${h.url}/docs/`)).status).toBe(200)
  })
})
