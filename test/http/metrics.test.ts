import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

describeEachDatabase('metrics from the event bus', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  const accepted = async () => {
    const text = (await h.api('GET', '/metrics')).body as string
    return Number(/^parley_messages_accepted_total (\d+)/m.exec(text)?.[1] ?? NaN)
  }

  it('counts every outbound message created, whoever created it: the API and a keyword confirmation', async () => {
    expect(await accepted()).toBe(0)
    const sent = await h.api('POST', '/v1/messages', { to: '+4915112347777', template: { name: 'hello_world', language: 'en_US' } })
    expect(sent.status).toBe(202)
    expect(await accepted()).toBe(1)
    // No API call: the STOP is handled from the provider's webhook and answered with a confirmation.
    await h.sandbox.userSends('+4915112347777', { text: 'STOP' })
    await eventually(async () => (await accepted()) === 2, 10_000, 'the confirmation to be counted')
    const history = (await h.api('GET', '/v1/contacts/%2B4915112347777/messages')).body.data as Array<{ metadata: { reason?: string } | null }>
    expect(history.some((m) => m.metadata?.reason === 'opt_out_confirmation')).toBe(true)
  })
})
