import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { verifyMetaSignature } from '../../src/providers/meta-cloud/meta-webhook.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, SANDBOX_CREDENTIALS, startHarness, type Harness } from '../support/harness.js'

/**
 * A body whose bytes do not survive a trip through a string: `\u00e9` escaped beside a literal é,
 * a tab and CRLF between tokens, and in the user's text one byte (0xFF) that is not UTF-8. Decoding
 * turns that byte into U+FFFD (three bytes), so a body stored as text no longer matches its signature.
 */
function unusualInbound(): Buffer {
  const head = Buffer.from(
    '{"object":"whatsapp_business_account",\t"entry":[{"id":"' +
      SANDBOX_CREDENTIALS.wabaId +
      '","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",\r\n' +
      '"metadata":{"display_phone_number":"15550001234","phone_number_id":"' +
      SANDBOX_CREDENTIALS.phoneNumberId +
      '"},"contacts":[{"profile":{"name":"Ren\\u00e9e Ren\u00e9e"},"wa_id":"4915112345679"}],' +
      '"messages":[{"from":"4915112345679","id":"wamid.RAW1","timestamp":"1750030000","type":"text","text":{"body":"caf',
    'utf8',
  )
  const tail = Buffer.from(' \\u00e9 \u00e9"}}]}}]}]}', 'utf8')
  return Buffer.concat([head, Buffer.from([0xff]), tail])
}

const sign = (body: Buffer) => `sha256=${createHmac('sha256', SANDBOX_CREDENTIALS.appSecret).update(body).digest('hex')}`

describeEachDatabase('provider webhook bodies are stored as the bytes that were signed', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
  })
  afterAll(async () => h?.close())

  it('keeps every byte, so the signature still verifies from what was stored, and still applies it', async () => {
    const body = unusualInbound()
    const signature = sign(body)
    const answer = await fetch(`${h.url}/webhooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body })
    expect(answer.status).toBe(200)

    const stored = await h.db.database.receipts.selectFrom('webhook_receipts').select(['body', 'state']).executeTakeFirstOrThrow()
    expect(Buffer.isBuffer(stored.body)).toBe(true)
    expect(stored.body.equals(body)).toBe(true)
    expect(verifyMetaSignature(SANDBOX_CREDENTIALS.appSecret, { rawBody: stored.body, headers: { 'x-hub-signature-256': signature }, url: 'http://127.0.0.1/webhooks/meta' })).toEqual({ ok: true })

    // The processor decodes the stored bytes: the user's message is recorded, escapes resolved.
    const conversation = await eventually(async () => {
      const got = await h.api('GET', `/v1/contacts/${encodeURIComponent('+4915112345679')}/messages`)
      return got.body.data?.length > 0 ? got.body.data : undefined
    })
    expect(conversation[0]).toMatchObject({ direction: 'inbound', content: { kind: 'text', text: 'caf\ufffd \u00e9 \u00e9' } })
  })
})
