import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboundContent, TemplateContent } from '../../src/core/messages/content.js'
import type { Channel } from '../../src/core/providers/channel.js'
import type { InboundEvent, ProviderEvent, SendOutcome, StatusEvent, WebhookRequest } from '../../src/core/providers/provider.js'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import type { AccountAdapter, ProviderKind, SenderSpec } from '../../src/providers/provider-kind.js'
import { sandboxOptions, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { eventually } from '../support/harness.js'

/**
 * One contract every provider adapter meets, run against its sandbox flavour over real HTTP:
 * sends go to the flavour's API, and every callback the flavour posts is checked and read from the
 * exact bytes and URL received, as Parley's webhook route would. A case a provider cannot meet is
 * skipped with the reason (`skip`), never silently passed.
 */

export type ContractCase =
  | 'send text'
  | 'send template'
  | 'send media'
  | 'failure: not on the channel'
  | 'failure: outside the window'
  | 'inbound text'
  | 'inbound button reply'
  | 'authenticity'
  | 'templates: create, sync, status'
  | 'errors: bad credentials'
  | 'errors: provider down'
  | 'in doubt: reconciled from a status callback'

/** What a simulated user sends in the contract's inbound cases. */
export type UserMessage = { text: string } | { button: { text: string; payload: string; replyTo?: string } }

export interface ContractTarget<Account> {
  kind: ProviderKind<Account>
  channel: Channel
  /** The flavour's sandbox number, as a sender on the account. */
  sender: SenderSpec
  /** Sandbox options for this run (the harness adds fast status delays and template review). */
  sandbox?: Partial<SandboxOptions>
  /** Points the flavour's callbacks at `url` (the harness's receiver, with the account's token when it has one). */
  connect(sandbox: Sandbox, url: string): void
  /** A simulated user writes to the sender; resolves once the sandbox has taken it. */
  userWrites(sandbox: Sandbox, from: string, message: UserMessage): Promise<void>
  /** Makes `phone` a number the channel cannot reach (not on WhatsApp; an SMS number that does not exist). */
  unreachable(sandbox: Sandbox, phone: string): void
  /** The account with credentials the provider refuses. */
  badCredentials(account: Account): Account
  /** A template the sandbox has approved for this flavour, sent with these values. */
  approvedTemplate?: TemplateContent
  /** A new template to submit in the templates case; its name must be unused. */
  newTemplate?: TemplateDefinition
  /** Status words the flavour reports for a delivered message, in Parley's terms, at least these. */
  deliveredStatuses?: readonly StatusEvent['status'][]
  skip?: Partial<Record<ContractCase, string>>
}

/**
 * What every WhatsApp target through the sandbox shares: a user writing to the flavour's `number`, a
 * phone set not on WhatsApp, the seeded `order_update` template, and a new one named `templateName`.
 */
export function sandboxWhatsApp(number: string, templateName: string): Pick<ContractTarget<unknown>, 'userWrites' | 'unreachable' | 'approvedTemplate' | 'newTemplate' | 'deliveredStatuses'> {
  return {
    userWrites: async (sandbox, from, message) =>
      void (await sandbox.userSends(from, 'text' in message ? { text: message.text } : { button: { text: message.button.text, payload: message.button.payload } }, number)),
    unreachable: (sandbox, phone) => void sandbox.setUser(phone, { onWhatsApp: false }),
    approvedTemplate: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] },
    newTemplate: {
      name: templateName,
      language: 'en_US',
      category: 'UTILITY',
      parameterFormat: 'positional',
      header: null,
      body: { text: 'Hello {{1}}, your lesson starts at {{2}} today.', examples: { '1': 'Ana', '2': '15:00' } },
      footer: null,
      buttons: [],
    },
    deliveredStatuses: ['sent', 'delivered', 'read'],
  }
}

interface Received {
  request: WebhookRequest
  events: ProviderEvent[]
}

