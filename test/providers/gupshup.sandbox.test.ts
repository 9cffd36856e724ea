import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TemplateContent } from '../../src/core/messages/content.js'
import type { ProviderEvent, SendOutcome, StatusEvent } from '../../src/core/providers/provider.js'
import type { TemplateStatusEvent } from '../../src/core/providers/templates.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { gupshupKind } from '../../src/providers/gupshup/gupshup-kind.js'
import type { AccountAdapter } from '../../src/providers/provider-kind.js'
import { DEMO_TEMPLATES, type Sandbox, sandboxOptions, startSandbox, type TemplateDefinition } from '../../src/sandbox/index.js'
import { eventually } from '../support/harness.js'

/**
 * What the contract suite does not reach, against the sandbox's Gupshup flavour over HTTP: the
 * opt-in register legacy apps send by, a template whose values span header, body and a button, and
 * the template-event that follows a review. Every callback is verified and read as the webhook route would.
 */
const SENDER = { id: 'school', number: '+15550001236', channel: 'whatsapp' } as const

/** The school's payment reminder, as the sandbox seeds it: a named header and body, and a URL button with a variable. */
const BALANCE_LOW = {
  name: 'balance_low',
  language: 'en',
  category: 'UTILITY',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Balance of {{child_name}}', example: { header_text_named_params: [{ param_name: 'child_name', example: 'Max' }] } },
    {
      type: 'BODY',
      text: 'Hello {{parent_name}}, the lesson balance for {{child_name}} is low: {{lessons_left}} left.',
      example: { body_text_named_params: [{ param_name: 'parent_name', example: 'Anna' }, { param_name: 'child_name', example: 'Max' }, { param_name: 'lessons_left', example: '1' }] },
    },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Pay now', url: 'https://pay.school.example/{{1}}', example: ['INV-2093'] }] },
  ],
}

let sandbox: Sandbox
let http: HttpClient
let receiver: Server
let account: AccountAdapter
const events: ProviderEvent[] = []
const refusals: string[] = []
let seq = 0
const nextPhone = () => `+49152${String(8_000_000 + ++seq)}`

beforeAll(async () => {
  let url = ''
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks)
      const verified = account.receiver.verify({ rawBody, headers: req.headers, url: `${url}${req.url ?? '/'}` })
      const parsed = account.receiver.parse(rawBody)
      if (!verified.ok) refusals.push(verified.reason)
      else if (!parsed.ok) refusals.push(parsed.reason)
      else events.push(...parsed.events)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  sandbox = await startSandbox(
    sandboxOptions({
      gupshupRequireOptIn: true,
      statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
      templateReview: { delayMs: 50 },
      templates: [...DEMO_TEMPLATES, BALANCE_LOW] as TemplateDefinition[],
    }),
  )
  http = createHttpClient()
  const settings = gupshupKind.sandboxAccount(sandbox.url)
  account = gupshupKind.createAccount(settings, [SENDER], { http, webhookUrl: () => null, requestTimeoutMs: 3000 })
  sandbox.setCallbackUrl('gupshup', `${url}/webhooks/gupshup/school?token=${encodeURIComponent(gupshupKind.webhookToken(settings)!)}`)
})

