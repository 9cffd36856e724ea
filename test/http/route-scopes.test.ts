import Fastify from 'fastify'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCOPES, type Scope } from '../../src/core/keys/model.js'
import { acceptedScopes, enforceRouteScopes, ROUTE_SCOPES, type RouteAccess } from '../../src/http/route-scopes.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, TEST_API_KEY, type Harness, injectWithKey } from '../support/harness.js'

const NARROW = SCOPES.filter((s) => s !== 'admin')

/** The session's own routes (tested in session-api.test.ts): no key scope opens them. */
const isSessionAccess = (access: RouteAccess) => access === 'public' || access === 'session'

/** A concrete request for a route pattern: parameters filled with values that reach the handler. */
function concrete(pattern: string): string {
  return pattern
    .replace(':phone', encodeURIComponent('+4915112345678'))
    .replace(':name', 'hello_world')
    .replace(':language', 'en_US')
    .replace(':id', '1')
}

describeEachDatabase('scopes on every route', (dialect) => {
  let h: Harness
  let app: FastifyInstance
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
    app = h.parley.app!
  })
  afterAll(async () => h?.close())

  const call = (key: string, method: InjectOptions['method'], url: string, body?: unknown) => injectWithKey(app, key, method, url, body)

  /** The live stream never ends: its status is read over a socket, then the stream is let go. */
  async function openStream(key: string): Promise<{ statusCode: number; body: string }> {
    const stop = new AbortController()
    const response = await fetch(`${h.url}/v1/stream`, { headers: { authorization: `Bearer ${key}` }, signal: stop.signal })
    stop.abort()
    return { statusCode: response.status, body: '' }
  }

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
        const access = ROUTE_SCOPES[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`]
        expect(operation.security, `${method} ${path}`).toEqual(
          access === 'public' ? [] : access === 'session' ? [{ session: [] }] : [...acceptedScopes(access!).map((scope) => ({ bearer: [scope] })), { session: [] }],
        )
      }
    }
  })

  it('refuses every route to a key without its scope, with 403 forbidden naming it, and lets the scope (or admin) through', async () => {
    const keys = new Map<string, string>([['admin', TEST_API_KEY]])
    /** A key holding exactly `scopes`, made once. */
    async function keyWith(scopes: readonly Scope[]): Promise<string> {
      const name = [...scopes].sort().join('+')
      if (!keys.has(name)) keys.set(name, (await createKey({ name: `scopes ${name}`, scopes })).secret)
      return keys.get(name)!
    }

    const scoped = Object.entries(ROUTE_SCOPES).filter((entry): entry is [string, Exclude<RouteAccess, 'session' | 'public'>] => !isSessionAccess(entry[1]))
    for (const [route, access] of scoped) {
      const accepted = acceptedScopes(access)
      const [method, pattern] = route.split(' ') as [InjectOptions['method'], string]
      // Every narrow scope but the ones that open the route (an admin route: every narrow scope).
      const refused = await call(await keyWith(NARROW.filter((s) => !accepted.includes(s))), method, concrete(pattern))
      expect(refused.statusCode, route).toBe(403)
      expect(refused.json(), route).toEqual({
        error: {
          code: 'forbidden',
          message: expect.stringContaining(`"${accepted[0]}"`),
          details: { required_scope: accepted[0], ...(accepted.length > 1 ? { accepted_scopes: accepted } : {}), key_scopes: expect.any(Array) },
        },
      })
      for (const key of [...(await Promise.all(accepted.map((s) => keyWith([s])))), TEST_API_KEY]) {
        const through = route === 'GET /v1/stream' ? await openStream(key) : await call(key, method, concrete(pattern))
        expect([401, 403, 429], `${route}: ${through.body}`).not.toContain(through.statusCode)
      }
    }
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

