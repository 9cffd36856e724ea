import { afterAll, beforeAll, expect, it } from 'vitest'
import type { E164 } from '../../src/core/contacts/phone.js'
import { buildOutboundMessage } from '../../src/core/messages/build-outbound-message.js'
import type { SenderRef } from '../../src/core/messages/sender.js'
import { createIds } from '../../src/runtime/ids.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'

/*
 * GET /v1/analytics/channels on a running Parley: the WhatsApp messages go through the sandbox
 * and the parents answer there; the SMS ones are written through the store's own outbox and
 * ledger (no SMS adapter exists yet, so Parley has no SMS sender to send them), as an SMS sender
 * and its webhooks would. Parents answer WhatsApp and mostly ignore SMS.
 */
const T0 = Date.parse('2026-11-25T09:00:00Z')
const MIN = 60_000
const SMS: SenderRef = { id: 'school-sms', provider: 'http-sms', account: 'sms-gateway', channel: 'sms' }
const WHATSAPP_PARENTS = ['+905321440001', '+905321440002', '+905321440003']
const SMS_PARENTS = ['+905321440011', '+905321440012', '+905321440013'] as E164[]

describeEachDatabase('channel analytics API', (dialect) => {
  let h: Harness
  const clock = manualClock(T0)
  beforeAll(async () => {
    h = await startHarness(dialect, { clock })
  })
  afterAll(async () => h?.close())

  const messages = async (phone: string) => (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages?limit=20`)).body.data as Array<{ direction: string; status: string }>

  it('shows WhatsApp answered and SMS mostly not, per channel and provider, with the time to first reply', async () => {
    for (const to of WHATSAPP_PARENTS) {
      expect((await h.api('POST', '/v1/messages', { to, template: { name: 'hello_world', language: 'en_US' } })).status).toBe(202)
    }
    for (const phone of WHATSAPP_PARENTS) await eventually(async () => (await messages(phone)).some((m) => m.direction === 'outbound' && ['delivered', 'read'].includes(m.status)), 15_000, `${phone} delivered`)

    const { outbox, ledger } = h.parley.stores
    const ids = createIds()
    await outbox.enqueue(SMS_PARENTS.map((to) => buildOutboundMessage(ids, { to, sender: SMS, content: { kind: 'text', text: 'Ders yarın 15:00.' }, metadata: null, dueAt: clock.now() })), clock.now())
    const claimed = await outbox.claimDue(SMS.id, clock.now(), 10, 60_000, 'sms-test')
    expect(claimed).toHaveLength(3)
    await outbox.recordOutcomes(claimed.map((message) => ({ message, outcome: { kind: 'accepted' as const, providerMessageId: `sms-${message.id}` } })), 'sms-test', clock.now())

    clock.advance(10 * MIN)
    await h.sandbox.userSends(WHATSAPP_PARENTS[0]!, { text: 'Teşekkürler' })
    clock.advance(20 * MIN)
    await h.sandbox.userSends(WHATSAPP_PARENTS[1]!, { text: 'Tamam' })
    // An SMS parent who answers on WhatsApp: no reply to the SMS.
    await h.sandbox.userSends(SMS_PARENTS[1]!, { text: 'Gördüm' })
    for (const phone of [WHATSAPP_PARENTS[0]!, WHATSAPP_PARENTS[1]!, SMS_PARENTS[1]!]) {
      await eventually(async () => (await messages(phone)).some((m) => m.direction === 'inbound'), 15_000, `${phone}'s reply`)
    }
    clock.advance(30 * MIN)
    await ledger.recordInbound([{ kind: 'inbound', providerMessageId: 'sms-in-1', fromId: SMS_PARENTS[0]!.slice(1), fromPhone: SMS_PARENTS[0]!, at: clock.now(), content: { kind: 'text', text: 'Tamam' } }], SMS, clock.now())

    const res = await h.api('GET', '/v1/analytics/channels?from=2026-11-25&to=2026-11-25&zone=UTC')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      zone: 'UTC',
      from: '2026-11-25',
      to: '2026-11-25',
      event_type: null,
      channels: [
        {
          channel: 'sms', provider: 'http-sms', sent: 3, failed: 0, replied: 1, reply_rate: 0.3333, median_reply_seconds: 3600, p90_reply_seconds: 3600,
          by_event_type: [{ event_type: null, sent: 3, failed: 0, replied: 1, reply_rate: 0.3333, median_reply_seconds: 3600, p90_reply_seconds: 3600 }],
        },
        {
          channel: 'whatsapp', provider: 'meta', sent: 3, failed: 0, replied: 2, reply_rate: 0.6667, median_reply_seconds: 600, p90_reply_seconds: 1800,
          by_event_type: [{ event_type: null, sent: 3, failed: 0, replied: 2, reply_rate: 0.6667, median_reply_seconds: 600, p90_reply_seconds: 1800 }],
        },
      ],
    })
    expect((await h.api('GET', '/v1/analytics/channels?from=2026-11-25&to=2026-11-25&zone=UTC&event_type=lesson.scheduled')).body.channels).toEqual([])
  })

  it('refuses bad ranges and event types as the message report does', async () => {
    expect((await h.api('GET', '/v1/analytics/channels?from=2026-11-27&to=2026-11-25')).body.error.code).toBe('range_invalid')
    expect((await h.api('GET', '/v1/analytics/channels?event_type=not%20a%20type')).body.error.code).toBe('validation_failed')
  })
})
