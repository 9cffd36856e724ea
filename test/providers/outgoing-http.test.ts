import { lookup } from 'node:dns/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createOutgoingPoster, type OutgoingPoster } from '../../src/providers/outgoing-http.js'
import { type LocalServer, refusedPort, startServer } from './local-server.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function poster(allowPrivate: boolean): OutgoingPoster {
  const created = createOutgoingPoster({ allowPrivate, timeoutMs: 5000 })
  cleanups.push(() => created.close())
  return created
}

async function receiver(): Promise<LocalServer & { port: string; paths: string[] }> {
  const paths: string[] = []
  const started = await startServer((req, res) => {
    paths.push(req.url ?? '')
    if (req.url === '/moved') res.writeHead(302, { location: '/secret' }).end('see /secret')
    else res.writeHead(200).end('internal details')
  })
  cleanups.push(() => started.close())
  return Object.assign(started, { port: new URL(started.url).port, paths })
}

const JSON_HEADERS = { 'content-type': 'application/json' }

describe('outgoing poster: the address is checked when connecting', () => {
  it('refuses a loopback address literal without connecting', async () => {
    const srv = await receiver()
    expect(await poster(false).post(`${srv.url}/hook`, JSON_HEADERS, '{}')).toEqual({ kind: 'refused' })
    expect(srv.connections).toBe(0)
  })

  it('refuses a host name that resolves to loopback (checked after DNS) without connecting', async () => {
    // The premise: this machine's resolver answers loopback for "localhost".
    expect((await lookup('localhost', { all: true })).map((a) => a.address)).toContain('127.0.0.1')
    const srv = await receiver()
    expect(await poster(false).post(`http://localhost:${srv.port}/hook`, JSON_HEADERS, '{}')).toEqual({ kind: 'refused' })
    expect(srv.connections).toBe(0)
  })

  it('with private targets allowed, the same post arrives; only its status is returned', async () => {
    const srv = await receiver()
    expect(await poster(true).post(`http://localhost:${srv.port}/hook`, JSON_HEADERS, '{"a":1}')).toEqual({ kind: 'answered', status: 200 })
    expect(srv.paths).toEqual(['/hook'])
  })

  it('does not follow a redirect', async () => {
    const srv = await receiver()
    expect(await poster(true).post(`${srv.url}/moved`, JSON_HEADERS, '{}')).toEqual({ kind: 'answered', status: 302 })
    expect(srv.paths).toEqual(['/moved'])
  })

  it('reports a connection that fails as failed, with no error text', async () => {
    expect(await poster(true).post(`http://127.0.0.1:${await refusedPort()}/hook`, JSON_HEADERS, '{}')).toEqual({ kind: 'failed' })
  })
})
