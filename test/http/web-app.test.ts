import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installErrorHandling } from '../../src/http/errors.js'
import { webAppRoutes, WEB_APP_CSP } from '../../src/http/web-app.js'
import { startHarness, type Harness } from '../support/harness.js'

const INDEX = '<!doctype html><title>inbox</title><script type="module" src="/assets/index-abc123.js"></script>'

/** The web-app plugin alone, over a build folder made for the test (or a missing one). */
async function serving(root: string): Promise<FastifyInstance> {
  const app = Fastify()
  installErrorHandling(app)
  await app.register(webAppRoutes, { root })
  app.get('/v1/known', async () => ({ ok: true }))
  return app
}

describe('the operator inbox, served by Parley', () => {
  let dir: string
  let app: FastifyInstance
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-web-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), INDEX)
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    app = await serving(dir)
  })
  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers / with index.html, never cached, under a same-origin CSP', async () => {
    const response = await app.inject({ method: 'GET', url: '/' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.body).toBe(INDEX)
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP)
    expect(WEB_APP_CSP).toMatch(/^default-src 'self'/)
  })

  it("answers the app's own paths with index.html, so that a reload of a conversation works", async () => {
    for (const url of ['/conversations/+4915112345678', '/settings?tab=1', '/assets/missing.js']) {
      const response = await app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(200)
      expect(response.body, url).toBe(INDEX)
    }
  })

  it('caches hashed assets for a year and other files not at all', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.body).toBe('console.log(1)')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const other = await app.inject({ method: 'GET', url: '/favicon.svg' })
    expect(other.headers['cache-control']).toBe('no-cache')
  })

  it('never answers a server path with the app: a missing API route stays a JSON 404', async () => {
    for (const url of ['/v1/nothing', '/v1/', '/webhooks/nowhere', '/metrics/x', '/healthz/x', '/docs/nothing', '/openapi.json/x']) {
      const response = await app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(404)
      expect(response.json().error.code, url).toBe('not_found')
    }
    expect((await app.inject({ method: 'GET', url: '/v1/known' })).json()).toEqual({ ok: true })
  })

  it('does not serve files from outside the build folder', async () => {
    writeFileSync(join(dir, '..', 'parley-web-secret.txt'), 'secret')
    try {
      for (const url of ['/../parley-web-secret.txt', '/%2e%2e/parley-web-secret.txt', '/assets/..%2f..%2fparley-web-secret.txt']) {
        const response = await app.inject({ method: 'GET', url })
        expect(response.body, url).not.toContain('secret')
      }
    } finally {
      rmSync(join(dir, '..', 'parley-web-secret.txt'), { force: true })
    }
  })

  it('says how to build it when web/dist is missing', async () => {
    const missing = await serving(join(dir, 'not-built'))
    try {
      const response = await missing.inject({ method: 'GET', url: '/' })
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('npm run build:web')
      expect((await missing.inject({ method: 'GET', url: '/v1/nothing' })).statusCode).toBe(404)
    } finally {
      await missing.close()
    }
  })
})

describe('Parley with the inbox mounted', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness('sqlite')
  })
  afterAll(() => harness?.close())

  it('answers / with HTML while the API, health and docs keep their own answers', async () => {
    const page = await fetch(`${harness.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200)
    expect(((await fetch(`${harness.url}/openapi.json`).then((r) => r.json())) as any).openapi).toBe('3.1.0')
    const missing = await fetch(`${harness.url}/v1/no-such-route`, { headers: { authorization: `Bearer ${harness.config.adminApiKey}` } })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as any).error.code).toBe('not_found')
  })
})
