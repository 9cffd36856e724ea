import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { call } from './bsp-support.js'
import { callMessages, startFast, startReceiver, text, until, utilityTemplate, type Receiver } from './support.js'

const KEY = { 'd360-api-key': 'sandbox-360dialog-key' }
const NUMBER = '+15550001235'
const PHONE_NUMBER_ID = '100000000000003'

function send(sb: Sandbox, body: unknown, headers: Record<string, string> = KEY) {
  return call(sb, 'POST', '/360dialog/messages', { headers, json: body })
}

/** Every `value` of every change in the posts a receiver got, in order. */
function values(receiver: Receiver): any[] {
  return receiver.posts.flatMap((p) => p.body.entry.flatMap((e: any) => e.changes.map((c: any) => c.value)))
}

function statuses(receiver: Receiver, wamid: string): any[] {
  return values(receiver).flatMap((v) => v.statuses ?? []).filter((s: any) => s.id === wamid)
}

/** The 360dialog flavour (docs/platform.md §7.3) over real HTTP: Meta's bodies behind D360-API-KEY, Meta-format unsigned webhooks. */
describe('sandbox 360dialog flavour', () => {
  let meta: Receiver
  let dialog: Receiver
  let sb: Sandbox

  beforeAll(async () => {
    meta = await startReceiver()
    dialog = await startReceiver()
    sb = await startFast(meta, { callbackUrls: { '360dialog': dialog.url } })
  })
  afterAll(async () => {
    await sb.close()
    await meta.close()
    await dialog.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 0 })
    meta.posts.length = 0
    dialog.posts.length = 0
  })

  it('carries an inbound message and a reply with Meta bodies, unsigned, to the 360dialog callback only', async () => {
    const user = '+4915112340101'
    const inbound = await sb.userSends(user, { text: 'Hallo', profileName: 'Lena' }, NUMBER)
    const res = await send(sb, text(user, 'Hi Lena'))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: user, wa_id: '4915112340101' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] })
    const wamid = res.body.messages[0].id
    await sb.idle()
    expect(meta.posts).toEqual([])
    const first = dialog.posts[0]!
    expect(first.headers['content-type']).toBe('application/json')
    expect(first.headers['x-hub-signature-256']).toBeUndefined()
    expect(first.body).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { metadata: { display_phone_number: '15550001235', phone_number_id: PHONE_NUMBER_ID } } }] }],
    })
    expect(values(dialog)[0].messages).toEqual([expect.objectContaining({ id: inbound, from: '4915112340101', type: 'text', text: { body: 'Hallo' } })])
    expect(values(dialog)[0].contacts).toEqual([{ profile: { name: 'Lena' }, wa_id: '4915112340101' }])
    expect(statuses(dialog, wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
    expect(statuses(dialog, wamid)[0]).toMatchObject({ recipient_id: '4915112340101', pricing: { category: 'service' } })
    expect(sb.accepted().at(-1)).toMatchObject({ wamid, phoneNumberId: PHONE_NUMBER_ID, provider: '360dialog' })
    // The window is the 360dialog number's own: the Meta number has none with this user.
    expect(sb.user(user, NUMBER).windowClosesAt).not.toBeNull()
    expect(sb.user(user).windowClosesAt).toBeNull()
  })

  it('reports policy failures by webhook: outside the window 131047, not on WhatsApp 131026', async () => {
    const late = (await send(sb, text('+4915112340102'))).body.messages[0].id
    const absent = (await send(sb, text('+4915112340000'))).body.messages[0].id
    await sb.idle()
    expect(statuses(dialog, late)).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131047 })] })])
    expect(statuses(dialog, absent)).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131026 })] })])
  })

  it("refuses a missing or wrong key with 401 in 360dialog's own shape, and Meta's token is no key", async () => {
    const refused: Array<Record<string, string>> = [{}, { 'd360-api-key': 'wrong' }, { authorization: 'Bearer sandbox-access-token' }]
    for (const headers of refused) {
      const res = await send(sb, text('+4915112340103'), headers)
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ meta: { httpCode: 401, developerMessage: expect.stringMatching(/api_key/), success: false } })
    }
    expect((await call(sb, 'GET', '/360dialog/v1/configs/templates')).status).toBe(401)
    expect(sb.accepted()).toEqual([])
  })

  it("passes the platform's validation errors through in Graph's envelope: messaging_product is required", async () => {
    const { messaging_product: _, ...body } = text('+4915112340104')
    const res = await send(sb, body)
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 100, type: 'OAuthException' })
  })

  it('does not answer for its number on Meta\'s endpoint, nor Meta\'s number under /360dialog', async () => {
    const res = await callMessages(sb, text('+4915112340105'), { phoneNumberId: PHONE_NUMBER_ID })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33 })
    expect((await call(sb, 'POST', '/360dialog/v23.0/100000000000002/messages', { headers: KEY, json: text('+4915112340105') })).status).toBe(404)
  })

  it('lists templates in 360dialog\'s shape over the shared store, creates with Meta\'s body, sends and deletes by name', async () => {
    const list = await call(sb, 'GET', '/360dialog/v1/configs/templates', { headers: KEY })
    expect(list.status).toBe(200)
    expect(list.body).toMatchObject({ count: list.body.waba_templates.length, total: list.body.waba_templates.length, offset: 0, waba_templates: expect.any(Array) })
    expect(list.body.waba_templates.find((t: any) => t.name === 'hello_world')).toMatchObject({
      language: 'en_US', category: 'UTILITY', status: 'approved', namespace: expect.any(String), rejected_reason: 'NONE', components: expect.any(Array),
    })

    const created = await call(sb, 'POST', '/360dialog/v1/configs/templates', { headers: KEY, json: utilityTemplate('appointment_360') })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ name: 'appointment_360', language: 'en_US', category: 'UTILITY', status: 'submitted' })
    await until(() => sb.templates().some((t) => t.name === 'appointment_360' && t.status === 'APPROVED'), 'the review')
    const filtered = await call(sb, 'GET', `/360dialog/v1/configs/templates?filters=${encodeURIComponent('{"name":"appointment_360"}')}`, { headers: KEY })
    expect(filtered.body.waba_templates).toEqual([expect.objectContaining({ name: 'appointment_360', status: 'approved' })])
    // The approval is a template webhook of the WABA, passed on in Meta's format.
    await until(() => values(dialog).some((v) => v.event === 'APPROVED' && v.message_template_name === 'appointment_360'), 'the status update at the 360dialog callback')

    const sent = await send(sb, {
      messaging_product: 'whatsapp', to: '+4915112340106', type: 'template',
      template: { name: 'appointment_360', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Friday' }] }] },
    })
    expect(sent.status).toBe(200)
    expect(sent.body.messages[0].message_status).toBe('accepted')

    const duplicate = await call(sb, 'POST', '/360dialog/v1/configs/templates', { headers: KEY, json: utilityTemplate('appointment_360') })
    expect(duplicate.status).toBe(400)
    expect(duplicate.body.error).toMatchObject({ code: 100, error_subcode: 2388024 })

    expect((await call(sb, 'DELETE', '/360dialog/v1/configs/templates/appointment_360', { headers: KEY })).status).toBe(200)
    expect(sb.templates().some((t) => t.name === 'appointment_360')).toBe(false)
    expect((await call(sb, 'DELETE', '/360dialog/v1/configs/templates/appointment_360', { headers: KEY })).status).toBe(400)
    // The template send's statuses land here, not in the next test.
    await sb.idle()
  })

  it('sets its callback URL with POST /v1/configs/webhook, and through the control API', async () => {
    const other = await startReceiver()
    try {
      const res = await call(sb, 'POST', '/360dialog/v1/configs/webhook', { headers: KEY, json: { url: other.url } })
      expect(res.body).toEqual({ url: other.url })
      expect(sb.options.callbackUrls?.['360dialog']).toBe(other.url)
      expect((await call(sb, 'GET', '/360dialog/v1/configs/webhook', { headers: KEY })).body).toEqual({ url: other.url })
      await sb.userSends('+4915112340107', { text: 'to the new URL' }, NUMBER)
      await sb.idle()
      expect(other.posts).toHaveLength(1)
      expect(dialog.posts.filter((p) => p.raw.includes('to the new URL'))).toHaveLength(0)
      expect((await call(sb, 'POST', '/360dialog/v1/configs/webhook', { headers: KEY, json: { url: 'not a url' } })).status).toBe(400)
    } finally {
      const back = await call(sb, 'PUT', '/sandbox/callbacks/360dialog', { json: { url: dialog.url } })
      expect(back.body).toEqual({ flavour: '360dialog', url: dialog.url })
      await other.close()
    }
    expect(sb.stats().callbacks['360dialog']).toMatchObject({ url: dialog.url, acknowledged: 1 })
  })

  it('applies the send-path faults: 5xx in Graph\'s envelope with nothing sent, and the lost answer whose statuses still follow', async () => {
    sb.setFaults({ serverErrorRate: 1 })
    const failed = await send(sb, text('+4915112340108'))
    expect(failed.status).toBeGreaterThanOrEqual(500)
    expect(failed.body.error.code).toEqual(expect.any(Number))
    expect(sb.accepted()).toEqual([])

    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 1 })
    await sb.userSends('+4915112340108', { text: 'hi' }, NUMBER)
    await expect(send(sb, text('+4915112340108'))).rejects.toThrow()
    const [accepted] = sb.accepted()
    await sb.idle()
    expect(statuses(dialog, accepted!.wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
    expect(sb.stats().faults).toMatchObject({ serverErrors: 1, droppedAfter: 1 })
  })
})

