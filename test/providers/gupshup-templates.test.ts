import { beforeEach, describe, expect, it } from 'vitest'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { templateCreateForm } from '../../src/providers/gupshup/gupshup-template-body.js'
import { examplesFrom, readGupshupTemplate } from '../../src/providers/gupshup/gupshup-template-read.js'
import type { AccountAdapter } from '../../src/providers/provider-kind.js'
import { accountOn, buildAccount, type FakeGupshup, LISTED_TEMPLATES, reply, useFakeGupshup } from './gupshup-fixtures.js'

const balanceLow: TemplateDefinition = {
  name: 'balance_low',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'named',
  header: { format: 'text', text: 'Balance of {{child_name}}', examples: { child_name: 'Max' } },
  body: { text: 'Hello {{parent_name}}, {{lessons_left}} lesson left for {{child_name}}.', examples: { parent_name: 'Anna', lessons_left: '1', child_name: 'Max' } },
  footer: 'Kids English School',
  buttons: [{ type: 'url', text: 'Pay now', url: 'https://pay.school.example/{{1}}', example: 'INV-2093' }],
}

describe('Gupshup templates as listed (docs/platform.md §7.1)', () => {
  it('reads the parts from containerMeta and the samples back out of the filled-in text', () => {
    const read = readGupshupTemplate(LISTED_TEMPLATES[1])
    expect(read).toEqual({
      ok: true,
      template: {
        providerTemplateId: '0b6c4d1e-5a2f-4e8b-9c7d-3f1a2b4c5d6e',
        definition: { ...balanceLow, buttons: [{ type: 'url', text: 'Pay now', url: 'https://pay.school.example/{{1}}', example: 'INV-2093' }] },
        status: 'approved',
        providerStatus: 'APPROVED',
        rejectedReason: null,
        quality: null,
        correctCategory: null,
        providerDefault: false,
      },
    })
  })

  it('a media header from templateType, quick replies, a status in review', () => {
    const read = readGupshupTemplate(LISTED_TEMPLATES[2])
    expect(read).toMatchObject({
      ok: true,
      template: {
        status: 'pending',
        definition: { header: { format: 'image', example: null }, parameterFormat: 'positional', buttons: [{ type: 'quick_reply', text: 'Great' }, { type: 'quick_reply', text: 'Not for us' }] },
      },
    })
  })

  it('without containerMeta, data is the body and meta.example the sample; FAILED is rejected, with the reason', () => {
    const read = readGupshupTemplate({ id: 't-9', elementName: 'old_one', languageCode: 'en', category: 'TRANSACTIONAL', status: 'FAILED', reason: 'Invalid format', data: 'Hi {{1}}!', meta: '{"example":"Hi Ana!"}' })
    expect(read).toMatchObject({ ok: true, template: { status: 'rejected', rejectedReason: 'Invalid format', definition: { category: 'UTILITY', body: { text: 'Hi {{1}}!', examples: { '1': 'Ana' } }, header: null, footer: null, buttons: [] } } })
  })

  it('a template without its id, name, language, status or a known category cannot be read', () => {
    expect(readGupshupTemplate({ elementName: 'x', languageCode: 'en', status: 'APPROVED', category: 'UTILITY' })).toMatchObject({ ok: false })
    expect(readGupshupTemplate({ id: '1', elementName: 'x', languageCode: 'en', status: 'APPROVED', category: 'SOMETHING' })).toEqual({ ok: false, problem: expect.stringContaining('SOMETHING') })
  })

  it.each<[string, string, string, Record<string, string>]>([
    ['positional', 'Hello {{1}}, your order {{2}} is on its way.', 'Hello Ana, your order #1234 is on its way.', { '1': 'Ana', '2': '#1234' }],
    ['a variable at each end', '{{1}} booked for {{2}}', 'Max booked for Monday, 2 March', { '1': 'Max', '2': 'Monday, 2 March' }],
    ['a repeated name keeps the first value', 'Hi {{a}}, bye {{a}}.', 'Hi Ana, bye Ana.', { a: 'Ana' }],
    ['a sample of another text', 'Hello {{1}}.', 'Goodbye Ana.', {}],
    ['two variables with nothing between', '{{1}}{{2}} left', 'AB left', {}],
    ['no variables', 'Hello.', 'Hello.', {}],
  ])('samples back to values: %s', (_name, text, sample, values) => {
    expect(examplesFrom(text, sample)).toEqual(values)
  })
})

