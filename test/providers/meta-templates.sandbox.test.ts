import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TemplateContent } from '../../src/core/messages/content.js'
import type { ProviderEvent, SendRequest } from '../../src/core/providers/provider.js'
import type { RemoteTemplate, TemplateEvent } from '../../src/core/providers/templates.js'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { createHttpClient, type HttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'
import { type Sandbox, sandboxOptions, startSandbox } from '../../src/sandbox/index.js'
import { boxPhoto, orderUpdate, pickupPoint, welcomeNamed } from './meta-template-fixtures.js'

/**
 * The Meta adapter's template side against Parley's sandbox, over real HTTP both ways: the Graph
 * management endpoints (docs/platform.md §3.1) and the template webhooks (§2.7) the sandbox's review posts. The
 * sandbox is written from the platform doc independently, so agreement here is a cross-check.
 */

const WABA_ID = '100000000000001'
let sb: Sandbox
let http: HttpClient
let receiver: Server
const events: ProviderEvent[] = []
const unverified: Buffer[] = []

const meta = () =>
  createMetaCloudProvider(
    { baseUrl: sb.url, apiVersion: 'v23.0', phoneNumberId: '100000000000002', wabaId: WABA_ID, accessToken: 'sandbox-access-token', appSecret: 'sandbox-app-secret', verifyToken: 'parley-verify', requestTimeoutMs: 5000 },
    http,
  )

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      if (!meta().verify({ rawBody: raw, headers: req.headers, url: `http://127.0.0.1${req.url ?? '/'}` }).ok) unverified.push(raw)
      const parsed = meta().parse(raw)
      events.push(...(parsed.ok ? parsed.events : [{ kind: 'ignored' as const, reason: `UNPARSEABLE ${parsed.reason}` }]))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/meta`
  sb = await startSandbox(sandboxOptions({
    webhookUrl,
    verifyToken: 'parley-verify',
    statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
    templateReview: { delayMs: 20, rejectLanguages: [{ language: 'tr', reason: 'INVALID_FORMAT' }], reclassifyUtilityToMarketing: 'promotional' },
  }))
  http = createHttpClient()
})

afterAll(async () => {
  await sb?.close()
  await http?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

/** A fixture under a name of its own: the sandbox's demo templates already use `order_update` and `welcome_named`. */
const named = (definition: TemplateDefinition, name: string): TemplateDefinition => ({ ...definition, name })

async function listAll(): Promise<RemoteTemplate[]> {
  const result = await meta().templates.list()
  if (result.kind !== 'ok') throw new Error(`list: ${JSON.stringify(result)}`)
  return result.value
}

async function submitted(definition: TemplateDefinition): Promise<string> {
  const result = await meta().templates.submit(definition)
  if (result.kind !== 'ok') throw new Error(`submit ${definition.name}: ${JSON.stringify(result)}`)
  return result.value.providerTemplateId
}

const templateEvents = (id: string): TemplateEvent[] =>
  events.filter((e): e is TemplateEvent => e.kind !== 'ignored' && e.kind !== 'status' && e.kind !== 'inbound' && e.providerTemplateId === id)

async function sendOutcome(content: Omit<TemplateContent, 'kind' | 'language'> & { language?: string }, to = '+4915122220001') {
  const request: SendRequest = { messageId: `msg_${content.name}`, to, content: { kind: 'template', language: 'en_US', ...content } }
  return meta().send(request)
}

describe('Meta templates against the sandbox', () => {
  it('lists Meta\'s samples and the demo templates, every one readable', async () => {
    const all = await listAll()
    const helloWorld = all.find((t) => t.definition.name === 'hello_world')
    expect(helloWorld).toMatchObject({
      status: 'approved',
      providerStatus: 'APPROVED',
      rejectedReason: null,
      definition: {
        language: 'en_US',
        category: 'UTILITY',
        parameterFormat: 'positional',
        header: { format: 'text', text: 'Hello World', examples: {} },
        footer: 'WhatsApp Business Platform sample message',
        buttons: [],
      },
    })
    expect(all.map((t) => t.definition.name)).toEqual(expect.arrayContaining(['sample_issue_resolution', 'sample_purchase_feedback', 'order_update', 'welcome_named']))
    expect(all.every((t) => /^\d+$/.test(t.providerTemplateId))).toBe(true)
  })

  it.each([
    ['positional with header variable and buttons', named(orderUpdate, 'ct_order_update')],
    ['named with a phone button', { ...named(welcomeNamed, 'ct_welcome_named'), buttons: welcomeNamed.buttons.filter((b) => b.type !== 'copy_code') }],
    ['image header with its sample handle', named(boxPhoto, 'ct_box_photo')],
    ['location header', named(pickupPoint, 'ct_pickup_point')],
  ])('%s: submitted, approved by webhook, listed back as submitted', async (_name, definition) => {
    const result = await meta().templates.submit(definition)
    expect(result).toMatchObject({ kind: 'ok', value: { status: 'pending', category: definition.category } })
    const id = (result as { value: { providerTemplateId: string } }).value.providerTemplateId
    await sb.idle()
    expect(templateEvents(id)).toEqual([
      { kind: 'template_status', providerTemplateId: id, name: definition.name, language: definition.language, status: 'approved', providerStatus: 'APPROVED', reason: null, at: expect.any(Number) },
    ])
    expect(templateEvents(id)[0]!.at).toBeGreaterThan(1.7e12)
    const listed = (await listAll()).find((t) => t.providerTemplateId === id)
    expect(listed).toMatchObject({ status: 'approved', definition })
    expect(listed?.definition).toEqual(definition)
  })

  it('template sends with header text, header media, body and button parameters pass the sandbox\'s checks', async () => {
    await sb.idle()
    expect(await sendOutcome({
      name: 'ct_order_update',
      headerParams: ['#1234'],
      params: ['Ana', '#1234', 'Friday'],
      buttonParams: [{ index: 0, type: 'quick_reply', value: 'STOP_UPDATES' }, { index: 1, type: 'url', value: '1234' }],
    })).toMatchObject({ kind: 'accepted' })
    expect(await sendOutcome({
      name: 'ct_welcome_named',
      language: 'pt_BR',
      headerParams: { first_name: 'Ana' },
      params: { first_name: 'Ana', order_number: '#1234' },
    }, '+4915122220002')).toMatchObject({ kind: 'accepted' })
    expect(await sendOutcome({ name: 'ct_box_photo', language: 'en', params: [], headerMedia: { type: 'image', link: 'https://cdn.example/box.jpg' } }, '+4915122220003')).toMatchObject({ kind: 'accepted' })
    // A missing button value is Meta's 132000, refused by the sandbox too.
    expect(await sendOutcome({ name: 'ct_order_update', headerParams: ['#1'], params: ['Ana', '#1', 'Friday'] }, '+4915122220004')).toMatchObject({ kind: 'rejected', code: '132000' })
  })

  // Skipped, the sandbox being wrong: it requires `text` on a COPY_CODE button, while Meta says "copy
  // code button text cannot be customized" and the platform doc (§3.1, §3.2) and public code create it
  // as {type: "COPY_CODE", example} alone. Reported to the sandbox's author; unskip once it accepts that.
  it.skip('a copy-code button: submitted, approved, listed back, and its code sent as coupon_code', async () => {
    const definition = named({ ...welcomeNamed, header: null, buttons: [{ type: 'copy_code', example: 'SAVE10' }] }, 'ct_coupon')
    const id = await submitted(definition)
    await sb.idle()
    expect((await listAll()).find((t) => t.providerTemplateId === id)).toMatchObject({ status: 'approved', definition })
    const coupon = { name: 'ct_coupon', language: 'pt_BR', params: { first_name: 'Ana', order_number: '#1234' } }
    expect(await sendOutcome({ ...coupon, buttonParams: [{ index: 0, type: 'copy_code', value: 'SAVE10' }] }, '+4915122220005')).toMatchObject({ kind: 'accepted' })
  })

  it('a second submission of the same name and language is refused with 100 / 2388024', async () => {
    expect(await meta().templates.submit(named(orderUpdate, 'ct_order_update'))).toMatchObject({ kind: 'refused', error: { code: '100', subcode: '2388024' } })
  })

  it('a rejection arrives by webhook with its reason, and the list shows it', async () => {
    const id = await submitted({ ...named(pickupPoint, 'ct_rejected'), language: 'tr', body: { text: 'Siparişiniz {{1}} teslim alınmaya hazır.', examples: { '1': '#88' } } })
    await sb.idle()
    expect(templateEvents(id)).toMatchObject([{ kind: 'template_status', status: 'rejected', providerStatus: 'REJECTED', reason: 'INVALID_FORMAT' }])
    expect((await listAll()).find((t) => t.providerTemplateId === id)).toMatchObject({ status: 'rejected', rejectedReason: 'INVALID_FORMAT' })
  })

  it('a promotional UTILITY submission is filed as MARKETING: in the create answer, by webhook and in the list', async () => {
    const promo = named({ ...orderUpdate, body: { text: 'Hi {{1}}, your order {{2}} ships on {{3}}. Enjoy 20% off your next order with us.', examples: orderUpdate.body.examples } }, 'ct_promo')
    const result = await meta().templates.submit(promo)
    expect(result).toMatchObject({ kind: 'ok', value: { category: 'MARKETING' } })
    const id = (result as { value: { providerTemplateId: string } }).value.providerTemplateId
    await sb.idle()
    expect(templateEvents(id)).toContainEqual(expect.objectContaining({ kind: 'template_category', previousCategory: 'UTILITY', newCategory: 'MARKETING' }))
    expect((await listAll()).find((t) => t.providerTemplateId === id)).toMatchObject({ status: 'approved', definition: { category: 'MARKETING' } })
  })

  it('editing an approved template sends it back to review; it is approved again with the new text', async () => {
    const id = (await listAll()).find((t) => t.definition.name === 'ct_pickup_point')!.providerTemplateId
    const edited = named({ ...pickupPoint, body: { text: 'Tu pedido {{1}} ya está listo para recoger.', examples: { '1': '#89' } } }, 'ct_pickup_point')
    expect(await meta().templates.edit(id, edited)).toEqual({ kind: 'ok', value: { providerTemplateId: id, status: 'pending', category: 'UTILITY' } })
    await sb.idle()
    expect(templateEvents(id).map((e) => (e.kind === 'template_status' ? e.providerStatus : e.kind))).toEqual(['APPROVED', 'APPROVED'])
    expect((await listAll()).find((t) => t.providerTemplateId === id)?.definition).toEqual(edited)
  })

  it('removes one language by id, then every language by name', async () => {
    const en = await submitted(named(pickupPoint, 'ct_removed'))
    const es = await submitted({ ...named(pickupPoint, 'ct_removed'), language: 'es' })
    await sb.idle()
    expect(await meta().templates.remove('ct_removed', en)).toEqual({ kind: 'ok', value: null })
    expect((await listAll()).filter((t) => t.definition.name === 'ct_removed').map((t) => t.providerTemplateId)).toEqual([es])
    expect(await meta().templates.remove('ct_removed')).toEqual({ kind: 'ok', value: null })
    expect((await listAll()).some((t) => t.definition.name === 'ct_removed')).toBe(false)
    expect(await meta().templates.remove('ct_removed')).toMatchObject({ kind: 'refused' })
  })

  it('lists more than a page (100) across the sandbox\'s cursors, each template once', async () => {
    const before = await listAll()
    for (let i = 0; i < 100; i++) await submitted(named(pickupPoint, `ct_bulk_${String(i).padStart(3, '0')}`))
    const after = await listAll()
    expect(after).toHaveLength(before.length + 100)
    expect(new Set(after.map((t) => t.providerTemplateId)).size).toBe(after.length)
    await sb.idle()
  })

  it('every template webhook was signed and read; none ignored', async () => {
    await sb.idle()
    expect(unverified).toEqual([])
    expect(events.filter((e) => e.kind === 'ignored')).toEqual([])
    expect(events.filter((e) => e.kind === 'template_status').length).toBeGreaterThan(100)
  })
})