afterAll(async () => {
  await sandbox?.close()
  await http?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

const statusOf = (outcome: SendOutcome, status: StatusEvent['status']) =>
  eventually(async () => events.find((e): e is StatusEvent => e.kind === 'status' && outcome.kind === 'accepted' && e.providerMessageId === outcome.providerMessageId && e.status === status))
const send = (to: string, content: TemplateContent) => account.messaging(SENDER).send({ messageId: `msg_${++seq}`, to, content })
const orderUpdate: TemplateContent = { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] }

describe('Gupshup against the sandbox', () => {
  it('an app that requires opt-ins: a template fails (1006) until the number is registered, then is delivered', async () => {
    const parent = nextPhone()
    const before = await send(parent, orderUpdate)
    expect(before.kind).toBe('accepted')
    expect((await statusOf(before, 'failed')).error).toMatchObject({ code: '1006', retryable: false })

    expect(await account.optIns!.optIn(parent)).toEqual({ kind: 'ok', value: null })
    const listed = await account.optIns!.optedInUsers()
    expect(listed.kind === 'ok' && listed.value).toContain(parent)
    // Gupshup's user-event for it is read and set aside: Parley has no provider opt-in event.
    await eventually(async () => events.find((e) => e.kind === 'ignored' && e.reason === `user-event:opted-in for ${parent.slice(1)}`))

    await statusOf(await send(parent, orderUpdate), 'delivered')
  })

  // The flavour reads `params` as the body's values alone, as docs/platform.md §7.1 first said; §7.1 now
  // records Gupshup's "every parameter of the message bubble, in order" (header first), with a button's value last.
  it('named values in header, body and a URL button are sent in the template order Gupshup expects', async () => {
    const parent = nextPhone()
    await account.optIns!.optIn(parent)
    const outcome = await send(parent, {
      kind: 'template',
      name: 'balance_low',
      language: 'en',
      params: { child_name: 'Max', lessons_left: '1', parent_name: 'Anna' },
      headerParams: { child_name: 'Max' },
      buttonParams: [{ index: 0, type: 'url', value: 'INV-2093' }],
    })
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: 'accepted' })
    await statusOf(outcome, 'delivered')
    // Each value reached the variable it belongs to: the sandbox read them in the order of §7.1.
    const carried = sandbox.accepted().find((m) => m.to === parent.slice(1))?.content as { components: Array<{ type: string; parameters: Array<{ text: string }> }> }
    const values = (type: string) => carried.components.filter((c) => c.type === type).flatMap((c) => c.parameters.map((p) => p.text))
    expect(values('header')).toEqual(['Max'])
    expect(values('button')).toEqual(['INV-2093'])
    expect(values('body').sort()).toEqual(['1', 'Anna', 'Max'])
  })

  it('a submitted template is reviewed, and the template-event names it', async () => {
    const submitted = await account.templates!.submit({
      name: 'trial_booked_gupshup',
      language: 'en',
      category: 'UTILITY',
      parameterFormat: 'positional',
      header: null,
      body: { text: 'The trial lesson for {{1}} is booked on {{2}}, see you there.', examples: { '1': 'Max', '2': 'Monday' } },
      footer: 'Kids English School',
      buttons: [],
    })
    expect(submitted, JSON.stringify(submitted)).toMatchObject({ kind: 'ok', value: { status: 'pending' } })
    const id = submitted.kind === 'ok' ? submitted.value.providerTemplateId : ''
    const decided = await eventually(async () => events.find((e): e is TemplateStatusEvent => e.kind === 'template_status' && e.providerTemplateId === id))
    expect(decided).toMatchObject({ status: 'approved', name: expect.any(String) })
    const listed = await account.templates!.list()
    const found = listed.kind === 'ok' ? listed.value.find((t) => t.providerTemplateId === id) : undefined
    expect(found?.definition).toMatchObject({ name: 'trial_booked_gupshup', footer: 'Kids English School', body: { examples: { '1': 'Max', '2': 'Monday' } } })
  })

  it('`parley providers check` finds the contacts missing from the opt-in register, and --fix registers them', async () => {
    const registered = nextPhone()
    const unregistered = [nextPhone(), nextPhone()]
    await account.optIns!.optIn(registered)
    const context = { webhookUrl: null, contactPhones: async () => [registered, ...unregistered] }
    const [before] = await account.check!(context)
    expect(before).toMatchObject({ item: 'opt-ins', state: 'todo', detail: expect.stringContaining('2 of 3 contact(s)') })
    expect(await before!.fix!()).toBe('2 of 2 registered')
    expect(await account.check!(context)).toMatchObject([{ item: 'opt-ins', state: 'ok' }])
  })

  it('every callback passed the token check and was read', () => {
    expect(refusals).toEqual([])
  })
})
