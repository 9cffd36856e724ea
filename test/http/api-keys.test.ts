import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, TEST_API_KEY, type Harness, injectWithKey } from '../support/harness.js'
import { storesNoPartOf } from '../support/secrets.js'

describeEachDatabase('API keys: /v1/keys, rate limits, /metrics', (dialect) => {
  let h: Harness
  let app: FastifyInstance
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
    app = h.parley.app!
  })
  afterAll(async () => h?.close())

  const call = (key: string, method: InjectOptions['method'], url: string, body?: unknown) => injectWithKey(app, key, method, url, body)

  async function createKey(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
    const res = await call(TEST_API_KEY, 'POST', '/v1/keys', body)
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  it('creates a key whose secret is shown once, lists keys without secrets or hashes, and revokes', async () => {
    const created = await call(TEST_API_KEY, 'POST', '/v1/keys', { name: 'sender', scopes: ['messages:send'], rate_limit: { per_second: 5, burst: 10 } })
    expect(created.statusCode).toBe(201)
    const key = created.json()
    expect(key).toEqual({
      id: expect.stringMatching(/^key_/),
      name: 'sender',
      scopes: ['messages:send'],
      source: 'created',
      rate_limit: { per_second: 5, burst: 10 },
      created_at: expect.any(String),
      revoked_at: null,
      secret: expect.stringMatching(/^pk_[0-9a-z]{16}_[A-Za-z0-9_-]{43}$/),
    })
    const sent = await call(key.secret, 'POST', '/v1/messages', { to: '+4915112345678', template: { name: 'hello_world', language: 'en_US' } })
    expect(sent.statusCode).toBe(202)

    const listed = await call(TEST_API_KEY, 'GET', '/v1/keys')
    expect(listed.statusCode).toBe(200)
    const entry = listed.json().data.find((k: { id: string }) => k.id === key.id)
    expect(entry).toEqual({ ...key, secret: undefined })
    expect(Object.keys(entry)).not.toContain('secret')
    expect(storesNoPartOf(listed.body, key.secret)).toBe(true)
    const rows = await h.db.database.db.selectFrom('api_keys').select(['key_hash', 'salt']).where('id', '=', key.id).execute()
    expect(listed.body).not.toContain(rows[0]!.key_hash)

    expect((await call(TEST_API_KEY, 'DELETE', `/v1/keys/${key.id}`)).statusCode).toBe(204)
    expect((await call(key.secret, 'POST', '/v1/messages', { to: '+4915112345678', text: 'hi' })).statusCode).toBe(401)
    const again = await call(TEST_API_KEY, 'DELETE', `/v1/keys/${key.id}`)
    expect(again.statusCode).toBe(404)
    expect(again.json().error.code).toBe('not_found')
    expect((await call(TEST_API_KEY, 'GET', '/v1/keys')).json().data.map((k: { id: string }) => k.id)).not.toContain(key.id)
    const withRevoked = (await call(TEST_API_KEY, 'GET', '/v1/keys?revoked=true')).json().data
    expect(withRevoked.find((k: { id: string }) => k.id === key.id).revoked_at).toEqual(expect.any(String))
  })

  it('refuses a key with no scope, an unknown scope or a repeated one', async () => {
    for (const body of [
      { name: 'none', scopes: [] },
      { name: 'unknown', scopes: ['messages:write'] },
      { name: 'twice', scopes: ['events', 'events'] },
      { name: '', scopes: ['events'] },
      { name: 'slow', scopes: ['events'], rate_limit: { per_second: 0, burst: 1 } },
    ]) {
      const res = await call(TEST_API_KEY, 'POST', '/v1/keys', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation_failed')
    }
  })

  it("answers 429 rate_limited with Retry-After once a key's own budget is spent, without slowing other keys", async () => {
    // One token per 1,000 s: nothing refills while the test runs, however slow the machine.
    const { secret, id } = await createKey({ name: 'limited', scopes: ['messages:read'], rate_limit: { per_second: 0.001, burst: 2 } })
    const other = (await createKey({ name: 'unlimited', scopes: ['messages:read'] })).secret
    expect((await call(secret, 'GET', '/v1/messages/msg_none')).statusCode).toBe(404)
    expect((await call(secret, 'GET', '/v1/messages/msg_none')).statusCode).toBe(404)
    const limited = await call(secret, 'GET', '/v1/messages/msg_none')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining(id), details: { retry_after_seconds: expect.any(Number), limit: { per_second: 0.001, burst: 2 } } } })
    const retryAfter = Number(limited.headers['retry-after'])
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(999)
    expect(retryAfter).toBeLessThanOrEqual(1000)
    expect(limited.json().error.details.retry_after_seconds).toBe(retryAfter)
    expect((await call(other, 'GET', '/v1/messages/msg_none')).statusCode).toBe(404)
  })

  it('serves /metrics without a key by default (it listens on 127.0.0.1 unless told otherwise)', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200)
  })
})

describe('/metrics with PARLEY_METRICS_REQUIRE_KEY=true', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness('sqlite', { worker: false, env: { PARLEY_METRICS_REQUIRE_KEY: 'true' } })
  })
  afterAll(async () => h?.close())

  it('needs an admin key', async () => {
    const app = h.parley.app!
    const metrics = (key?: string) => app.inject({ method: 'GET', url: '/metrics', headers: key ? { authorization: `Bearer ${key}` } : {} })
    const reader = await h.parley.apiKeys.create({ name: 'reader', scopes: ['messages:read'], source: 'created', rateLimit: null }, Date.now())
    expect((await metrics()).statusCode).toBe(401)
    const forbidden = await metrics(reader.secret)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json().error.details.required_scope).toBe('admin')
    const allowed = await metrics(TEST_API_KEY)
    expect(allowed.statusCode).toBe(200)
    expect(allowed.body).toContain('parley_messages_accepted_total')
  })
})