describe('Gupshup template create form', () => {
  it('elementName, languageCode, category, templateType, the body with its filled-in sample, header, footer, buttons as a JSON string', () => {
    const form = templateCreateForm(balanceLow)
    expect(form).toEqual({
      elementName: 'balance_low',
      languageCode: 'en',
      category: 'UTILITY',
      templateType: 'TEXT',
      vertical: 'balance_low',
      content: 'Hello {{parent_name}}, {{lessons_left}} lesson left for {{child_name}}.',
      example: 'Hello Anna, 1 lesson left for Max.',
      enableSample: 'true',
      header: 'Balance of {{child_name}}',
      exampleHeader: 'Balance of Max',
      footer: 'Kids English School',
      buttons: JSON.stringify([{ type: 'URL', text: 'Pay now', url: 'https://pay.school.example/{{1}}', example: ['INV-2093'] }]),
    })
    // What is submitted reads back as the same template.
    const listed = { id: 't', elementName: form.elementName, languageCode: form.languageCode, category: form.category, templateType: form.templateType, status: 'PENDING', containerMeta: JSON.stringify({ data: form.content, header: form.header, footer: form.footer, buttons: JSON.parse(form.buttons!), sampleText: form.example, sampleHeader: form.exampleHeader }) }
    expect(readGupshupTemplate(listed)).toMatchObject({ ok: true, template: { definition: balanceLow } })
  })

  it('a media header sets templateType and its sample handle; authentication asks for the security line', () => {
    const form = templateCreateForm({ ...balanceLow, name: 'code', category: 'AUTHENTICATION', header: { format: 'document', example: '4::aW1hZ2U=' }, footer: null, buttons: [] })
    expect(form).toMatchObject({ templateType: 'DOCUMENT', exampleMedia: '4::aW1hZ2U=', addSecurityRecommendation: 'true' })
    expect(form).not.toHaveProperty('header')
    expect(form).not.toHaveProperty('buttons')
  })
})

