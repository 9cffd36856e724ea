import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/*
 * SMS priced per segment by its account's fee model (issue 12): the Twilio account names the
 * Twilio example, US$0.0083 = 8,300 micros per segment sent or received (docs/platform.md §7.4:
 * SMS is billed by segment); the HTTP gateway's account names none, and `direct` prices no SMS.
 */
const PARLEY_YAML = `accounts:
  meta: { provider: meta, sandbox: true }
  tw: { provider: twilio, sandbox: true, feeModel: twilio-example }
  gateway: { provider: http-sms, sandbox: true }
senders:
  - { id: default, account: meta }
  - { id: tw-sms, account: tw, channel: sms }
  - { id: gateway-sms, account: gateway, channel: sms }
`
const TW_NUMBER = '+15550001238'
const PARENT = '+14155550101'
const WRITER = '+14155550102'
// 85 characters with ı, ş and ğ: UCS-2, two parts (test/core/messages/sms-segments.test.ts).
const TURKISH = 'Ayşe için hatırlatma: yarın 15:00 piyano dersi. Değişiklik için bu mesajı yanıtlayın.'

describeEachDatabase('SMS costs', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sms-costs-'))
    writeFileSync(join(dir, 'parley.yaml'), PARLEY_YAML)
    h = await startHarness(dialect, { env: { PARLEY_CONFIG_FILE: join(dir, 'parley.yaml') } })
  })
  afterAll(async () => h?.close())

  it('estimates an SMS per segment at accept, with category sms, and keeps it as the final once sent', async () => {
    const sent = await h.api('POST', '/v1/messages', { to: PARENT, from: 'tw-sms', text: TURKISH })
    expect(sent.status).toBe(202)
    const priced = { platform_micros: 0, provider_micros: 16_600, currency: 'USD', category: 'sms', reason: 'charged', card: null }
    expect(sent.body).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued', segments: 2, cost: { estimated_micros: 16_600, ...priced } })
    const message = await eventually(async () => {
      const got = (await h.api('GET', `/v1/messages/${sent.body.id}`)).body
      return got.cost?.final && got.status === 'delivered' ? got : undefined
    }, 15_000, 'the SMS priced and delivered')
    expect(message).toMatchObject({ channel: 'sms', account: 'tw', segments: 2 })
    expect(message.cost).toEqual({ estimated: { total_micros: 16_600, ...priced }, final: { total_micros: 16_600, ...priced }, discrepancy: false })
  })

  it("prices a received SMS at the provider's inbound price per segment", async () => {
    await h.sandbox.userSendsSms(WRITER, 'Is school open tomorrow?', TW_NUMBER)
    const inbound = await eventually(async () => {
      const list = await h.api('GET', `/v1/contacts/${encodeURIComponent(WRITER)}/messages`)
      return (list.body.data as Array<{ direction: string; cost: unknown }>).find((m) => m.direction === 'inbound')
    }, 10_000, 'the inbound SMS')
    const fee = { total_micros: 8_300, platform_micros: 0, provider_micros: 8_300, currency: 'USD', category: 'sms', reason: 'inbound', card: null }
    expect(inbound).toMatchObject({ channel: 'sms', cost: { estimated: fee, final: fee, discrepancy: false } })
  })

  it('leaves unpriced the SMS of an account whose fee model has no SMS price', async () => {
    const sent = await h.api('POST', '/v1/messages', { to: PARENT, from: 'gateway-sms', text: 'Lesson at 15:00 tomorrow.' })
    expect(sent.body).toEqual({ id: expect.stringMatching(/^msg_/), status: 'queued', segments: 1 })
    const message = await eventually(async () => {
      const got = (await h.api('GET', `/v1/messages/${sent.body.id}`)).body
      return got.status === 'delivered' ? got : undefined
    }, 15_000, 'the gateway SMS delivered')
    expect(message.cost).toEqual({ estimated: null, final: null, discrepancy: false })
  })
})