export function describeProviderContract<Account>(title: string, target: ContractTarget<Account>): void {
  describe(`provider contract: ${title}`, () => {
    let sandbox: Sandbox
    let http: HttpClient
    let receiver: Server
    let receiverUrl = ''
    let account: AccountAdapter
    let settings: Account
    const received: Received[] = []
    const refused: Array<{ request: WebhookRequest; reason: string }> = []
    let seq = 0

    const build = (accountSettings: Account): AccountAdapter =>
      target.kind.createAccount(accountSettings, [target.sender], { http, webhookUrl: () => webhookUrl(accountSettings), requestTimeoutMs: 3000 })
    const webhookUrl = (accountSettings: Account) => {
      const token = target.kind.webhookToken(accountSettings)
      return `${receiverUrl}/webhooks/${target.kind.name}/contract${token ? `?token=${encodeURIComponent(token)}` : ''}`
    }
    const provider = () => account.messaging(target.sender)
    const nextId = () => `msg_contract_${target.kind.name}_${++seq}`
    const nextPhone = () => `+49151${String(7_000_000 + ++seq)}`
    const events = () => received.flatMap((r) => r.events)
    const statusesOf = (outcome: SendOutcome & { kind: 'accepted' }) =>
      events().filter((e): e is StatusEvent => e.kind === 'status' && e.providerMessageId === outcome.providerMessageId)
    const skipReason = (name: ContractCase) => target.skip?.[name]
    const contractCase = (name: ContractCase, body: () => Promise<void>) => {
      const reason = skipReason(name)
      if (reason) it.skip(`${name} — skipped: ${reason}`, body)
      else it(name, body, 20_000)
    }

    async function accepted(content: OutboundContent, to = nextPhone(), messageId = nextId()) {
      const outcome = await provider().send({ messageId, to, content })
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: 'accepted' })
      return { outcome: outcome as SendOutcome & { kind: 'accepted' }, to, messageId }
    }

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', () => {
          const request: WebhookRequest = { rawBody: Buffer.concat(chunks), headers: req.headers, url: `${receiverUrl}${req.url ?? '/'}` }
          const verification = account.receiver.verify(request)
          if (!verification.ok) {
            refused.push({ request, reason: verification.reason })
            res.writeHead(401).end()
            return
          }
          // As the webhook route does: parse what the receiver keeps of the request (Twilio: the form, our id and the time).
          const parsed = account.receiver.parse(account.receiver.receiptBody?.(request, Date.now()) ?? request.rawBody)
          received.push({ request, events: parsed.ok ? parsed.events : [{ kind: 'ignored', reason: `UNPARSEABLE ${parsed.reason}` }] })
          const ack = account.receiver.acknowledgement
          res.writeHead(200, { 'content-type': ack?.contentType ?? 'application/json' }).end(ack?.body ?? '{"ok":true}')
        })
      })
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
      sandbox = await startSandbox(
        sandboxOptions({
          statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
          webhookRetry: { maxAttempts: 5, initialDelayMs: 20, maxDelayMs: 200 },
          templateReview: { delayMs: 50 },
          ...target.sandbox,
        } as Partial<SandboxOptions>),
      )
      http = createHttpClient()
      settings = target.kind.sandboxAccount(sandbox.url)
      account = build(settings)
      target.connect(sandbox, webhookUrl(settings))
    })

    afterAll(async () => {
      await sandbox?.close()
      await http?.close()
      await new Promise((resolve) => receiver?.close(resolve))
    })

    contractCase('send text', async () => {
      // Free text goes inside a conversation the parent started (on WhatsApp, its 24-hour window).
      const to = nextPhone()
      await target.userWrites(sandbox, to, { text: 'When is the lesson?' })
      const { outcome } = await accepted({ kind: 'text', text: 'Lesson at 15:00 — see you! 😀' }, to)
      const wanted = target.deliveredStatuses ?? ['sent', 'delivered']
      const statuses = await eventually(async () => {
        const seen = statusesOf(outcome)
        return wanted.every((status) => seen.some((s) => s.status === status)) ? seen : undefined
      })
      for (const status of statuses) expect(status.at).toBeGreaterThan(Date.UTC(2020, 0, 1))
    })

    contractCase('send template', async () => {
      if (!target.approvedTemplate) throw new Error('the target names no approved template')
      const { outcome } = await accepted(target.approvedTemplate)
      await eventually(async () => statusesOf(outcome).find((s) => s.status === 'delivered'))
    })

    contractCase('send media', async () => {
      const to = nextPhone()
      await target.userWrites(sandbox, to, { text: 'send me the worksheet' })
      const { outcome } = await accepted({ kind: 'media', mediaType: 'document', link: 'https://files.parley.example/worksheet.pdf', filename: 'worksheet.pdf', caption: 'Homework' }, to)
      await eventually(async () => statusesOf(outcome).find((s) => s.status === 'delivered'))
    })

    contractCase('failure: not on the channel', async () => {
      const to = nextPhone()
      target.unreachable(sandbox, to)
      const outcome = await provider().send({ messageId: nextId(), to, content: target.approvedTemplate ?? { kind: 'text', text: 'Balance low — pay here' } })
      // The platforms take the message and report the failure later (docs/platform.md §4.2): a status Parley marks the contact by.
      expect(outcome.kind).toBe('accepted')
      const failed = await eventually(async () => statusesOf(outcome as SendOutcome & { kind: 'accepted' }).find((s) => s.status === 'failed'))
      expect(failed.error).toMatchObject({ code: expect.any(String), retryable: false, unreachable: true })
    })

    contractCase('failure: outside the window', async () => {
      const { outcome } = await accepted({ kind: 'text', text: 'nobody wrote to us first' })
      const failed = await eventually(async () => statusesOf(outcome).find((s) => s.status === 'failed'))
      expect(failed.error).toMatchObject({ code: expect.any(String), retryable: false })
      expect(failed.error?.unreachable ?? false).toBe(false)
    })

    contractCase('inbound text', async () => {
      const from = nextPhone()
      await target.userWrites(sandbox, from, { text: 'Hi! Is the lesson at 15:00? Çok teşekkürler' })
      const inbound = await eventually(async () =>
        events().find((e): e is InboundEvent => e.kind === 'inbound' && e.content.kind === 'text' && e.content.text.includes('Çok teşekkürler') && e.fromPhone === from),
      )
      expect(inbound.providerMessageId).toEqual(expect.any(String))
      expect(inbound.at).toBeGreaterThan(Date.UTC(2020, 0, 1))
    })

    contractCase('inbound button reply', async () => {
      const from = nextPhone()
      await target.userWrites(sandbox, from, { button: { text: 'Confirm', payload: 'confirm-lesson-42' } })
      const inbound = await eventually(async () => events().find((e): e is InboundEvent => e.kind === 'inbound' && e.fromPhone === from))
      expect(inbound.content).toMatchObject(
        inbound.content.kind === 'interactive' ? { title: 'Confirm', id: 'confirm-lesson-42' } : { kind: 'button', text: 'Confirm', payload: 'confirm-lesson-42' },
      )
    })

    contractCase('authenticity', async () => {
      await target.userWrites(sandbox, nextPhone(), { text: 'check my signature' })
      const genuine = await eventually(async () => received.at(-1)?.request)
      expect(account.receiver.verify(genuine)).toEqual({ ok: true })
      const url = new URL(genuine.url)
      if (url.searchParams.has('token')) {
        // A token proves who posted, not what: the wrong token and no token are what it refuses.
        url.searchParams.set('token', 'not-the-secret')
        expect(account.receiver.verify({ ...genuine, url: url.toString() })).toEqual({ ok: false, reason: 'bad_signature' })
        url.searchParams.delete('token')
        expect(account.receiver.verify({ ...genuine, url: url.toString() })).toMatchObject({ ok: false, reason: 'missing_signature' })
      } else {
        const tampered = Buffer.concat([genuine.rawBody, Buffer.from(' ')])
        expect(account.receiver.verify({ ...genuine, rawBody: tampered })).toEqual({ ok: false, reason: 'bad_signature' })
        const headers: IncomingHttpHeaders = Object.fromEntries(Object.entries(genuine.headers).filter(([name]) => !/signature/i.test(name)))
        expect(account.receiver.verify({ ...genuine, headers })).toEqual({ ok: false, reason: 'missing_signature' })
      }
    })

    contractCase('templates: create, sync, status', async () => {
      const templates = account.templates
      if (!templates || !target.newTemplate) throw new Error('the target has no templates to test')
      const submitted = await templates.submit(target.newTemplate)
      expect(submitted, JSON.stringify(submitted)).toMatchObject({ kind: 'ok', value: { providerTemplateId: expect.any(String) } })
      const id = (submitted as { value: { providerTemplateId: string } }).value.providerTemplateId
      const approved = await eventually(async () => {
        const listed = await templates.list()
        if (listed.kind !== 'ok') return undefined
        const found = listed.value.find((t) => t.providerTemplateId === id)
        return found?.status === 'approved' ? found : undefined
      })
      expect(approved.definition).toMatchObject({ name: target.newTemplate.name, language: target.newTemplate.language })
    })

    contractCase('errors: bad credentials', async () => {
      const wrong = build(target.kind.accountSchema.parse(target.badCredentials(settings)))
      const outcome = await wrong.messaging(target.sender).send({ messageId: nextId(), to: nextPhone(), content: { kind: 'text', text: 'who am I?' } })
      expect(outcome).toMatchObject({ kind: 'rejected', code: expect.any(String), title: expect.any(String) })
    })

    contractCase('errors: provider down', async () => {
      sandbox.setFaults({ serverErrorRate: 1 })
      try {
        const outcome = await provider().send({ messageId: nextId(), to: nextPhone(), content: { kind: 'text', text: 'try me later' } })
        expect(outcome).toMatchObject({ kind: 'retryable' })
      } finally {
        sandbox.setFaults({ serverErrorRate: 0 })
      }
    })

    contractCase('in doubt: reconciled from a status callback', async () => {
      const messageId = nextId()
      const to = nextPhone()
      await target.userWrites(sandbox, to, { text: 'open the window for the lost answer' })
      sandbox.setFaults({ dropAfterRate: 1 })
      let outcome: SendOutcome
      try {
        outcome = await provider().send({ messageId, to, content: { kind: 'text', text: 'the answer to this one is lost' } })
      } finally {
        sandbox.setFaults({ dropAfterRate: 0 })
      }
      expect(outcome.kind).toBe('in_doubt')
      // The provider took it after all: its status callback names our message, which is what reconciles it.
      const status = await eventually(async () => events().find((e): e is StatusEvent => e.kind === 'status' && e.messageId === messageId))
      expect(status.providerMessageId).toEqual(expect.any(String))
    })

    // Last: every callback the flavour posted during the cases passed the adapter's own check.
    it('verified and read every callback the sandbox posted', () => {
      expect(refused.map((r) => `${r.reason}: ${r.request.url}`)).toEqual([])
      expect(events().filter((e) => e.kind === 'ignored' && e.reason.startsWith('UNPARSEABLE'))).toEqual([])
    })
  })
}
