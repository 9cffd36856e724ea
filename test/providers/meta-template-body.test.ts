import { describe, expect, it } from 'vitest'
import { templateCreateBody, templateEditBody } from '../../src/providers/meta-cloud/meta-template-body.js'
import { readMetaTemplate } from '../../src/providers/meta-cloud/meta-template-read.js'
import { templateStatusOf } from '../../src/providers/meta-cloud/meta-template-status.js'
import { ALL_DEFINITIONS, boxPhoto, orderUpdate, pickupPoint, welcomeNamed } from './meta-template-fixtures.js'

/** "platform doc" in test names is docs/platform.md; its §3.1 example is the `orderUpdate` fixture. */
describe('Meta template create body', () => {
  it('positional: the platform doc §3.1 example, body_text as ONE nested array, header_text flat', () => {
    expect(templateCreateBody(orderUpdate)).toEqual({
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1234'] } },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships on {{3}}. Thank you for shopping with us.', example: { body_text: [['Ana', '#1234', 'Friday']] } },
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
        { type: 'BUTTONS', buttons: [
          { type: 'QUICK_REPLY', text: 'Stop updates' },
          { type: 'URL', text: 'Track order', url: 'https://shop.example/t/{{1}}', example: ['1234'] },
        ] },
      ],
    })
  })

  it('named: *_text_named_params in order of appearance, each variable once; phone and copy-code buttons', () => {
    expect(templateCreateBody(welcomeNamed)).toEqual({
      name: 'welcome_named',
      language: 'pt_BR',
      category: 'MARKETING',
      parameter_format: 'NAMED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Olá {{first_name}}', example: { header_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } },
        { type: 'BODY', text: 'Oi {{first_name}}, use o cupom do pedido {{order_number}} até sexta.', example: { body_text_named_params: [
          { param_name: 'first_name', example: 'Ana' },
          { param_name: 'order_number', example: '#1234' },
        ] } },
        { type: 'BUTTONS', buttons: [
          { type: 'PHONE_NUMBER', text: 'Ligar', phone_number: '+5511987654321' },
          { type: 'COPY_CODE', example: 'SAVE10' },
        ] },
      ],
    })
  })

  it('media header with header_handle; no example where there are no variables; static URL without example', () => {
    expect(templateCreateBody(boxPhoto).components).toEqual([
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARb'] } },
      { type: 'BODY', text: 'Your box is packed and on its way.' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Help', url: 'https://shop.example/help' }] },
    ])
    expect(templateCreateBody({ ...boxPhoto, header: { format: 'document', example: null } }).components).toContainEqual({ type: 'HEADER', format: 'DOCUMENT' })
  })

  it('location header', () => {
    expect(templateCreateBody(pickupPoint).components).toEqual([
      { type: 'HEADER', format: 'LOCATION' },
      { type: 'BODY', text: 'Tu pedido {{1}} está listo para recoger aquí.', example: { body_text: [['#88']] } },
    ])
  })

  it('positional samples go in {{n}} order whatever the order in the text; a missing sample keeps its place', () => {
    const body = { text: 'Ship {{2}} to {{1}}, then {{3}}.', examples: { '1': 'Ana', '2': 'box' } }
    expect(templateCreateBody({ ...pickupPoint, header: null, body }).components).toEqual([{ type: 'BODY', text: body.text, example: { body_text: [['Ana', 'box', '']] } }])
  })

  it('edit sends the category and the whole component list, never name, language or format', () => {
    expect(templateEditBody(orderUpdate)).toEqual({ category: 'UTILITY', components: templateCreateBody(orderUpdate).components })
  })
})

