import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { twilioSignature } from '../../src/providers/twilio/twilio-signature.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { type LocalServer, startServer } from '../providers/local-server.js'

/*
 * Twilio callbacks through Parley's own webhook route, store and processor: the receiver keeps the
 * callback URL's message id and the receipt time beside the form (Twilio gives neither in the body).
 * Twilio itself is a local stand-in that takes the send and never answers: the in-doubt path.
 */
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef'
const AUTH_TOKEN = 'tw-route-test-token'

describeEachDatabase('Twilio webhooks through Parley', (dialect) => {
  let h: Harness
  let twilio: LocalServer
  const sends: URLSearchParams[] = []

  beforeAll(async () => {
    // Takes every send and answers nothing: Parley's call times out, the message is in doubt.
    twilio = await startServer((_req: IncomingMessage, _res: ServerResponse, body: string) => void sends.push(new URLSearchParams(body)))
    const dir = mkdtempSync(join(tmpdir(), 'parley-twilio-'))
    const file = join(dir, 'parley.yaml')
    writeFileSync(
      file,
      `accounts:
  meta: { provider: meta, sandbox: true }
  tw: { provider: twilio, accountSid: ${ACCOUNT_SID}, authToken: ${AUTH_TOKEN}, baseUrl: "${twilio.url}", contentBaseUrl: "${twilio.url}", requestTimeoutMs: 300 }
senders:
  - { id: default, account: meta }
  - { id: tw-sms, account: tw, channel: sms, number: "+15550009998" }
`,
    )
    h = await startHarness(dialect, { env: { PARLEY_CONFIG_FILE: file } })
  })
  afterAll(async () => {
    await h?.close()
    await twilio?.close()
  })

  const post = (url: string, fields: Record<string, string>, token = AUTH_TOKEN) => {
    const body = new URLSearchParams(fields)
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(token, url, body) },
      body: body.toString(),
    })
  }

  it('an inbound SMS is answered with empty TwiML and filed with the time Parley received it', async () => {
    const before = Date.now()
    const answer = await post(`${h.url}/webhooks/twilio/tw`, { MessageSid: 'SMin000000000000000000000000000001', From: '+4915112340001', To: '+15550009998', Body: 'When is the lesson?', NumMedia: '0', SmsStatus: 'received' })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/^text\/xml/)
    expect(await answer.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>')
    const messages = await eventually(async () => {
      const got = await h.api('GET', '/v1/contacts/+4915112340001/messages')
      const items = (got.body as { data?: Array<{ direction: string; text: string; from: string; provider: string; created_at: string }> }).data ?? []
      return items.length > 0 ? items : undefined
    })
    expect(messages[0]).toMatchObject({ direction: 'inbound', text: 'When is the lesson?', from: '+4915112340001', provider: 'twilio' })
    expect(Date.parse(messages[0]!.created_at)).toBeGreaterThanOrEqual(before - 1000)
  })

  it('a forged callback is refused and stored nowhere', async () => {
    const receipts = async () => Number((await h.db.database.receipts.selectFrom('webhook_receipts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await receipts()
    const answer = await post(`${h.url}/webhooks/twilio/tw`, { MessageSid: 'SMforged', From: '+4915112340002', To: '+15550009998', Body: 'hi' }, 'not-the-token')
    expect(answer.status).toBe(401)
    expect(await receipts()).toBe(before)
  })

  it('a send left in doubt is reconciled by the status callback that names our message in its URL', async () => {
    const sent = await h.api('POST', '/v1/messages', { from: 'tw-sms', to: '+4915112340003', text: 'Lesson moved to 16:00' })
    expect(sent.status, JSON.stringify(sent.body)).toBe(202)
    const id = (sent.body as { id: string }).id
    const form = await eventually(async () => sends.find((s) => s.get('To') === '+4915112340003'))
    const callback = form.get('StatusCallback')!
    expect(new URL(callback).searchParams.get('parley_message_id')).toBe(id)
    const answer = await post(callback, { MessageSid: 'SMout00000000000000000000000000001', MessageStatus: 'delivered', From: '+15550009998', To: '+4915112340003', AccountSid: ACCOUNT_SID })
    expect(answer.status).toBe(200)
    const message = await eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${id}`)
      const body = got.body as { status: string; provider_message_id: string | null }
      return body.status === 'delivered' ? body : undefined
    })
    expect(message.provider_message_id).toBe('SMout00000000000000000000000000001')
  })
})
