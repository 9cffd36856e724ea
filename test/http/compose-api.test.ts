import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
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

const folder = mkdtempSync(join(tmpdir(), 'parley-canned-'))
const REPLIES = join(folder, 'replies.json')
writeFileSync(
  REPLIES,
  JSON.stringify([
    { title: 'Greeting', text: 'Hello {name}, how can we help?' },
    { title: 'Account', text: 'Your student number is {external_id} ({phone}).' },
  ]),
)

describe('PARLEY_CANNED_REPLIES_FILE', () => {
  it('stops the start with the variable named when the file is not a list of {title, text} with known variables', () => {
    const bad = join(folder, 'bad.json')
    writeFileSync(bad, JSON.stringify([{ title: 'Oops', text: 'Dear {parent}' }]))
    expect(() => loadConfig({ PARLEY_CANNED_REPLIES_FILE: bad })).toThrow(ConfigError)
    expect(() => loadConfig({ PARLEY_CANNED_REPLIES_FILE: bad })).toThrow(/PARLEY_CANNED_REPLIES_FILE: .*bad\.json: \/0\/text: only \{name\}, \{external_id\}, \{phone\}/)
    expect(() => loadConfig({ PARLEY_CANNED_REPLIES_FILE: join(folder, 'missing.json') })).toThrow(/PARLEY_CANNED_REPLIES_FILE: cannot read/)
  })
})

describeEachDatabase('compose helpers: payment link and canned replies', (dialect) => {
  let h: Harness
  let unconfigured: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { PARLEY_CANNED_REPLIES_FILE: REPLIES, PARLEY_PAYMENT_LINK_URL: 'https://pay.school.example/{external_id}?p={phone}', PARLEY_PAYMENT_LINK_TEMPLATE: 'fee_link' },
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

  it("fills the canned replies with the contact's fields, and names the ones it has no value for", async () => {
    await h.api('PUT', '/v1/contacts/%2B4915112340003', { name: 'Olga' })
    const replies = await h.api('GET', '/v1/contacts/%2B4915112340003/canned-replies')
    expect(replies).toMatchObject({ status: 200 })
    expect(replies.body.data).toEqual([
      { title: 'Greeting', text: 'Hello Olga, how can we help?', missing: [] },
      { title: 'Account', text: 'Your student number is {external_id} (+4915112340003).', missing: ['external_id'] },
    ])
    expect((await unconfigured.api('GET', '/v1/contacts/%2B4915112340001/canned-replies')).body).toEqual({ data: [] })
  })
})