describe('Meta template object → TemplateDefinition', () => {
  const asListed = (body: Record<string, unknown>, over: Record<string, unknown> = {}) => ({ id: '1689556908129832', status: 'APPROVED', ...body, ...over })

  it.each(ALL_DEFINITIONS.map((d) => [d.name, d] as const))('%s: reading the create body back gives the definition', (_name, definition) => {
    const read = readMetaTemplate(asListed(templateCreateBody(definition)))
    expect(read).toEqual({ ok: true, unsupported: [], template: {
      providerTemplateId: '1689556908129832',
      definition,
      status: 'approved',
      providerStatus: 'APPROVED',
      rejectedReason: null,
      quality: null,
      correctCategory: null,
      providerDefault: false,
    } })
  })

  it('quality, a real rejection reason, a pending category change and a library name are kept', () => {
    const read = readMetaTemplate(asListed(templateCreateBody(orderUpdate), {
      status: 'REJECTED',
      rejected_reason: 'TAG_CONTENT_MISMATCH',
      quality_score: { score: 'YELLOW', date: 1750000000 },
      correct_category: 'MARKETING',
      library_template_name: 'order_update_1',
    }))
    expect(read).toMatchObject({ ok: true, template: { status: 'rejected', rejectedReason: 'TAG_CONTENT_MISMATCH', quality: 'YELLOW', correctCategory: 'MARKETING', providerDefault: true } })
  })

  it('rejected_reason NONE is null; correct_category equal to the category is no pending change', () => {
    const read = readMetaTemplate(asListed(templateCreateBody(orderUpdate), { rejected_reason: 'NONE', correct_category: 'UTILITY' }))
    expect(read).toMatchObject({ ok: true, template: { rejectedReason: null, correctCategory: null } })
  })

  it('Meta\'s hello_world sample (no parameter_format, lower-case words tolerated)', () => {
    const helloWorld = {
      name: 'hello_world',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
        { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted on Meta. Thank you for taking the time to test with us.' },
        { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
      ],
      language: 'en_US',
      status: 'APPROVED',
      category: 'utility',
      id: 1234567890123456,
    }
    expect(readMetaTemplate(helloWorld)).toMatchObject({ ok: true, unsupported: [], template: {
      providerTemplateId: '1234567890123456',
      definition: { name: 'hello_world', category: 'UTILITY', parameterFormat: 'positional', header: { format: 'text', text: 'Hello World', examples: {} }, footer: 'WhatsApp Business Platform sample message', buttons: [] },
    } })
  })

  it('named format is inferred from the placeholders when parameter_format is missing; flat body_text is tolerated', () => {
    const { parameter_format: _format, ...named } = templateCreateBody(welcomeNamed)
    expect(readMetaTemplate(asListed(named))).toMatchObject({ ok: true, template: { definition: { parameterFormat: 'named', body: welcomeNamed.body } } })
    const flat = { ...templateCreateBody(pickupPoint), components: [{ type: 'BODY', text: 'Pedido {{1}} listo.', example: { body_text: ['#88'] } }] }
    expect(readMetaTemplate(asListed(flat))).toMatchObject({ ok: true, template: { definition: { body: { text: 'Pedido {{1}} listo.', examples: { '1': '#88' } } } } })
  })

  it('a URL sample listed as the whole URL is cut back to the variable\'s value (authentication templates answer so)', () => {
    const otp = {
      name: 'login_code', language: 'en_US', category: 'AUTHENTICATION', parameter_format: 'POSITIONAL',
      components: [
        { type: 'BODY', text: '*{{1}}* is your verification code.', example: { body_text: [['123456']] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Copy code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}', example: ['https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp123456'] }] },
      ],
    }
    expect(readMetaTemplate(asListed(otp))).toMatchObject({ ok: true, template: { definition: { buttons: [{ type: 'url', example: '123456' }] } } })
  })

  it('parts the model cannot hold are named, and left out', () => {
    const carousel = { ...templateCreateBody(orderUpdate), components: [
      { type: 'BODY', text: 'Pick one' },
      { type: 'CAROUSEL', cards: [] },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy' }, { type: 'QUICK_REPLY', text: 'More' }] },
    ] }
    expect(readMetaTemplate(asListed(carousel))).toMatchObject({
      ok: true,
      unsupported: ['component:CAROUSEL', 'button:OTP'],
      template: { definition: { body: { text: 'Pick one' }, buttons: [{ type: 'quick_reply', text: 'More' }] } },
    })
  })

  it.each([
    ['no id', { name: 'x', language: 'en', status: 'APPROVED', category: 'UTILITY' }, /lacks its id/],
    ['an unknown category', { id: '1', name: 'x', language: 'en', status: 'APPROVED', category: 'TRANSACTIONAL' }, /category "TRANSACTIONAL"/],
    ['not an object', 'hello_world', /not an object/],
  ])('unreadable: %s', (_name, raw, problem) => {
    expect(readMetaTemplate(raw)).toEqual({ ok: false, problem: expect.stringMatching(problem) })
  })
})

describe('Meta template statuses', () => {
  it.each([
    ['PENDING', 'pending'], ['IN_APPEAL', 'pending'],
    ['APPROVED', 'approved'], ['FLAGGED', 'approved'], ['REINSTATED', 'approved'],
    ['REJECTED', 'rejected'], ['LIMIT_EXCEEDED', 'rejected'],
    ['PAUSED', 'paused'],
    ['DISABLED', 'disabled'], ['ARCHIVED', 'disabled'],
    ['PENDING_DELETION', 'deleted'], ['DELETED', 'deleted'],
    ['approved', 'approved'],
    ['UNARCHIVED', undefined], ['LOCKED', undefined], ['constructor', undefined],
  ])('%s → %s', (word, status) => {
    expect(templateStatusOf(word)).toBe(status)
  })

  it('a status word the adapter does not know lists as pending (not sendable) with the word kept', () => {
    const read = readMetaTemplate({ id: '1', status: 'LOCKED', ...templateCreateBody(pickupPoint) })
    expect(read).toMatchObject({ ok: true, template: { status: 'pending', providerStatus: 'LOCKED' } })
  })
})
