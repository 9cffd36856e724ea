import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/*
 * The inbox composer's estimate (issue 12 item 3): what a send would cost now, priced exactly as
 * the send answer prices it. The machine's clock is after 1 Oct 2026 (card meta-pmp-2026-10);
 * recipients are Brazilian: utility US$0.0068; the Twilio example adds US$0.005 to every message.
 */
const PARENT = '+5511987651001'
const estimateOf = (phone: string, query = '') => `/v1/contacts/${encodeURIComponent(phone)}/send-estimate${query}`

describeEachDatabase('the send estimate', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { PARLEY_PROVIDER_FEE_MODEL: 'twilio-example' } })
  })
  afterAll(async () => h?.close())

  it('prices a template to a closed window as the send then does, and stores nothing', async () => {
    await h.api('PUT', `/v1/contacts/${encodeURIComponent(PARENT)}`, { name: 'Ana' })
    const estimate = await h.api('GET', estimateOf(PARENT, '?template=hello_world&language=en_US'))
    expect(estimate.status).toBe(200)
    expect(estimate.body).toEqual({
      window: 'closed',
      cost: { estimated_micros: 11_800, platform_micros: 6_800, provider_micros: 5_000, currency: 'USD', category: 'utility', reason: 'charged', card: 'meta-pmp-2026-10' },
    })
    expect((await h.api('GET', `/v1/contacts/${encodeURIComponent(PARENT)}/messages`)).body.data).toEqual([])
    const sent = await h.api('POST', '/v1/messages', { to: PARENT, template: { name: 'hello_world', language: 'en_US' } })
    expect(sent.body.cost).toEqual(estimate.body.cost)
  })

  it('prices a free-form reply once the parent wrote, as the reply is then priced', async () => {
    await h.sandbox.userSends(PARENT, { text: 'Thanks!' })
    await eventually(async () => ((await h.api('GET', `/v1/contacts/${encodeURIComponent(PARENT)}`)).body.last_inbound_at ? true : undefined), 10_000, 'the window to open')
    const estimate = await h.api('GET', estimateOf(PARENT))
    expect(estimate.body).toMatchObject({ window: 'open', cost: { estimated_micros: 5_000, platform_micros: 0, category: 'service', reason: 'free_allowance' } })
    const reply = await h.api('POST', '/v1/messages', { to: PARENT, text: 'You are welcome.' })
    expect(reply.body.cost).toEqual(estimate.body.cost)
  })

  it('answers a template that is not approved with template_not_found, and an unknown contact with not_found', async () => {
    const missing = await h.api('GET', estimateOf(PARENT, '?template=no_such_template'))
    expect(missing.status).toBe(422)
    expect(missing.body.error.code).toBe('template_not_found')
    const stranger = await h.api('GET', estimateOf('+5511987651999'))
    expect(stranger.status).toBe(404)
    expect(stranger.body.error.code).toBe('not_found')
  })
})
