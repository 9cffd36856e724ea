import { createHmac, timingSafeEqual } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, startFast, startReceiver, statusesOf, template, text, type Receiver } from './support.js'

function signatureOk(raw: string, header: string | undefined, secret = 'sandbox-app-secret'): boolean {
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(Buffer.from(raw, 'utf8')).digest('hex'))
  const got = Buffer.from(header ?? '')
  return got.length === expected.length && timingSafeEqual(got, expected)
}

/** Webhooks the sandbox posts (docs/platform.md §2): envelope, statuses, pricing, inbound, signing, retries. */
describe('sandbox webhooks', () => {
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
    receiver.posts.length = 0
    receiver.answer = () => 200
  })

  it('posts sent, delivered and read with pricing and biz_opaque_callback_data (template outside the window)', async () => {
    const res = await callMessages(sb, template('+4915112345678', 'hello_world', { biz_opaque_callback_data: 'order-42' }), { version: 'v24.0' })
    const wamid = res.body.messages[0].id
    await sb.idle()
    const post = receiver.posts[0]!
    expect(post.headers['content-type']).toBe('application/json')
    expect(post.body).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [{ id: '100000000000001', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001234', phone_number_id: '100000000000002' } } }] }],
    })
    const statuses = statusesOf(receiver, wamid)
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
    const pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' }
    for (const s of statuses) {
      expect(s).toMatchObject({ id: wamid, recipient_id: '4915112345678', biz_opaque_callback_data: 'order-42', timestamp: expect.stringMatching(/^\d{10}$/) })
      expect(Math.abs(Number(s.timestamp) - Date.now() / 1000)).toBeLessThan(5)
      // v24+ omits `conversation` (§2.5).
      expect(s.conversation).toBeUndefined()
    }
    expect(statuses[0].pricing).toEqual(pricing)
    expect(statuses[1].pricing).toEqual(pricing)
    expect(statuses[2].pricing).toBeUndefined()
  })

  it('prices by category and window: marketing regular, utility charged inside the window since 1 Oct 2026 (today), free-form service within the allowance', async () => {
    const user = '+4915112340001'
    const promo = (await callMessages(sb, template(user, 'promo_summer'))).body.messages[0].id
    await sb.userSends(user, { text: 'hi' })
    const utility = (await callMessages(sb, template(user))).body.messages[0].id
    const reply = (await callMessages(sb, text(user, 'Hello!'))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, promo)[0].pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' })
    expect(statusesOf(receiver, utility)[0].pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' })
    expect(statusesOf(receiver, reply)[0].pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' })
    expect(sb.accepted().map((m) => m.template?.category ?? null)).toEqual(['marketing', 'utility', null])
  })

  it('adds a per-message conversation on versions before v24', async () => {
    const wamid = (await callMessages(sb, template('+4915112340002'), { version: 'v23.0' })).body.messages[0].id
    await sb.idle()
    const [sent] = statusesOf(receiver, wamid)
    expect(sent.conversation).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), origin: { type: 'utility' } })
  })

  it('answers 200 and then posts failed 131026 for a recipient not on WhatsApp', async () => {
    const res = await callMessages(sb, text('+4915112340000'))
    expect(res.status).toBe(200)
    const wamid = res.body.messages[0].id
    await sb.idle()
    const statuses = statusesOf(receiver, wamid)
    expect(statuses).toEqual([
      {
        id: wamid,
        status: 'failed',
        timestamp: expect.any(String),
        recipient_id: '4915112340000',
        errors: [
          {
            code: 131026,
            title: 'Message undeliverable',
            message: 'Message undeliverable',
            error_data: { details: expect.any(String) },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      },
    ])
    expect(sb.stats().failed).toEqual({ 131026: 1 })
  })

  it('answers 200 and then posts failed 131047 for free-form outside the window; a user message opens it', async () => {
    const user = '+4915112340003'
    const outside = (await callMessages(sb, text(user))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, outside)).toMatchObject([{ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] }])
    expect(statusesOf(receiver, outside)[0].pricing).toBeUndefined()

    await sb.userSends(user, { text: 'Hi!' })
    const inside = (await callMessages(sb, text(user))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, inside).map((s) => s.status)).toEqual(['sent', 'delivered', 'read'])
  })

  it('computes the window from the user message timestamp: a message 25 hours old does not open it', async () => {
    const user = '+4915112340004'
    await sb.userSends(user, { text: 'long ago', timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 })
    const wamid = (await callMessages(sb, text(user))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, wamid)[0].errors[0].code).toBe(131047)
    expect(sb.user(user).windowClosesAt).toBeLessThan(Date.now())
  })

  it('blocks marketing templates to US numbers with failed 131049 (§4.2)', async () => {
    const us = (await callMessages(sb, template('+12025550123', 'promo_summer'))).body.messages[0].id
    const utility = (await callMessages(sb, template('+12025550123'))).body.messages[0].id
    await sb.idle()
    expect(statusesOf(receiver, us)[0].errors[0].code).toBe(131049)
    expect(statusesOf(receiver, utility)[0].status).toBe('sent')
  })

  it('signs the exact bytes with Meta escaping: emoji, accents and slashes', async () => {
    const words = 'Olá, café 🙂 https://example.com/a/b'
    const wamid = await sb.userSends('+5511987650001', { text: words, profileName: 'Zoë' })
    await sb.idle()
    const post = receiver.posts.find((p) => p.raw.includes(wamid))!
    expect(signatureOk(post.raw, post.headers['x-hub-signature-256'] as string)).toBe(true)
    // Non-ASCII as lowercase \uXXXX (emoji as a surrogate pair), `/` as `\/`; the bytes are pure ASCII.
    expect(post.raw).toContain('"body":"Ol\\u00e1, caf\\u00e9 \\ud83d\\ude42 https:\\/\\/example.com\\/a\\/b"')
    expect(post.raw).toContain('"name":"Zo\\u00eb"')
    expect(/^[\x20-\x7e]*$/.test(post.raw)).toBe(true)
    expect(post.body.entry[0].changes[0].value.messages[0].text.body).toBe(words)
    // A receiver that re-serialises the parsed body cannot verify it.
    expect(signatureOk(JSON.stringify(post.body), post.headers['x-hub-signature-256'] as string)).toBe(false)
    expect(signatureOk(post.raw, post.headers['x-hub-signature-256'] as string, 'another-secret')).toBe(false)
  })

  it('posts inbound text, button and interactive messages shaped as §2.4', async () => {
    const phone = '+4915112340005'
    const tpl = (await callMessages(sb, template(phone))).body.messages[0].id
    const t = await sb.userSends(phone, { text: 'Hi, where is my order?', profileName: 'Ana' })
    const b = await sb.userSends(phone, { button: { text: 'Stop updates', payload: 'STOP_UPDATES' } })
    const i = await sb.userSends(phone, { interactive: { type: 'list_reply', id: 't-09', title: '09:00' }, contextMessageId: 'wamid.LIST' })
    await sb.idle()
    const messages = receiver.posts.filter((p) => p.body.entry[0].changes[0].value.messages).map((p) => p.body.entry[0].changes[0].value)
    expect(messages).toHaveLength(3)
    expect(messages[0].contacts).toEqual([{ profile: { name: 'Ana' }, wa_id: '4915112340005' }])
    expect(messages[0].messages).toEqual([{ from: '4915112340005', id: t, timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'Hi, where is my order?' } }])
    // The profile name sticks to the user; a template quick-reply tap quotes the template.
    expect(messages[1].contacts[0].profile.name).toBe('Ana')
    expect(messages[1].messages[0]).toMatchObject({ id: b, type: 'button', button: { text: 'Stop updates', payload: 'STOP_UPDATES' }, context: { from: '15550001234', id: tpl } })
    expect(messages[2].messages[0]).toMatchObject({ id: i, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 't-09', title: '09:00' } }, context: { id: 'wamid.LIST' } })
    expect(t).toMatch(/^wamid\./)
  })

  it('redelivers after a non-200 answer with backoff until acknowledged', async () => {
    receiver.answer = (n) => (n < 2 ? 500 : 200)
    const wamid = await sb.userSends('+4915112340006', { text: 'retry me' })
    await sb.idle()
    const copies = receiver.posts.filter((p) => p.raw.includes(wamid))
    expect(copies.map((p) => p.answeredWith)).toEqual([500, 500, 200])
    expect(new Set(copies.map((p) => p.raw)).size).toBe(1)
    expect(sb.stats().webhooks).toMatchObject({ posted: 3, acknowledged: 1, failedAttempts: 2, dropped: 0, pending: 0 })
  })

  it('treats any status but 200 as a failure and drops a webhook after maxAttempts', async () => {
    receiver.answer = () => 204
    await sb.userSends('+4915112340007', { text: 'never acknowledged' })
    await sb.idle()
    expect(receiver.posts).toHaveLength(5)
    const stats = sb.stats().webhooks
    expect(stats).toMatchObject({ posted: 5, acknowledged: 0, failedAttempts: 5, dropped: 1, pending: 0 })
    expect(stats.recent.at(-1)).toMatchObject({ kind: 'messages', attempts: 5, outcome: 'dropped', lastError: 'HTTP 204' })
  })

  it('uses the BSUID in `recipient`: contacts carry user_id, statuses recipient_user_id', async () => {
    sb.setUser('+4915112340008', { userId: 'DE.1234abcd' })
    const res = await callMessages(sb, { messaging_product: 'whatsapp', recipient_type: 'individual', recipient: 'DE.1234abcd', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } })
    expect(res.body.contacts).toEqual([{ input: 'DE.1234abcd', user_id: 'DE.1234abcd' }])
    await sb.idle()
    expect(statusesOf(receiver, res.body.messages[0].id)[0]).toMatchObject({ status: 'sent', recipient_id: '4915112340008', recipient_user_id: 'DE.1234abcd' })
  })

  it('accepts a BSUID put in `to` and never delivers it (§1.2)', async () => {
    const res = await callMessages(sb, template('DE.1234abcd'))
    expect(res.status).toBe(200)
    await sb.idle()
    expect(statusesOf(receiver, res.body.messages[0].id)).toEqual([])
  })
})
