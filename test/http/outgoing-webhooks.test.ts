import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { refusedPort } from '../providers/local-server.js'

interface Received {
  delivery: string
  topic: string
  signature: string
  body: string
}

describeEachDatabase('webhooks to the business', (dialect) => {
  let h: Harness
  let receiver: Server
  let url: string
  const received: Received[] = []
  let failNext = 0

  beforeAll(async () => {
    // The receiver listens on loopback, which deliveries may reach only with this development setting.
    h = await startHarness(dialect, { env: { PARLEY_OUTGOING_RETRY_BASE_MS: '20', PARLEY_OUTGOING_RETRY_MAX_MS: '100', PARLEY_OUTGOING_ALLOW_PRIVATE: 'true' } })
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += String(c)))
      req.on('end', () => {
        if (failNext > 0) {
          failNext--
          res.writeHead(503).end()
          return
        }
        received.push({ delivery: String(req.headers['x-parley-delivery']), topic: String(req.headers['x-parley-topic']), signature: String(req.headers['x-parley-signature']), body })
        res.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/parley`
  })
  afterAll(async () => {
    await h?.close()
    await new Promise((resolve) => receiver?.close(resolve))
  })

  it('posts status changes and inbound messages, signed, retrying until a 2xx, with a log and replay', async () => {
    const sub = await h.api('POST', '/v1/webhooks', { url, topics: ['message.status', 'message.inbound', 'contact.opt_out'] })
    expect(sub.status).toBe(201)
    expect(sub.body.secret).toMatch(/^whsec_/)
    expect((await h.api('GET', '/v1/webhooks')).body.data).toEqual([expect.not.objectContaining({ secret: expect.anything() })])

    failNext = 2
    const sent = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'hello_world', language: 'en_US' } })
    await eventually(async () => received.filter((r) => r.topic === 'message.status').length >= 3, 10_000, 'three status webhooks')
    const statuses = received.filter((r) => r.topic === 'message.status').map((r) => JSON.parse(r.body) as { message_id: string; status: string })
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
    expect(statuses.every((s) => s.message_id === sent.body.id)).toBe(true)
    for (const r of received) {
      const [t, v1] = r.signature.split(',').map((part) => part.split('=')[1]!)
      expect(v1).toBe(createHmac('sha256', sub.body.secret).update(`${t}.${r.body}`).digest('hex'))
    }

    await h.sandbox.userSends('+4915112345678', { text: 'Thanks!' })
    const inbound = await eventually(async () => received.find((r) => r.topic === 'message.inbound'))
    expect(JSON.parse(inbound.body)).toMatchObject({ topic: 'message.inbound', from: '+4915112345678', content: { kind: 'text', text: 'Thanks!' } })

    await h.sandbox.userSends('+4915112345678', { text: 'STOP' })
    const optOut = await eventually(async () => received.find((r) => r.topic === 'contact.opt_out'))
    expect(JSON.parse(optOut.body)).toMatchObject({ topic: 'contact.opt_out', phone: '+4915112345678', keyword: 'STOP' })

    // The confirmation's own statuses follow; wait until everything queued has gone out.
    const log = await eventually(async () => {
      const rows = (await h.api('GET', `/v1/webhooks/${sub.body.id}/deliveries`)).body.data as Array<{ id: number; state: string; attempts: number }>
      return rows.every((d) => d.state === 'delivered') ? rows : undefined
    })
    expect(log.some((d) => d.attempts >= 2)).toBe(true)
    const first = log.at(-1)!
    const copies = () => received.filter((r) => r.delivery === String(first.id)).length
    expect(copies()).toBe(1)
    expect((await h.api('POST', `/v1/webhooks/deliveries/${first.id}/replay`)).status).toBe(202)
    await eventually(async () => copies() === 2)
    expect((await h.api('DELETE', `/v1/webhooks/${sub.body.id}`)).status).toBe(204)
    expect((await h.api('GET', '/v1/webhooks')).body.data).toEqual([])
  })
  it('with private targets allowed, a delivery to a name that resolves to loopback arrives', async () => {
    const sub = await h.api('POST', '/v1/webhooks', { url: url.replace('127.0.0.1', 'localhost'), topics: ['message.status'] })
    expect(sub.status).toBe(201)
    const sent = await h.api('POST', '/v1/messages', { to: '+4915112345679', template: { name: 'hello_world', language: 'en_US' } })
    await eventually(async () => received.some((r) => r.topic === 'message.status' && (JSON.parse(r.body) as { message_id: string }).message_id === sent.body.id), 10_000, 'a status webhook')
    expect((await h.api('DELETE', `/v1/webhooks/${sub.body.id}`)).status).toBe(204)
  })

  it('logs a failed connection as "connection failed", never the socket error that names what is listening where', async () => {
    const sub = await h.api('POST', '/v1/webhooks', { url: `http://127.0.0.1:${await refusedPort()}/parley`, topics: ['message.status'] })
    expect(sub.status).toBe(201)
    await h.api('POST', '/v1/messages', { to: '+4915112345670', template: { name: 'hello_world', language: 'en_US' } })
    const failed = await eventually(async () => {
      const rows = (await h.api('GET', `/v1/webhooks/${sub.body.id}/deliveries`)).body.data as Array<{ attempts: number; last_status: number | null; last_error: string | null }>
      return rows.find((d) => d.attempts >= 1)
    }, 10_000, 'a failed attempt')
    expect(failed).toMatchObject({ last_status: null, last_error: 'connection failed' })
    expect((await h.api('DELETE', `/v1/webhooks/${sub.body.id}`)).status).toBe(204)
  })
})
