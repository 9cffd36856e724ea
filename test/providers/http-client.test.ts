import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient, type HttpClient, type HttpResult } from '../../src/providers/http-client.js'
import { type LocalServer, refusedPort, startServer, unacceptingPort } from './local-server.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function client(options?: Parameters<typeof createHttpClient>[0]): HttpClient {
  const http = createHttpClient(options)
  cleanups.push(() => http.close())
  return http
}

async function server(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const started = await startServer(handler)
  cleanups.push(() => started.close())
  return started
}

function expectKind(result: HttpResult, kind: HttpResult['kind'], code?: RegExp): void {
  expect(result.kind, JSON.stringify(result)).toBe(kind)
  if (code && result.kind !== 'response') expect(result.message).toMatch(code)
}

describe('http client: answers', () => {
  it('returns status, lower-cased headers and body, and keeps the connection alive', async () => {
    const srv = await server((req, res, body) => {
      res.writeHead(201, { 'X-Echo': req.headers['x-test'] ?? '', 'content-type': 'application/json' })
      res.end(JSON.stringify({ method: req.method, url: req.url, body }))
    })
    const http = client()
    for (let i = 0; i < 10; i++) {
      const result = await http.request({ method: 'POST', url: `${srv.url}/v1/x?y=${i}`, headers: { 'x-test': 'é' }, body: '{"a":1}' })
      expect(result).toMatchObject({ kind: 'response', status: 201, headers: { 'x-echo': 'é' } })
      if (result.kind === 'response') expect(JSON.parse(result.body)).toEqual({ method: 'POST', url: `/v1/x?y=${i}`, body: '{"a":1}' })
    }
    // undici may open a second socket while validating the first idle one; never one per request.
    expect(srv.connections).toBeLessThanOrEqual(2)
  })

  it('passes error statuses through as responses', async () => {
    const srv = await server((_req, res) => res.writeHead(503).end('down'))
    expect(await client().request({ method: 'GET', url: srv.url })).toMatchObject({ kind: 'response', status: 503, body: 'down' })
  })

  it('serves thousands of requests over a bounded pool', async () => {
    const srv = await server((_req, res) => res.end('ok'))
    const http = client({ connectionsPerOrigin: 32 })
    const results = await Promise.all(Array.from({ length: 3000 }, () => http.request({ method: 'POST', url: srv.url, body: '{}' })))
    expect(results.every((r) => r.kind === 'response' && r.status === 200)).toBe(true)
    // Kept alive and shared: at most the pool's 32 connections for 3,000 requests, and more than one
    // of them at once. (How many per second is the benchmark's business, not a test's: it depends on
    // the machine.)
    expect(srv.connections).toBeLessThanOrEqual(32)
    expect(srv.connections).toBeGreaterThan(1)
  })
})

describe('http client: not_sent — the server certainly never saw the request', () => {
  it('connection refused', async () => {
    const result = await client().request({ method: 'POST', url: `http://127.0.0.1:${await refusedPort()}/`, body: '{}' })
    expectKind(result, 'not_sent', /ECONNREFUSED/)
  })

  it('unknown host', async () => {
    const result = await client().request({ method: 'GET', url: 'http://parley-no-such-host.invalid/' })
    expectKind(result, 'not_sent', /ENOTFOUND|EAI_AGAIN/)
  })

  it('connect timeout', async () => {
    const listener = await unacceptingPort()
    cleanups.push(() => listener.close())
    const result = await client({ connectTimeoutMs: 200 }).request({ method: 'POST', url: `http://127.0.0.1:${listener.port}/`, body: '{}', timeoutMs: 5000 })
    expectKind(result, 'not_sent', /UND_ERR_CONNECT_TIMEOUT/)
  })

  it('no free connection within the timeout, and the queued request is never sent later', async () => {
    const bodies: string[] = []
    const srv = await server((_req, res, body) => {
      bodies.push(body)
      setTimeout(() => res.end('slow'), 300)
    })
    const http = client({ connectionsPerOrigin: 1 })
    const first = http.request({ method: 'POST', url: srv.url, body: '1', timeoutMs: 10_000 })
    // The one connection is taken once the server has the first request (and holds it 300 ms).
    while (srv.requests === 0) await sleep(5)
    expectKind(await http.request({ method: 'POST', url: srv.url, body: '2', timeoutMs: 100 }), 'not_sent', /no connection within 100 ms/)
    expect(await first).toMatchObject({ kind: 'response', body: 'slow' })
    // Queued behind a given-up request, a later one is sent next: had the given-up one stayed
    // queued, the server would have had it before this one.
    expect(await http.request({ method: 'POST', url: srv.url, body: '3', timeoutMs: 10_000 })).toMatchObject({ kind: 'response', body: 'slow' })
    expect(bodies).toEqual(['1', '3'])
  })

  it('an invalid URL', async () => {
    expectKind(await client().request({ method: 'GET', url: 'not a url' }), 'not_sent', /invalid URL/)
  })
})

