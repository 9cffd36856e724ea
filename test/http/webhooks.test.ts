import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createParley } from '../../src/main.js'
import { createLogger } from '../../src/runtime/logger.js'
import type { E164 } from '../../src/core/contacts/phone.js'
import { createIds } from '../../src/runtime/ids.js'
import { createStores } from '../../src/store/stores.js'
import { describeEachDatabase, openTestDatabase } from '../support/databases.js'
import { eventually, SANDBOX_CREDENTIALS, startHarness, type Harness } from '../support/harness.js'

function sign(body: string, secret: string = SANDBOX_CREDENTIALS.appSecret): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

function statusBody(wamid: string, messageId: string, status: string, timestamp: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: SANDBOX_CREDENTIALS.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001234', phone_number_id: SANDBOX_CREDENTIALS.phoneNumberId },
              statuses: [{ id: wamid, status, timestamp: String(timestamp), recipient_id: '4915112345678', biz_opaque_callback_data: messageId }],
            },
          },
        ],
      },
    ],
  })
}

describeEachDatabase('provider webhooks', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  const post = (body: string, signature?: string) =>
    fetch(`${h.url}/webhooks/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body,
    })

  async function receiptCount(): Promise<number> {
    const row = await h.db.database.receipts.selectFrom('webhook_receipts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async function readMessage() {
    const sent = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'hello_world', language: 'en_US' } })
    return eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${sent.body.id}`)
      return got.body.status === 'read' ? got.body : undefined
    })
  }

  it('answers the verification handshake with the challenge, and refuses a wrong token', async () => {
    const ok = await fetch(`${h.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${SANDBOX_CREDENTIALS.verifyToken}&hub.challenge=1158201444`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('1158201444')
    const wrong = await fetch(`${h.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)
    expect(wrong.status).toBe(403)
    expect(await h.sandbox.verifySubscription()).toBe(true)
  })

  it('refuses a bad or missing signature with 401 and changes nothing', async () => {
    const message = await readMessage()
    const before = await receiptCount()
    const body = statusBody(message.provider_message_id, message.id, 'failed', 1_900_000_000)
    const forged = await post(body, sign(body, 'not-the-app-secret'))
    expect(forged.status).toBe(401)
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('webhook_signature_invalid')
    expect((await post(body)).status).toBe(401)
    const tampered = await post(body.replace('failed', 'sent  '), sign(body))
    expect(tampered.status).toBe(401)
    expect(await receiptCount()).toBe(before)
    expect((await h.api('GET', `/v1/messages/${message.id}`)).body.status).toBe('read')
  })

  it("answers at each account's own address, and 404 where no account is configured", async () => {
    // The harness's one-sender configuration is the sandbox's Meta account, id `meta`: /webhooks/meta/meta.
    const message = await readMessage()
    const body = statusBody(message.provider_message_id, message.id, 'delivered', 1_900_000_000)
    const perAccount = (account: string, signature?: string) =>
      fetch(`${h.url}/webhooks/meta/${account}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body })
    expect((await perAccount('meta', sign(body))).status).toBe(200)
    expect((await perAccount('meta', sign(body, 'not-the-app-secret'))).status).toBe(401)
    const unknown = await perAccount('no-such-account', sign(body))
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found')
    expect((await fetch(`${h.url}/webhooks/gupshup/meta`, { method: 'POST', body })).status).toBe(404)
    const handshake = await fetch(`${h.url}/webhooks/meta/meta?hub.mode=subscribe&hub.verify_token=${SANDBOX_CREDENTIALS.verifyToken}&hub.challenge=42`)
    expect(await handshake.text()).toBe('42')
  })

  it('changes nothing when the same webhook arrives again', async () => {
    const message = await readMessage()
    const body = statusBody(message.provider_message_id, message.id, 'delivered', 1_900_000_000)
    expect((await post(body, sign(body))).status).toBe(200)
    expect((await post(body, sign(body))).status).toBe(200)
    await h.parley.processor.drain()
    const after = (await h.api('GET', `/v1/messages/${message.id}`)).body
    expect(after.status).toBe('read')
    expect(after.history.filter((e: { status: string }) => e.status === 'delivered')).toHaveLength(1)
  })

  it('refuses a correctly signed body it cannot understand', async () => {
    const body = '{"object":"page","entry":"x"}'
    const res = await post(body, sign(body))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('webhook_malformed')
  })

  it('keeps out-of-order statuses in the history without moving the status back', async () => {
    // The sandbox posts no `delivered`; the test posts it itself once `read` is applied. (Left to the
    // sandbox's reordering fault, the two posts a few milliseconds apart could be stored either way.)
    h.sandbox.setFaults({ skipDeliveredRate: 1 })
    try {
      const message = await readMessage()
      await h.sandbox.idle()
      const late = statusBody(message.provider_message_id, message.id, 'delivered', 1_900_000_000)
      expect((await post(late, sign(late))).status).toBe(200)
      await h.parley.processor.drain()
      const after = (await h.api('GET', `/v1/messages/${message.id}`)).body
      expect(after.status).toBe('read')
      const statuses = after.history.map((e: { status: string }) => e.status)
      expect(statuses.indexOf('read')).toBeGreaterThan(-1)
      expect(statuses.indexOf('read')).toBeLessThan(statuses.indexOf('delivered'))
    } finally {
      h.sandbox.setFaults({ skipDeliveredRate: 0 })
    }
  })

  it('stores inbound messages with their own timestamp and keys the user by wa_id', async () => {
    const phone = '+905321234567'
    const wamid = await h.sandbox.userSends(phone, { text: 'Merhaba! Ders saat kaçta? 🙂 https://example.com/a/b', profileName: 'Ayşe' })
    const page = await eventually(async () => {
      const res = await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)
      return res.status === 200 && res.body.data.length > 0 ? res.body : undefined
    })
    expect(page.data[0]).toMatchObject({
      direction: 'inbound',
      from: phone,
      kind: 'text',
      status: 'received',
      provider_message_id: wamid,
      text: 'Merhaba! Ders saat kaçta? 🙂 https://example.com/a/b',
    })
    const contact = await h.db.database.db.selectFrom('contacts').selectAll().where('phone', '=', phone).executeTakeFirstOrThrow()
    expect(contact.provider_user_id).toBe('905321234567')
    expect(contact.profile_name).toBe('Ayşe')
    // The window starts at the user's send time (whole seconds in the webhook), not at receipt.
    expect(contact.last_inbound_at! % 1000).toBe(0)
    expect(Math.abs(contact.last_inbound_at! - Date.now())).toBeLessThan(10_000)
  })

  it('stores the raw body before processing, so receipts left by a crash are processed at the next start', async () => {
    // A database of its own, so that no other running processor can pick the receipt up.
    const db = await openTestDatabase(dialect)
    const { outbox, messages } = createStores(db.database, createIds())
    await outbox.enqueue([{ id: 'msg_crash', to: '+4915112345678' as E164, market: 'DE', senderId: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp', content: { kind: 'text', text: 'x' }, preview: 'x', segments: null, metadata: null, dueAt: 0 }], 0)
    const [claimed] = await outbox.claimDue('default', 0, 1, 60_000, 'w')
    await outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: 'wamid.crash' } }], 'w', 1)
    // What a crash between "stored" and "processed" leaves behind: a pending receipt.
    const body = statusBody('wamid.crash', 'msg_crash', 'delivered', 1_900_000_000)
    await db.database.receipts.insertInto('webhook_receipts').values({ provider: 'meta', body: Buffer.from(body), received_at: 2, state: 'pending' }).execute()
    const restarted = await createParley(h.config, { roles: { api: true, worker: false }, logger: createLogger('silent'), database: db.database })
    try {
      await eventually(async () => (await messages.get('msg_crash'))?.status === 'delivered')
      // The receipt is marked processed just after what it said was applied: wait for that too.
      const receipt = await eventually(async () => {
        const row = await db.database.receipts.selectFrom('webhook_receipts').selectAll().executeTakeFirstOrThrow()
        return row.state === 'processed' ? row : undefined
      })
      expect(receipt).toMatchObject({ state: 'processed' })
      expect(receipt.body.equals(Buffer.from(body))).toBe(true)
    } finally {
      await restarted.close()
      await db.close()
    }
  })
})
