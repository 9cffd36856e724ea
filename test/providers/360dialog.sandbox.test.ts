import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { InboundEvent, ProviderEvent } from '../../src/core/providers/provider.js'
import { d360Kind } from '../../src/providers/360dialog/360dialog-kind.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import type { AccountAdapter } from '../../src/providers/provider-kind.js'
import { type Sandbox, sandboxOptions, startSandbox } from '../../src/sandbox/index.js'
import { eventually } from '../support/harness.js'

/** `parley providers check` on a 360dialog account: the webhook URL is registered through 360dialog's API, and then used. */
const SENDER = { id: 'school', number: '+15550001235', numberId: '100000000000003', channel: 'whatsapp' } as const

let sandbox: Sandbox
let http: HttpClient
let receiver: Server
let account: AccountAdapter
let webhookUrl = ''
const events: ProviderEvent[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks)
      const verified = account.receiver.verify({ rawBody, headers: req.headers, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${req.url ?? '/'}` })
      const parsed = account.receiver.parse(rawBody)
      if (verified.ok && parsed.ok) events.push(...parsed.events)
      res.writeHead(verified.ok ? 200 : 401).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  sandbox = await startSandbox(sandboxOptions({ statusDelaysMs: { sent: 5, delivered: 10, read: 15 } }))
  http = createHttpClient()
  const settings = d360Kind.sandboxAccount(sandbox.url)
  account = d360Kind.createAccount(settings, [SENDER], { http, webhookUrl: () => webhookUrl, requestTimeoutMs: 3000 })
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/360dialog/school?token=${encodeURIComponent(d360Kind.webhookToken(settings)!)}`
})

afterAll(async () => {
  await sandbox?.close()
  await http?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

it('reports an unregistered webhook URL, registers it on --fix, and 360dialog then posts there', async () => {
  const context = { webhookUrl, contactPhones: async () => [] }
  const [before] = await account.check!(context)
  expect(before).toMatchObject({ item: 'webhook registration', state: 'todo' })
  expect(await before!.fix!()).toBe('registered the webhook URL with 360dialog')
  expect(await account.check!(context)).toMatchObject([{ item: 'webhook registration', state: 'ok' }])

  await sandbox.userSends('+4915112345678', { text: 'registered?' }, SENDER.number)
  const inbound = await eventually(async () => events.find((e): e is InboundEvent => e.kind === 'inbound' && e.fromPhone === '+4915112345678'))
  expect(inbound.content).toEqual({ kind: 'text', text: 'registered?' })
})

it('nothing to register while Parley has no public address', async () => {
  expect(await account.check!({ webhookUrl: null, contactPhones: async () => [] })).toEqual([])
})