describe('http client: no_answer — the request may have been received', () => {
  it('headers timeout', async () => {
    const srv = await server(() => undefined)
    const result = await client().request({ method: 'POST', url: srv.url, body: '{}', timeoutMs: 150 })
    expectKind(result, 'no_answer', /UND_ERR_HEADERS_TIMEOUT/)
    expect(srv.requests).toBe(1)
  })

  it('body timeout', async () => {
    const srv = await server((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"messages":')
    })
    expectKind(await client().request({ method: 'POST', url: srv.url, body: '{}', timeoutMs: 150 }), 'no_answer', /UND_ERR_BODY_TIMEOUT/)
  })

  it('socket closed after the request arrived', async () => {
    const srv = await server((req) => req.socket.destroy())
    expectKind(await client().request({ method: 'POST', url: srv.url, body: '{}' }), 'no_answer', /UND_ERR_SOCKET/)
  })

  it('connection reset after the request arrived', async () => {
    const srv = await server((req) => req.socket.resetAndDestroy())
    expectKind(await client().request({ method: 'POST', url: srv.url, body: '{}' }), 'no_answer', /ECONNRESET/)
  })

  it('response cut short', async () => {
    const srv = await server((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"messages":', () => req.socket.destroy())
    })
    expectKind(await client().request({ method: 'POST', url: srv.url, body: '{}' }), 'no_answer')
  })
})

describe('http client: given up on through an AbortSignal (a shutdown)', () => {
  it('a request still waiting for a connection ends not_sent and never reaches the server', async () => {
    const bodies: string[] = []
    let release: (() => void) | null = null
    const srv = await server((_req, res, body) => {
      bodies.push(body)
      if (body === '1') release = () => res.end('late')
      else res.end('at once')
    })
    const http = client({ connectionsPerOrigin: 1 })
    const first = http.request({ method: 'POST', url: srv.url, body: '1', timeoutMs: 10_000 })
    while (srv.requests === 0) await sleep(5)
    const abort = new AbortController()
    const queued = http.request({ method: 'POST', url: srv.url, body: '2', timeoutMs: 10_000, signal: abort.signal })
    abort.abort()
    expectKind(await queued, 'not_sent', /aborted before it was sent/)
    release!()
    expect(await first).toMatchObject({ kind: 'response', body: 'late' })
    // Had the given-up request stayed queued, the server would have had it before this one.
    expect(await http.request({ method: 'POST', url: srv.url, body: '3', timeoutMs: 10_000 })).toMatchObject({ kind: 'response', body: 'at once' })
    expect(bodies).toEqual(['1', '3'])
  })

  it('a request the server has ends no_answer at once, not when the server would have answered', async () => {
    const srv = await server(() => undefined)
    const abort = new AbortController()
    const pending = client().request({ method: 'POST', url: srv.url, body: '{}', timeoutMs: 60_000, signal: abort.signal })
    while (srv.requests === 0) await sleep(5)
    abort.abort()
    expectKind(await pending, 'no_answer')
  })

  it('an already aborted signal sends nothing', async () => {
    const srv = await server((_req, res) => res.end('x'))
    expectKind(await client().request({ method: 'GET', url: srv.url, signal: AbortSignal.abort() }), 'not_sent')
    expect(srv.requests).toBe(0)
  })

  it('destroy cuts the requests in flight, and close after it resolves', async () => {
    const srv = await server(() => undefined)
    const http = createHttpClient()
    const pending = http.request({ method: 'POST', url: srv.url, body: '{}', timeoutMs: 60_000 })
    while (srv.requests === 0) await sleep(5)
    await http.destroy()
    expectKind(await pending, 'no_answer')
    await http.close()
  })
})
