import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL } from '../support/templates.js'

const payTemplate = (language: string, text: string): TemplateDefinition => ({
  name: 'fee_link',
  language,
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: null,
  body: { text, examples: {} },
  footer: null,
  buttons: [
    { type: 'quick_reply', text: 'Later' },
    { type: 'url', text: 'Pay', url: 'https://pay.school.example/{{1}}', example: 'S-1' },
  ],
})

describeEachDatabase('payment link', (dialect) => {
  let h: Harness
  let unconfigured: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { PARLEY_PAYMENT_LINK_URL: 'https://pay.school.example/{external_id}?p={phone}', PARLEY_PAYMENT_LINK_TEMPLATE: 'fee_link' },
      sandbox: { templateReview: INSTANT_APPROVAL },
    })
    await approveTemplates(h, [{ definition: payTemplate('en', 'Your fee is due.') }, { definition: payTemplate('ru', 'Пора оплатить.') }])
    unconfigured = await startHarness(dialect)
  })
  afterAll(async () => {
    await h?.close()
    await unconfigured?.close()
  })

  it("fills the pattern for the contact and picks the template in the contact's language, with the button's value", async () => {
    await h.api('PUT', '/v1/contacts/%2B4915112340001', { external_id: 'S 42', language: 'ru' })
    const link = await h.api('GET', '/v1/contacts/%2B4915112340001/payment-link')
    expect(link.status).toBe(200)
    const url = 'https://pay.school.example/S%2042?p=%2B4915112340001'
    expect(link.body).toEqual({ url, template: { name: 'fee_link', language: 'ru', buttons: { '1': 'S%2042?p=%2B4915112340001' } } })
    const preview = await h.api('POST', '/v1/templates/preview', { name: 'fee_link', language: 'ru', params: [], buttons: link.body.template.buttons })
    expect(preview.body).toMatchObject({ complete: true, buttons: [{ type: 'quick_reply' }, { type: 'url', url }] })
  })

  it('refuses a contact without an external id, and an unknown contact, with stable codes', async () => {
    await h.api('PUT', '/v1/contacts/%2B4915112340002', { name: 'No id' })
    expect(await h.api('GET', '/v1/contacts/%2B4915112340002/payment-link')).toMatchObject({ status: 422, body: { error: { code: 'contact_external_id_missing' } } })
    expect(await h.api('GET', '/v1/contacts/%2B4915112340009/payment-link')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
  })

  it('answers payment_link_not_configured without PARLEY_PAYMENT_LINK_URL', async () => {
    await unconfigured.api('PUT', '/v1/contacts/%2B4915112340001', { external_id: 'S-42' })
    expect(await unconfigured.api('GET', '/v1/contacts/%2B4915112340001/payment-link')).toMatchObject({ status: 404, body: { error: { code: 'payment_link_not_configured' } } })
  })
})
