import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, createTemplate, startFast, utilityTemplate, type CallResult } from './support.js'

/** Template sends checked against the template store (docs/platform.md §1.6, §4.2, §9 item 3). */
describe('sandbox template sends against the store', () => {
  let sb: Sandbox
  const to = '+4915112347001'

  beforeAll(async () => {
    sb = await startFast(null)
  })
  afterAll(async () => {
    await sb.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setTemplateReview({ delayMs: 0, rejectLanguages: [], reclassifyUtilityToMarketing: 'never' })
  })

  const send = (name: string, language: string, components?: unknown[]) =>
    callMessages(sb, { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: language }, ...(components ? { components } : {}) } })
  const text = (...values: string[]) => values.map((v) => ({ type: 'text', text: v }))
  const body = (...values: string[]) => ({ type: 'body', parameters: text(...values) })

  function expectCode(res: CallResult, code: number) {
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)) })
  }

  it("sends Meta's samples with their parameters", async () => {
    expect((await send('hello_world', 'en_US')).status).toBe(200)
    expect((await send('sample_shipping_confirmation', 'en_US', [body('3')])).status).toBe(200)
    const movie = await send('sample_movie_ticket_confirmation', 'en_US', [
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/poster.jpg' } }] },
      { type: 'body', parameters: [...text('Top Gun'), { type: 'date_time', date_time: { fallback_value: 'July 1, 8 PM' } }, ...text('Cinema 1', '3')] },
    ])
    expect(movie.status).toBe(200)
    expect(sb.accepted().map((m) => m.template)).toEqual([
      { name: 'hello_world', language: 'en_US', category: 'utility' },
      { name: 'sample_shipping_confirmation', language: 'en_US', category: 'utility' },
      { name: 'sample_movie_ticket_confirmation', language: 'en_US', category: 'utility' },
    ])
  })

  it('132001 for an unknown name, a language without a translation, or a template not approved', async () => {
    expectCode(await send('no_such_template', 'en_US'), 132001)
    expectCode(await send('hello_world', 'en'), 132001)
    expectCode(await send('hello_world', 'de'), 132001)
    sb.setTemplateReview({ delayMs: 60_000 })
    await createTemplate(sb, utilityTemplate('in_review'))
    expectCode(await send('in_review', 'en_US', [body('Ana', 'Friday')]), 132001)
    sb.setTemplateReview({ delayMs: 0, rejectLanguages: [{ language: 'tr', reason: null }] })
    await createTemplate(sb, utilityTemplate('in_review', { language: 'tr' }))
    expectCode(await send('in_review', 'tr', [body('Ana', 'Friday')]), 132001)
    sb.finishTemplateReviews()
    expect((await send('in_review', 'en_US', [body('Ana', 'Friday')])).status).toBe(200)
    expect(sb.stats().rejected).toEqual({ 132001: 5 })
  })

  it('132015 for a paused and 132016 for a disabled template', async () => {
    sb.pauseTemplate({ name: 'order_update', language: 'en_US' })
    sb.disableTemplate({ name: 'delivery_reschedule', language: 'en' })
    expectCode(await send('order_update', 'en_US', [body('Ana', '#1')]), 132015)
    expectCode(await send('delivery_reschedule', 'en'), 132016)
  })

  it('132000 when the parameters do not fit the variables', async () => {
    expectCode(await send('order_update', 'en_US'), 132000)
    expectCode(await send('order_update', 'en_US', [body('Ana')]), 132000)
    expectCode(await send('order_update', 'en_US', [body('Ana', '#1', 'extra')]), 132000)
    expectCode(await send('hello_world', 'en_US', [body('unexpected')]), 132000)
    // Header text with no variable takes no parameter.
    expectCode(await send('hello_world', 'en_US', [{ type: 'header', parameters: text('Hi') }]), 132000)
    // Named templates need the right names; positional values do not fill them.
    expectCode(await send('welcome_named', 'en_US', [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'name', text: 'Ana' }] }]), 132000)
    expectCode(await send('welcome_named', 'en_US', [body('Ana')]), 132000)
    expect((await send('welcome_named', 'en_US', [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] }])).status).toBe(200)
    // A quick-reply button that does not exist.
    expectCode(await send('delivery_reschedule', 'en', [{ type: 'button', sub_type: 'quick_reply', index: 5, parameters: [{ type: 'payload', payload: 'X' }] }]), 132000)
    expect((await send('delivery_reschedule', 'en', [{ type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: 'STOP' }] }])).status).toBe(200)
  })

  it('132000 for a missing URL button parameter; 132012 for a missing or mismatched media header', async () => {
    const created = await createTemplate(sb, {
      name: 'tracked_order',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
        { type: 'BODY', text: 'Hi {{1}}, your parcel is on its way. Track it any time.', example: { body_text: [['Ana']] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example/t/{{1}}', example: ['https://shop.example/t/1'] }] },
      ],
    })
    expect(created.body.status).toBe('APPROVED')
    const image = { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/p.jpg' } }] }
    const button = { type: 'button', sub_type: 'url', index: 0, parameters: text('ABC123') }
    expect((await send('tracked_order', 'en_US', [image, body('Ana'), button])).status).toBe(200)
    expectCode(await send('tracked_order', 'en_US', [image, body('Ana')]), 132000)
    expectCode(await send('tracked_order', 'en_US', [body('Ana'), button]), 132012)
    const video = { type: 'header', parameters: [{ type: 'video', video: { link: 'https://cdn.example/p.mp4' } }] }
    const mismatch = await send('tracked_order', 'en_US', [video, body('Ana'), button])
    expectCode(mismatch, 132012)
    expect(mismatch.body.error.error_data.details).toBe('header: Format mismatch, expected IMAGE, received VIDEO.')
  })

  it('132000 for a copy-code button without its coupon_code', async () => {
    await createTemplate(sb, utilityTemplate('coupon_code', {
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Thanks for your order! Use this code on your next visit.' }, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE10' }] }],
    }))
    expectCode(await send('coupon_code', 'en_US'), 132000)
    const coupon = { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] }
    expect((await send('coupon_code', 'en_US', [coupon])).status).toBe(200)
  })

  it('132005 when the hydrated body is longer than 1,024 characters; the category prices the message', async () => {
    const fixed = 'Your statement is ready. '.repeat(36) // 900 characters
    await createTemplate(sb, utilityTemplate('long_statement', { components: [{ type: 'BODY', text: `${fixed}Hello {{1}}, see you soon.`, example: { body_text: [['Ana']] } }] }))
    expect((await send('long_statement', 'en_US', [body('a'.repeat(100))])).status).toBe(200)
    expectCode(await send('long_statement', 'en_US', [body('a'.repeat(110))]), 132005)
    sb.recategorizeTemplate({ name: 'long_statement', language: 'en_US' }, 'MARKETING')
    await send('long_statement', 'en_US', [body('Ana')])
    expect(sb.accepted().at(-1)!.template).toEqual({ name: 'long_statement', language: 'en_US', category: 'marketing' })
  })
})
