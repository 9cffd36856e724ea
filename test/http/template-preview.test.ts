import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL } from '../support/templates.js'

const PAY: TemplateDefinition = {
  name: 'fee_due',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: { format: 'text', text: 'Fees for {{1}}', examples: { '1': 'May' } },
  body: { text: 'Hello {{1}}, the fee of {{2}} is due.', examples: { '1': 'Ana', '2': '40 EUR' } },
  footer: 'Parley School',
  buttons: [{ type: 'url', text: 'Pay now', url: 'https://pay.school.example/{{1}}', example: 'S-1' }],
}

describeEachDatabase('template preview', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { sandbox: { templateReview: INSTANT_APPROVAL } })
    await approveTemplates(h, [{ definition: PAY }])
  })
  afterAll(async () => h?.close())

  const values = { params: ['Ana', '40 EUR'], header_params: ['May'], buttons: { '0': 'S-42' } }

  it('renders complete values exactly as the send records them', async () => {
    const preview = await h.api('POST', '/v1/templates/preview', { name: 'fee_due', language: 'en', ...values })
    expect(preview.status).toBe(200)
    expect(preview.body).toEqual({
      header: 'Fees for May',
      body: 'Hello Ana, the fee of 40 EUR is due.',
      footer: 'Parley School',
      buttons: [{ type: 'url', text: 'Pay now', url: 'https://pay.school.example/S-42' }],
      text: 'Fees for May\nHello Ana, the fee of 40 EUR is due.\nParley School',
      complete: true,
      issues: [],
      status: 'approved',
    })
    const sent = await h.api('POST', '/v1/messages', { to: '+4915112340001', template: { name: 'fee_due', language: 'en', ...values } })
    expect(sent.status).toBe(202)
    const message = await eventually(async () => (await h.api('GET', `/v1/messages/${sent.body.id}`)).body, 10_000, 'the message')
    expect(message.text).toBe(preview.body.text)
  })

  it('shows the variables still without a value as written, and says what is missing', async () => {
    const preview = await h.api('POST', '/v1/templates/preview', { name: 'fee_due', language: 'en', params: ['Ana'] })
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ body: 'Hello Ana, the fee of {{2}} is due.', header: 'Fees for {{1}}', complete: false })
    expect(preview.body.buttons[0].url).toBe('https://pay.school.example/{{1}}')
    expect(preview.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['template.params', 'template.header_params', 'template.buttons.0']))
  })

  it('answers 404 for a template that does not exist, and 400 for values of the wrong shape', async () => {
    const missing = await h.api('POST', '/v1/templates/preview', { name: 'fee_due', language: 'ru', params: [] })
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    const wrong = await h.api('POST', '/v1/templates/preview', { name: 'fee_due', language: 'en', params: 'Ana' })
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } })
  })
})
