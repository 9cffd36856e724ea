import { lookup } from 'node:dns/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { startServer, type LocalServer } from '../providers/local-server.js'

// Without PARLEY_OUTGOING_ALLOW_PRIVATE: the default a deployment runs with.
describeEachDatabase('webhooks to the business: only public targets', (dialect) => {
  let h: Harness
  let receiver: LocalServer

  beforeAll(async () => {
    h = await startHarness(dialect)
    receiver = await startServer((_req, res) => res.writeHead(200).end())
  })
  afterAll(async () => {
    await h?.close()
    await receiver?.close()
  })

  it('refuses to subscribe a URL whose host is a non-public address, in any spelling', async () => {
    const port = new URL(receiver.url).port
    for (const url of [
      `http://127.0.0.1:${port}/`,
      'http://127.0.0.1:5432/',
      'http://2130706433:6379/',
      'http://0177.0.0.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://0.0.0.0:3001/sandbox/reset',
      'http://[::]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal/',
      'http://[fe80::1]/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://[fd00::1]/',
      'http://[fd00:ec2::254]/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
    ]) {
      const res = await h.api('POST', '/v1/webhooks', { url, topics: ['message.status'] })
      expect(res.status, url).toBe(400)
      expect(res.body.error, url).toMatchObject({ code: 'webhook_url_forbidden', details: { url } })
    }
    const ftp = await h.api('POST', '/v1/webhooks', { url: 'ftp://example.com/', topics: ['message.status'] })
    expect(ftp.status).toBe(400)
    expect((await h.api('GET', '/v1/webhooks')).body.data).toEqual([])
    expect(receiver.connections).toBe(0)
  })

  it('refuses, when connecting, a host name that resolves to loopback; the receiver sees nothing and the log says only why', async () => {
    // The premise: the resolver answers loopback for "localhost" (a name, so the subscription passes).
    expect((await lookup('localhost', { all: true })).map((a) => a.address)).toContain('127.0.0.1')
    const sub = await h.api('POST', '/v1/webhooks', { url: `http://localhost:${new URL(receiver.url).port}/parley`, topics: ['message.status'] })
    expect(sub.status).toBe(201)

    await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'hello_world', language: 'en_US' } })
    const refused = await eventually(async () => {
      const rows = (await h.api('GET', `/v1/webhooks/${sub.body.id}/deliveries`)).body.data as Array<{ state: string; attempts: number; last_status: number | null; last_error: string | null }>
      return rows.find((d) => d.state === 'failed')
    }, 10_000, 'a refused delivery')
    // Refused before any connection, and not retried: the address is the subscription's fault.
    expect(refused).toMatchObject({ attempts: 1, last_status: null, last_error: 'refused: private address' })
    expect(receiver.connections).toBe(0)
    expect((await h.api('DELETE', `/v1/webhooks/${sub.body.id}`)).status).toBe(204)
  })
})