describe('Gupshup template manager and opt-ins over HTTP', () => {
  const context = useFakeGupshup()
  let fake: FakeGupshup
  let account: AccountAdapter
  const templates = () => account.templates!

  beforeEach(() => {
    fake = context.fake
    account = buildAccount(accountOn(fake.url, { partnerAppToken: 'partner-token' }), context.http)
  })

  it('lists with the apikey; every template, or a refusal naming the one it cannot read', async () => {
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', reply(200, { status: 'success', templates: LISTED_TEMPLATES }, 'text/html'))
    const listed = await templates().list()
    expect(listed.kind === 'ok' && listed.value.map((t) => `${t.definition.name}/${t.definition.language}:${t.status}`)).toEqual(['order_update/en_US:approved', 'balance_low/en:approved', 'trial_finished/en:pending'])
    expect(fake.seen[0]).toMatchObject({ method: 'GET', apikey: 'key-1' })
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', reply(200, { status: 'success', templates: [...LISTED_TEMPLATES, { id: 'broken' }] }))
    expect(await templates().list()).toMatchObject({ kind: 'refused', error: { code: 'unreadable_response', detail: expect.stringContaining('broken') } })
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', reply(200, { status: 'success' }))
    expect(await templates().list()).toMatchObject({ kind: 'retryable', error: { code: 'unreadable_response' } })
  })

  it('a list refreshes the ids sends use: no second list for a template listed already', async () => {
    fake.answers.set('/sm/api/v1/template/list/SchoolApp', reply(200, { status: 'success', templates: LISTED_TEMPLATES }))
    fake.answers.set('/wa/api/v1/template/msg', reply(202, { status: 'submitted', messageId: 'm-1' }))
    await templates().list()
    const outcome = await account.messaging({ id: 'school', number: '+918800012345', channel: 'whatsapp' }).send({ messageId: 'x', to: '+919900054321', content: { kind: 'template', name: 'order_update', language: 'en_US', params: ['A', 'B'] } })
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: 'm-1' })
    expect(fake.seen.map((r) => r.path)).toEqual(['/sm/api/v1/template/list/SchoolApp', '/wa/api/v1/template/msg'])
  })

  it('submits through the partner API with its app token, and reads the created template', async () => {
    fake.answers.set('/partner-host/partner/app/app-uuid-1/templates', reply(200, { status: 'success', template: { id: 'new-tpl-1', status: 'PENDING', category: 'MARKETING' } }))
    expect(await templates().submit(balanceLow)).toEqual({ kind: 'ok', value: { providerTemplateId: 'new-tpl-1', status: 'pending', category: 'MARKETING' } })
    expect(fake.seen[0]).toMatchObject({ method: 'POST', apikey: 'key-1', authorization: 'partner-token', type: 'application/x-www-form-urlencoded', form: templateCreateForm(balanceLow) })
  })

  it('a refused create keeps Gupshup’s words; an answer without an id is retryable (a list finds it)', async () => {
    fake.answers.set('/partner-host/partner/app/app-uuid-1/templates', reply(400, { status: 'error', message: 'Template Already exists with same namespace and elementName and languageCode' }))
    expect(await templates().submit(balanceLow)).toEqual({ kind: 'refused', error: { code: 'http_400', title: 'Template Already exists with same namespace and elementName and languageCode' } })
    fake.answers.set('/partner-host/partner/app/app-uuid-1/templates', reply(200, { status: 'success' }))
    expect(await templates().submit(balanceLow)).toMatchObject({ kind: 'retryable', error: { code: 'unreadable_response' } })
    fake.answers.set('/partner-host/partner/app/app-uuid-1/templates', reply(502, 'bad gateway', 'text/plain'))
    expect(await templates().submit(balanceLow)).toMatchObject({ kind: 'retryable', error: { code: 'http_502' } })
  })

  it('edit and delete are refused with a stable code, without a call', async () => {
    expect(await templates().edit('t', balanceLow)).toMatchObject({ kind: 'refused', error: { code: 'not_supported' } })
    expect(await templates().remove('balance_low')).toMatchObject({ kind: 'refused', error: { code: 'not_supported' } })
    expect(fake.seen).toEqual([])
  })

  it('opt-in registers the number as digits; the opted-in users come back in E.164', async () => {
    fake.answers.set('/sm/api/v1/app/opt/in/SchoolApp', reply(202, ''))
    fake.answers.set('/sm/api/v1/users/SchoolApp', reply(200, {
      status: 'success',
      users: [
        { countryCode: '91', phoneCode: '9812300077', optinStatus: 'OPT_IN', optinSource: 'API' },
        { countryCode: '91', phoneCode: '919900054321', optinStatus: 'OPT_IN' },
        { countryCode: '49', phoneCode: '15112345678', optinStatus: 'OPT_OUT' },
      ],
    }))
    expect(await account.optIns!.optIn('+91 98123 00077')).toEqual({ kind: 'ok', value: null })
    expect(fake.seen[0]).toMatchObject({ method: 'POST', path: '/sm/api/v1/app/opt/in/SchoolApp', apikey: 'key-1', form: { user: '919812300077' } })
    expect(await account.optIns!.optedInUsers()).toEqual({ kind: 'ok', value: ['+919812300077', '+919900054321'] })
  })

  it('opt-in trouble is data', async () => {
    fake.answers.set('/sm/api/v1/app/opt/in/SchoolApp', reply(401, { status: 'error', message: 'Authentication Failed' }))
    expect(await account.optIns!.optIn('+919812300077')).toEqual({ kind: 'refused', error: { code: 'http_401', title: 'Authentication Failed' } })
    fake.answers.set('/sm/api/v1/users/SchoolApp', reply(500, ''))
    expect(await account.optIns!.optedInUsers()).toMatchObject({ kind: 'retryable' })
  })
})
