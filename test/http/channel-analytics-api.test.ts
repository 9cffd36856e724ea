import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AccountConfig, SenderConfig } from '../../src/accounts-config.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'

/*
 * GET /v1/analytics/channels on a running Parley with a Meta number and a generic SMS gateway, both
 * the sandbox in their own wire formats: the messages are sent through the API, the parents answer
 * through the sandbox. Parents answer WhatsApp and mostly ignore SMS.
 */
const T0 = Date.parse('2026-11-25T09:00:00Z')
const MIN = 60_000
const GATEWAY = '+15550001239'
const ACCOUNTS: AccountConfig[] = [
  { id: 'meta', provider: 'meta', sandbox: true },
  { id: 'sms-gateway', provider: 'http-sms', sandbox: true },
]
const SENDERS: SenderConfig[] = [
  { id: 'default', account: 'meta', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 },
  { id: 'gateway', account: 'sms-gateway', channel: 'sms', number: GATEWAY, ratePerSecond: 80 },
]
const WHATSAPP_PARENTS = ['+905321440001', '+905321440002', '+905321440003']
const SMS_PARENTS = ['+905321440011', '+905321440012', '+905321440013']

describeEachDatabase('channel analytics API', (dialect) => {
  let h: Harness
  const clock = manualClock(T0)
  beforeAll(async () => {
    h = await startHarness(dialect, { clock, accounts: ACCOUNTS, senders: SENDERS })
  })
  afterAll(async () => h?.close())

  const messages = async (phone: string) => (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages?limit=20`)).body.data as Array<{ direction: string; status: string }>

  it('shows WhatsApp answered and SMS mostly not, per channel and provider, with the time to first reply', async () => {
    for (const to of WHATSAPP_PARENTS) {
      expect((await h.api('POST', '/v1/messages', { to, template: { name: 'hello_world', language: 'en_US' } })).status).toBe(202)
    }
    for (const to of SMS_PARENTS) {
      expect((await h.api('POST', '/v1/messages', { to, from: 'gateway', text: 'Ders yarın 15:00.' })).body).toMatchObject({ status: 'queued', segments: 1 })
    }
    for (const phone of [...WHATSAPP_PARENTS, ...SMS_PARENTS]) {
      await eventually(async () => (await messages(phone)).some((m) => m.direction === 'outbound' && ['delivered', 'read'].includes(m.status)), 15_000, `${phone} delivered`)
    }

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
    await h.sandbox.userSendsSms(SMS_PARENTS[0]!, 'Tamam', GATEWAY)
    await eventually(async () => (await messages(SMS_PARENTS[0]!)).some((m) => m.direction === 'inbound'), 15_000, 'the SMS reply')

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
