import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, startFast, startReceiver, statusesOf, template, text, type Receiver } from './support.js'

/** The sandbox's own JSON control API (/sandbox/*), as the CLI and users drive it. § numbers cite docs/platform.md. */
describe('sandbox control routes', () => {
  let receiver: Receiver
  let sb: Sandbox

  beforeAll(async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver)
  })
  afterAll(async () => {
    await sb.close()
    await receiver.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setFaults({ extraLatencyMs: 0 })
    receiver.posts.length = 0
  })

  async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${sb.url}/sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
    return { status: res.status, body: await res.json() }
  }

  it('POST /sandbox/users/:phone/messages makes a user write (with +, URL-encoded + or bare digits)', async () => {
    for (const phone of ['%2B4915112345678', '+4915112345678', '4915112345678']) {
      const res = await control('POST', `/users/${phone}/messages`, { text: 'Hi' })
      expect(res.status).toBe(200)
      expect(res.body.id).toMatch(/^wamid\./)
    }
    await sb.idle()
    const froms = receiver.posts.map((p) => p.body.entry[0].changes[0].value.messages[0].from)
    expect(froms).toEqual(['4915112345678', '4915112345678', '4915112345678'])
    // The window is open now: free-form goes through.
    const wamid = (await callMessages(sb, text('+4915112345678'))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, wamid)[0].status).toBe('sent')
  })

  it('accepts button and interactive replies and a phone_number_id; refuses bad bodies with 400', async () => {
    expect((await control('POST', '/users/4915112345678/messages', { button: { text: 'Yes', payload: 'YES' }, contextMessageId: 'wamid.X' })).status).toBe(200)
    expect((await control('POST', '/users/4915112345678/messages', { interactive: { type: 'button_reply', id: 'y', title: 'Yes' }, phone_number_id: '100000000000002' })).status).toBe(200)
    expect((await control('POST', '/users/4915112345678/messages', { text: '' })).status).toBe(400)
    expect((await control('POST', '/users/4915112345678/messages', { emoji: '👍' })).status).toBe(400)
    expect((await control('POST', '/users/not-a-phone/messages', { text: 'x' })).status).toBe(400)
    expect((await control('POST', '/users/4915112345678/messages', { text: 'x', phone_number_id: '42' })).status).toBe(400)
  })

  it('PUT /sandbox/users/:phone: a Brazilian number whose wa_id lacks the extra 9 (§1.10)', async () => {
    const put = await control('PUT', '/users/%2B5511987654321', { waId: '551187654321' })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ phone: '5511987654321', waId: '551187654321', onWhatsApp: true })
    const res = await callMessages(sb, template('+5511987654321'))
    expect(res.body.contacts).toEqual([{ input: '+5511987654321', wa_id: '551187654321' }])
    // The user writes from the wa_id; that opens the window for the same person.
    await control('POST', '/users/551187654321/messages', { text: 'oi' })
    const reply = await callMessages(sb, text('+5511987654321', 'olá'))
    await sb.idle()
    expect(statusesOf(receiver, res.body.messages[0].id).map((s) => s.recipient_id)).toEqual(['551187654321', '551187654321', '551187654321'])
    expect(statusesOf(receiver, reply.body.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
    const inbound = receiver.posts.find((p) => p.body.entry[0].changes[0].value.messages)!.body.entry[0].changes[0].value
    expect(inbound.contacts[0].wa_id).toBe('551187654321')
    expect(inbound.messages[0].from).toBe('551187654321')
    expect((await control('GET', '/users/5511987654321')).body).toMatchObject({ waId: '551187654321', windowClosesAt: expect.any(Number) })
  })

  it('PUT /sandbox/users/:phone: not on WhatsApp → 131026; read receipts off → no read', async () => {
    await control('PUT', '/users/4915112345001', { onWhatsApp: false })
    await control('PUT', '/users/4915112345002', { readReceipts: false })
    const gone = (await callMessages(sb, template('+4915112345001'))).body.messages[0].id
    const quiet = (await callMessages(sb, template('+4915112345002'))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, gone)[0].errors[0].code).toBe(131026)
    expect(statusesOf(receiver, quiet).map((s) => s.status)).toEqual(['sent', 'delivered'])
    expect((await control('PUT', '/users/4915112345002', { onWhatsApp: 'no' })).status).toBe(400)
  })

  it('GET /sandbox/messages and /sandbox/stats report what happened', async () => {
    await callMessages(sb, template('+4915112345678', 'hello_world', { biz_opaque_callback_data: 'o-1' }))
    await callMessages(sb, template('+4915112345678'), { token: 'wrong' })
    await sb.idle()
    const messages = await control('GET', '/messages')
    expect(messages.body).toEqual([
      expect.objectContaining({ phoneNumberId: '100000000000002', to: '4915112345678', waId: '4915112345678', type: 'template', bizOpaqueCallbackData: 'o-1', failsWith: null }),
    ])
    expect(messages.body[0].template).toEqual({ name: 'hello_world', language: 'en_US', category: 'utility' })
    const stats = await control('GET', '/stats')
    expect(stats.body).toMatchObject({ requests: 2, accepted: 1, rejected: { 190: 1 }, webhooks: { posted: 3, acknowledged: 3, pending: 0 } })
  })

  it('PUT /sandbox/faults, PUT /sandbox/webhook, PUT /sandbox/throughput/:id, verify and reset', async () => {
    const faults = await control('PUT', '/faults', { extraLatencyMs: 5 })
    expect(faults.body).toMatchObject({ extraLatencyMs: 5, serverErrorRate: 0 })
    expect(sb.options.faults.extraLatencyMs).toBe(5)
    expect((await control('PUT', '/faults', { serverErrorRate: 3 })).status).toBe(400)
    expect((await control('PUT', '/faults', { nonsense: 1 })).status).toBe(400)
    expect((await control('PUT', '/throughput/100000000000002', { mps: 20 })).body).toEqual({ phoneNumberId: '100000000000002', mps: 20 })
    expect((await control('PUT', '/throughput/42', { mps: 20 })).status).toBe(400)
    expect((await control('POST', '/verify-subscription')).body).toEqual({ verified: true })
    await callMessages(sb, template('+4915112345678'))
    expect((await control('POST', '/reset')).body).toEqual({ ok: true })
    expect((await control('GET', '/messages')).body).toEqual([])
    expect((await control('GET', '/stats')).body).toMatchObject({ accepted: 0, requests: 0 })
    expect((await control('PUT', '/webhook', { url: null })).body).toEqual({ url: null })
    expect(sb.options.webhookUrl).toBeNull()
    expect((await control('PUT', '/webhook', { url: receiver.url })).body).toEqual({ url: receiver.url })
    sb.setThroughput('100000000000002', 80)
  })

  it('answers 404 for unknown control routes', async () => {
    expect((await control('GET', '/nothing')).status).toBe(404)
    expect((await control('DELETE', '/messages')).status).toBe(404)
  })
})
