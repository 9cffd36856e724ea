import Fastify from 'fastify'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCOPES, type Scope } from '../../src/core/keys/model.js'
import { enforceRouteScopes, ROUTE_SCOPES } from '../../src/http/route-scopes.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'
import { storesNoPartOf } from '../support/secrets.js'

const NARROW = SCOPES.filter((s) => s !== 'admin')

/** A concrete request for a route pattern: parameters filled with values that reach the handler. */
function concrete(pattern: string): string {
  return pattern
    .replace(':phone', encodeURIComponent('+4915112345678'))
    .replace(':name', 'hello_world')
    .replace(':language', 'en_US')
    .replace(':id', '1')
}

describeEachDatabase('API keys and scopes', (dialect) => {
  let h: Harness
  let app: FastifyInstance
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
    app = h.parley.app!
  })
  afterAll(async () => h?.close())

  const call = (key: string, method: InjectOptions['method'], url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })

  async function createKey(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
    const res = await call(TEST_API_KEY, 'POST', '/v1/keys', body)
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  it('names a scope for every /v1 route the API serves, and the table names no route that is gone', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown }>> }
    const served = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    expect(served.filter((r) => r.includes(' /v1/')).sort()).toEqual(Object.keys(ROUTE_SCOPES).sort())
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.security, `${method} ${path}`).toEqual([{ bearer: [ROUTE_SCOPES[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`]] }])
      }
    }
  })

  it('refuses every route to a key without its scope, with 403 forbidden naming it, and lets the scope (or admin) through', async () => {
    const allBut = new Map<Scope, string>()
    const only = new Map<Scope, string>([['admin', TEST_API_KEY]])
    for (const scope of NARROW) {
      allBut.set(scope, (await createKey({ name: `all but ${scope}`, scopes: NARROW.filter((s) => s !== scope) })).secret)
      only.set(scope, (await createKey({ name: `only ${scope}`, scopes: [scope] })).secret)
    }
    allBut.set('admin', (await createKey({ name: 'every narrow scope', scopes: NARROW })).secret)

    for (const [route, scope] of Object.entries(ROUTE_SCOPES)) {
      const [method, pattern] = route.split(' ') as [InjectOptions['method'], string]
      const refused = await call(allBut.get(scope)!, method, concrete(pattern))
      expect(refused.statusCode, route).toBe(403)
      expect(refused.json(), route).toEqual({ error: { code: 'forbidden', message: expect.stringContaining(`"${scope}"`), details: { required_scope: scope, key_scopes: expect.any(Array) } } })
      for (const key of [only.get(scope)!, TEST_API_KEY]) {
        const through = await call(key, method, concrete(pattern))
        expect([401, 403, 429], `${route}: ${through.body}`).not.toContain(through.statusCode)
      }
    }
  })

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

describe('the scope table', () => {
  it('refuses to register a route it does not name, so that no route can be added unguarded', async () => {
    const bare = Fastify()
    const registered = bare.register(async (api) => {
      enforceRouteScopes(api)
      api.get('/v1/forgotten', async () => 'open')
    })
    await expect(registered).rejects.toThrow('GET /v1/forgotten has no scope in ROUTE_SCOPES')
    await bare.close()
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
