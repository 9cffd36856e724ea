import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const MAIN = '100000000000002'
const BILLING = '100000000000003'

describeEachDatabase('several sender numbers', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, {
      senders: [
        { id: 'default', account: 'meta', channel: 'whatsapp', number: '+15550001234', numberId: MAIN, ratePerSecond: 80 },
        { id: 'billing', account: 'meta', channel: 'whatsapp', number: '+15550001235', numberId: BILLING, ratePerSecond: 80 },
      ],
      sandbox: {
        phoneNumbers: [
          { id: MAIN, displayPhoneNumber: '15550001234', mps: 80 },
          { id: BILLING, displayPhoneNumber: '15550001235', mps: 80 },
        ],
      },
    })
  })
  afterAll(async () => h?.close())

  it('sends from the sender named in `from`, and refuses an unknown one', async () => {
    const res = await h.api('POST', '/v1/messages', { to: '+4915112345671', from: 'billing', template: { name: 'hello_world', language: 'en_US' } })
    expect(res.status).toBe(202)
    const accepted = await eventually(async () => h.sandbox.accepted().find((m) => m.bizOpaqueCallbackData === res.body.id))
    expect(accepted.phoneNumberId).toBe(BILLING)
    expect((await h.api('GET', `/v1/messages/${res.body.id}`)).body.from).toBe('billing')
    const unknown = await h.api('POST', '/v1/messages', { to: '+4915112345671', from: 'marketing', text: 'x' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error).toMatchObject({ code: 'unknown_sender', details: { field: 'from', known: ['default', 'billing'] } })
  })

  it('files an inbound message under the number that received it', async () => {
    const phone = '+4915112345672'
    await h.sandbox.userSends(phone, { text: 'about my invoice' }, BILLING)
    const page = await eventually(async () => {
      const res = await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)
      return res.status === 200 ? res.body : undefined
    })
    expect(page.data[0]).toMatchObject({ direction: 'inbound', to: 'billing', text: 'about my invoice' })
  })
})