describe('sandbox 360dialog flavour beside a Meta number with the same id', () => {
  let sb: Sandbox | undefined
  let meta: Receiver | undefined
  let dialog: Receiver | undefined
  afterEach(async () => {
    await sb?.close()
    await meta?.close()
    await dialog?.close()
  })

  it('keeps the two apart: each API reaches its own number, each callback its own URL', async () => {
    meta = await startReceiver()
    dialog = await startReceiver()
    sb = await startFast(meta, {
      phoneNumbers: [
        { id: '100000000000002', displayPhoneNumber: '15550001234', mps: 80 },
        { id: PHONE_NUMBER_ID, displayPhoneNumber: '15550009999', mps: 80 },
      ],
    })
    sb.setCallbackUrl('360dialog', dialog.url)
    const viaMeta = (await callMessages(sb, text('+4915112340109'), { phoneNumberId: PHONE_NUMBER_ID })).body.messages[0].id
    const viaDialog = (await send(sb, text('+4915112340109'))).body.messages[0].id
    await sb.idle()
    expect(statuses(meta, viaMeta)).toHaveLength(1)
    expect(statuses(meta, viaDialog)).toHaveLength(0)
    expect(statuses(dialog, viaDialog)).toHaveLength(1)
    expect(sb.accepted().map((m) => [m.phoneNumberId, m.provider])).toEqual([[PHONE_NUMBER_ID, 'meta'], [PHONE_NUMBER_ID, '360dialog']])
  })

  it('holds callbacks until a URL is set, and says so when idle() times out', async () => {
    sb = await startFast(null)
    await sb.userSends('+4915112340110', { text: 'waiting' }, NUMBER)
    await expect(sb.idle(200)).rejects.toThrow(/flavour callbacks/)
    dialog = await startReceiver()
    sb.setCallbackUrl('360dialog', dialog.url)
    await sb.idle()
    expect(dialog.posts).toHaveLength(1)
    expect(() => sb!.setCallbackUrl('360dialog', 'ftp://x')).toThrow(/http/)
  })
})
