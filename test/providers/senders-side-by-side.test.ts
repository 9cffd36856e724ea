import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AccountConfig, SenderConfig } from '../../src/accounts-config.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const ACCOUNTS: AccountConfig[] = [
  { id: 'meta', provider: 'meta', sandbox: true },
  { id: 'school-gupshup', provider: 'gupshup', sandbox: true },
  { id: 'school-twilio', provider: 'twilio', sandbox: true },
  { id: 'sms-gateway', provider: 'http-sms', sandbox: true },
]
const sender = (id: string, account: string, channel: SenderConfig['channel'], number: string, numberId?: string): SenderConfig => ({
  id,
  account,
  channel,
  number,
  ...(numberId ? { numberId } : {}),
  ratePerSecond: 80,
})
const SENDERS: SenderConfig[] = [
  sender('default', 'meta', 'whatsapp', '+15550001234', '100000000000002'),
  sender('gupshup', 'school-gupshup', 'whatsapp', '+15550001236'),
  sender('twilio-wa', 'school-twilio', 'whatsapp', '+15550001237'),
  sender('twilio-sms', 'school-twilio', 'sms', '+15550001238'),
  sender('gateway', 'sms-gateway', 'sms', '+15550001239'),
]

/**
 * One Parley, five senders on four providers, all through the sandbox in each provider's own wire
 * format: every sender sends and hears its parents at once, each message recording who carried it.
 */
describeEachDatabase('senders on different providers, side by side', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { accounts: ACCOUNTS, senders: SENDERS })
  })
  afterAll(async () => h?.close())

  const settled = (id: string, wanted: readonly string[]) =>
    eventually(async () => {
      const m = (await h.api('GET', `/v1/messages/${id}`)).body
      return wanted.includes(m.status) ? m : undefined
    }, 20_000, `message ${id} to reach ${wanted.join(' or ')}`)

  it('sends from every sender, and files each reply under the sender it was written to', async () => {
    const parents = { default: '+4915110000001', gupshup: '+4915110000002', 'twilio-wa': '+4915110000003', 'twilio-sms': '+4915110000004', gateway: '+4915110000005' }
    // The parents write first: WhatsApp free text needs their open window; SMS needs none.
    await h.sandbox.userSends(parents.default, { text: 'hello meta' })
    await h.sandbox.userSends(parents.gupshup, { text: 'hello gupshup' }, '+15550001236')
    await h.sandbox.userSends(parents['twilio-wa'], { text: 'hello twilio' }, '+15550001237')
    await h.sandbox.userSendsSms(parents['twilio-sms'], 'hello twilio sms', '+15550001238')
    await h.sandbox.userSendsSms(parents.gateway, 'hello gateway', '+15550001239')

    for (const [from, phone] of Object.entries(parents)) {
      const inbound = await eventually(async () => {
        const listed = (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)).body.data as Array<{ direction: string; to: string; text: string }>
        return listed.find((m) => m.direction === 'inbound')
      }, 20_000, `the reply of ${phone}`)
      expect(inbound, phone).toMatchObject({ to: from, text: expect.stringContaining('hello') })
    }

    const sent = await Promise.all(
      Object.entries(parents).map(async ([from, to]) => {
        const answer = await h.api('POST', '/v1/messages', { from, to, text: `Lesson at 15:00 (via ${from})` })
        expect(answer.status, JSON.stringify(answer.body)).toBe(202)
        return { from, id: answer.body.id as string }
      }),
    )
    const providers: Record<string, string> = { default: 'meta', gupshup: 'gupshup', 'twilio-wa': 'twilio', 'twilio-sms': 'twilio', gateway: 'http-sms' }
    for (const { from, id } of sent) {
      const message = await settled(id, ['delivered', 'read'])
      expect(message, from).toMatchObject({ from, provider: providers[from], provider_message_id: expect.any(String) })
    }
    // Each flavour carried its own: the SMS ones as SMS, the WhatsApp ones on the platform.
    expect(h.sandbox.smsAccepted().map((m) => `+${m.to}`).sort()).toEqual([parents['twilio-sms'], parents.gateway].sort())
  }, 60_000)
})
