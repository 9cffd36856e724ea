import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { createTemplate, graph, startFast, utilityTemplate, WABA_ID, type CallResult } from './support.js'

/** The template management endpoints over real HTTP (docs/platform.md §3.1, §3.2, §3.6). */
describe('sandbox template management API', () => {
  let sb: Sandbox

  beforeAll(async () => {
    sb = await startFast(null, { templateReview: { delayMs: 0 } })
  })
  afterAll(async () => {
    await sb.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setTemplateReview({ delayMs: 0, rejectLanguages: [], reclassifyUtilityToMarketing: 'promotional' })
  })

  function expectRefused(res: CallResult, code: number, subcode?: number) {
    expect(res.status).toBe(code === 190 ? 401 : 400)
    expect(res.body.error).toMatchObject({ code, type: expect.any(String), fbtrace_id: expect.any(String) })
    expect(res.body.error.error_subcode).toBe(subcode)
    // Template errors carry Graph's user-facing title and text.
    if (subcode !== undefined && subcode > 2_000_000) expect(res.body.error).toMatchObject({ error_user_title: expect.any(String), error_user_msg: expect.any(String) })
  }

  const list = async (query = '') => (await graph(sb, 'GET', `${WABA_ID}/message_templates${query}`)).body

  it("lists Meta's samples mixed with the business's own templates, in Graph's default fields", async () => {
    const res = await graph(sb, 'GET', `${WABA_ID}/message_templates?limit=100`)
    expect(res.status).toBe(200)
    const names = res.body.data.map((t: { name: string }) => t.name)
    for (const sample of ['hello_world', 'sample_shipping_confirmation', 'sample_issue_resolution', 'sample_purchase_feedback', 'sample_flight_confirmation', 'sample_movie_ticket_confirmation', 'sample_happy_hour_announcement']) {
      expect(names).toContain(sample)
    }
    expect(names).toEqual(expect.arrayContaining(['order_update', 'welcome_named', 'delivery_reschedule', 'promo_summer']))
    const hello = res.body.data.find((t: { name: string }) => t.name === 'hello_world')
    // What real listings show: no origin marker, no library_template_name on samples.
    expect(Object.keys(hello)).toEqual(['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id'])
    expect(hello).toMatchObject({ language: 'en_US', status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL', id: expect.stringMatching(/^\d{15,16}$/) })
    expect(hello.components[1]).toEqual({ type: 'BODY', text: expect.stringMatching(/^Welcome and congratulations!! This message demonstrates/) })
    // The sandbox's own view knows where each came from.
    const origins = Object.fromEntries(sb.templates().map((t) => [t.name, t.origin]))
    expect(origins).toMatchObject({ hello_world: 'sample', sample_happy_hour_announcement: 'sample', order_update: 'own' })
  })

  it('creates with case-insensitive enums, answers {id, status, category} and stores upper case', async () => {
    const created = await createTemplate(sb, {
      name: 'order_shipped',
      language: 'en_US',
      category: 'utility',
      parameter_format: 'positional',
      components: [
        { type: 'header', format: 'text', text: 'Order {{1}}', example: { header_text: ['#1234'] } },
        { type: 'body', text: 'Hi {{1}}, your order {{2}} ships on {{3}}. Thank you for shopping with us.', example: { body_text: [['Ana', '#1234', 'Friday']] } },
        { type: 'footer', text: 'Reply STOP to opt out' },
        { type: 'buttons', buttons: [{ type: 'quick_reply', text: 'Stop updates' }, { type: 'url', text: 'Track order', url: 'https://shop.example/t/{{1}}', example: ['1234'] }] },
      ],
    })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'APPROVED', category: 'UTILITY' })
    const got = await graph(sb, 'GET', `${created.body.id}?fields=name,language,category,parameter_format,components,status`)
    expect(got.body).toMatchObject({ id: created.body.id, name: 'order_shipped', category: 'UTILITY', parameter_format: 'POSITIONAL', status: 'APPROVED' })
    expect(got.body.components.map((c: { type: string }) => c.type)).toEqual(['HEADER', 'BODY', 'FOOTER', 'BUTTONS'])
    expect(got.body.components[0]).toEqual({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1234'] } })
    expect(got.body.components[3].buttons.map((b: { type: string }) => b.type)).toEqual(['QUICK_REPLY', 'URL'])
    // A flat body_text (as one SDK sends it) is stored nested, as Meta lists it.
    const flat = await createTemplate(sb, utilityTemplate('flat_example', { components: [{ type: 'BODY', text: 'Hello {{1}}, your ticket is ready.', example: { body_text: ['Ana'] } }] }))
    expect((await graph(sb, 'GET', `${flat.body.id}?fields=components`)).body.components[0].example).toEqual({ body_text: [['Ana']] })
  })

  it('creates a copy-code button from its example alone (its label is fixed by Meta); the example is at most 15 characters', async () => {
    const coupon = (example: unknown) =>
      utilityTemplate('coupon_code', {
        category: 'MARKETING',
        components: [{ type: 'BODY', text: 'Thanks for your order! Use this code on your next visit.' }, { type: 'BUTTONS', buttons: [{ type: 'copy_code', ...(example === undefined ? {} : { example }) }] }],
      })
    expectRefused(await createTemplate(sb, coupon(undefined)), 100)
    expectRefused(await createTemplate(sb, coupon('C'.repeat(16))), 100, 2388040)
    const created = await createTemplate(sb, coupon('SAVE10'))
    expect(created.body).toMatchObject({ status: 'APPROVED', category: 'MARKETING' })
    expect((await graph(sb, 'GET', `${created.body.id}?fields=components`)).body.components[1]).toEqual({ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE10' }] })
  })

  it('takes form-encoded parameters with JSON values, as Graph does', async () => {
    const res = await graph(sb, 'POST', `${WABA_ID}/message_templates`, utilityTemplate('form_made'), { form: true })
    expect(res.body).toMatchObject({ status: 'APPROVED', category: 'UTILITY' })
  })

  it('refuses a duplicate name + language with 100 / 2388024; another language of the name is fine', async () => {
    expect((await createTemplate(sb, utilityTemplate('appointment'))).status).toBe(200)
    expectRefused(await createTemplate(sb, utilityTemplate('appointment')), 100, 2388024)
    expectRefused(await createTemplate(sb, utilityTemplate('hello_world')), 100, 2388024)
    expect((await createTemplate(sb, utilityTemplate('appointment', { language: 'de' }))).status).toBe(200)
  })

  it('requires the Bearer token on every management call (190)', async () => {
    expectRefused(await graph(sb, 'GET', `${WABA_ID}/message_templates`, undefined, { token: null }), 190)
    expectRefused(await graph(sb, 'POST', `${WABA_ID}/message_templates`, utilityTemplate('x_y'), { token: 'nope' }), 190)
    const id = sb.templates().find((t) => t.name === 'hello_world')!.id
    expectRefused(await graph(sb, 'GET', id, undefined, { token: 'nope' }), 190)
    expectRefused(await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=hello_world`, undefined, { token: null }), 190)
  })

  describe('create-time refusals (§3.6), answered synchronously', () => {
    const body = (text: string, example?: unknown) => ({ type: 'BODY', text, ...(example === undefined ? {} : { example }) })
    const cases: Array<[string, Record<string, unknown>, number, number | undefined]> = [
      ['an invalid name', { name: 'Order Update' }, 100, undefined],
      ['a name over 512 characters', { name: 'a'.repeat(513) }, 100, undefined],
      ['an unsupported language', { language: 'xx_YY' }, 100, undefined],
      ['an unknown category', { category: 'PROMOTION' }, 100, undefined],
      ['no body', { components: [{ type: 'FOOTER', text: 'Thanks' }] }, 100, undefined],
      ['a body over 1,024 characters', { components: [body('a'.repeat(1025))] }, 100, 2388040],
      ['a header over 60 characters', { components: [{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, body('Your order is on its way.')] }, 100, 2388040],
      ['a footer over 60 characters', { components: [body('Your order is on its way.'), { type: 'FOOTER', text: 'f'.repeat(61) }] }, 100, 2388040],
      ['a header with two variables', { components: [{ type: 'HEADER', format: 'TEXT', text: '{{1}} and {{2}}', example: { header_text: ['a', 'b'] } }, body('Your order is on its way.')] }, 100, 2388047],
      ['a header with a newline', { components: [{ type: 'HEADER', format: 'TEXT', text: 'Order\nupdate' }, body('Your order is on its way.')] }, 100, 2388047],
      ['a footer variable', { components: [body('Your order is on its way.'), { type: 'FOOTER', text: 'Order {{1}}' }] }, 100, 2388073],
      ['variables with a gap', { components: [body('Hi {{1}}, your order {{3}} is on its way now.', { body_text: [['a', 'b', 'c']] })] }, 100, 2388072],
      ['a variable with a space inside', { components: [body('Hi {{ 1 }}, your order is on its way now.', { body_text: [['a']] })] }, 100, 2388072],
      ['a named variable in a positional template', { components: [body('Hi {{name}}, your order is on its way now.')] }, 100, 2388072],
      ['a body starting with a variable', { components: [body('{{1}}, your order is on its way now.', { body_text: [['Ana']] })] }, 100, 2388299],
      ['a body ending with a variable and a full stop', { components: [body('Your order will arrive on {{1}}.', { body_text: [['Friday']] })] }, 100, 2388299],
      ['too many variables for the text', { components: [body('Hi {{1}} {{2}}, {{3}} and {{4}} ok.', { body_text: [['a', 'b', 'c', 'd']] })] }, 100, 2388293],
      ['a variable without a sample', { components: [body('Hi {{1}}, your order is on its way now.')] }, 100, undefined],
      ['an image header without a sample handle', { components: [{ type: 'HEADER', format: 'IMAGE' }, body('Your order is on its way.')] }, 100, undefined],
      ['eleven buttons', { components: [body('Your order is on its way.'), { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `B${i}` })) }] }, 100, undefined],
      ['three URL buttons', { components: [body('Your order is on its way.'), { type: 'BUTTONS', buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `L${i}`, url: 'https://a.example/' })) }] }, 100, undefined],
      ['a button label of 26 characters', { components: [body('Your order is on its way.'), { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'b'.repeat(26) }] }] }, 100, 2388040],
      ['a TTL out of range', { message_send_ttl_seconds: 10 }, 100, undefined],
    ]
    it.each(cases)('refuses %s', async (_what, overrides, code, subcode) => {
      expectRefused(await createTemplate(sb, utilityTemplate('refused_one', overrides)), code, subcode)
      expect(sb.templates().some((t) => t.name === 'refused_one')).toBe(false)
    })

    it('refuses beyond the template name cap with 2388019', async () => {
      const small = await startFast(null, { maxTemplateNames: 12, templateReview: { delayMs: 0 } })
      try {
        // 7 samples + 4 own templates = 11 names; one more fits, the next does not; new languages of a name still do.
        expect((await createTemplate(small, utilityTemplate('twelfth'))).status).toBe(200)
        expectRefused(await createTemplate(small, utilityTemplate('thirteenth')), 100, 2388019)
        expect((await createTemplate(small, utilityTemplate('twelfth', { language: 'fr' }))).status).toBe(200)
      } finally {
        await small.close()
      }
    })
  })

  it('GET /{template-id} answers the requested fields plus id, and refuses unknown fields', async () => {
    const id = (await createTemplate(sb, utilityTemplate('fielded'))).body.id
    const res = await graph(sb, 'GET', `${id}?fields=name,status,rejected_reason,quality_score`)
    expect(res.body).toEqual({ name: 'fielded', status: 'APPROVED', rejected_reason: 'NONE', quality_score: { score: 'UNKNOWN', date: expect.any(Number) }, id })
    expectRefused(await graph(sb, 'GET', `${id}?fields=name,bogus`), 100)
    // An id that is no template: Graph's unknown object (100 / 33).
    expectRefused(await graph(sb, 'GET', '1999999999999999'), 100, 33)
  })

  it('filters by status, category (any case), language, name and name_or_content', async () => {
    sb.setTemplateReview({ rejectLanguages: [{ language: 'tr', reason: 'INVALID_FORMAT' }] })
    await createTemplate(sb, utilityTemplate('turkish', { language: 'tr' }))
    const names = (body: { data: Array<{ name: string }> }) => body.data.map((t) => t.name).sort()
    expect(names(await list('?status=REJECTED'))).toEqual(['turkish'])
    expect(names(await list('?category=marketing'))).toEqual(['promo_summer', 'sample_happy_hour_announcement'])
    expect(names(await list('?language=en'))).toEqual(['delivery_reschedule'])
    expect(names(await list('?name=hello_world'))).toEqual(['hello_world'])
    expect(names(await list('?name_or_content=package'))).toEqual(['sample_shipping_confirmation'])
    expect(names(await list('?status=approved,rejected&language=tr'))).toEqual(['turkish'])
  })

  it('pages with limit and cursors; next and previous are absolute URLs that work', async () => {
    for (let i = 0; i < 5; i++) await createTemplate(sb, utilityTemplate(`paged_${i}`))
    const all = (await list('?limit=100')).data.map((t: { id: string }) => t.id)
    expect(all).toHaveLength(16)
    // Newest first.
    expect((await list('?limit=1')).data[0].name).toBe('paged_4')
    const seen: string[] = []
    let page = await list('?limit=5&fields=name')
    const first = page
    for (;;) {
      seen.push(...page.data.map((t: { id: string }) => t.id))
      expect(page.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) })
      if (!page.paging.next) break
      expect(page.paging.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v23\.0\/100000000000001\/message_templates\?/)
      expect(page.paging.next).toContain('fields=name')
      page = (await graph(sb, 'GET', page.paging.next)).body
    }
    expect(seen).toEqual(all)
    expect(first.paging.previous).toBeUndefined()
    const back = (await graph(sb, 'GET', page.paging.previous)).body
    expect(back.data.map((t: { id: string }) => t.id)).toEqual(all.slice(10, 15))
    // A cursor stays valid when templates are deleted in between.
    await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=paged_3`)
    const after = (await graph(sb, 'GET', `${WABA_ID}/message_templates?limit=2&after=${first.paging.cursors.after}`)).body
    expect(after.data.map((t: { id: string }) => t.id)).toEqual(all.slice(5, 7))
    expectRefused(await graph(sb, 'GET', `${WABA_ID}/message_templates?limit=0`), 100)
    expectRefused(await graph(sb, 'GET', `${WABA_ID}/message_templates?after=garbage`), 100)
    expect(await list('?name=nothing_like_this')).toEqual({ data: [] })
  })

  describe('edits (§3.6)', () => {
    it('replaces the components of a REJECTED template and reviews it again', async () => {
      const id = (await createTemplate(sb, utilityTemplate('fix_me', { components: [{ type: 'BODY', text: 'Hi {{1}} {{2}}, your table is booked for tonight.', example: { body_text: [['A', 'B']] } }] }))).body.id
      expect((await graph(sb, 'GET', `${id}?fields=status,rejected_reason`)).body).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' })
      const edit = await graph(sb, 'POST', id, { components: [{ type: 'BODY', text: 'Hi {{1}}, your table for {{2}} is booked for tonight.', example: { body_text: [['Ana', 'two']] } }] })
      expect(edit.body).toEqual({ success: true })
      const got = (await graph(sb, 'GET', `${id}?fields=status,rejected_reason,components`)).body
      expect(got).toMatchObject({ status: 'APPROVED', rejected_reason: 'NONE' })
      expect(got.components).toEqual([{ type: 'BODY', text: 'Hi {{1}}, your table for {{2}} is booked for tonight.', example: { body_text: [['Ana', 'two']] } }])
      expect(sb.templates().find((t) => t.id === id)!.history.map((h) => h.event)).toEqual(['submitted', 'rejected', 'edited', 'approved'])
    })

    it('sends an edited APPROVED template back to PENDING; refuses a PENDING one, a category change and a second edit within 24 h', async () => {
      sb.setTemplateReview({ delayMs: 60_000 })
      const id = (await createTemplate(sb, utilityTemplate('slow_one'))).body.id
      expectRefused(await graph(sb, 'POST', id, { components: [{ type: 'BODY', text: 'Changed while pending, this will not work.' }] }), 100)
      expect(sb.finishTemplateReviews()).toBe(1)
      expectRefused(await graph(sb, 'POST', id, { category: 'MARKETING' }), 100)
      expect((await graph(sb, 'POST', id, { components: [{ type: 'BODY', text: 'Your appointment is confirmed. See you soon!' }] })).body).toEqual({ success: true })
      expect((await graph(sb, 'GET', `${id}?fields=status`)).body.status).toBe('PENDING')
      sb.finishTemplateReviews()
      expectRefused(await graph(sb, 'POST', id, { components: [{ type: 'BODY', text: 'A second edit on the same day is refused.' }] }), 100)
      expectRefused(await graph(sb, 'POST', id, { name: 'renamed' }), 100)
      // Edits are still refused by the create-time rules.
      expectRefused(await graph(sb, 'POST', id, { components: [{ type: 'BODY', text: 'x'.repeat(1025) }] }), 100, 2388040)
    })
  })

  describe('delete', () => {
    it('deletes every language of a name, or one by hsm_id; unknown names are refused', async () => {
      const en = (await createTemplate(sb, utilityTemplate('bilingual'))).body.id
      const de = (await createTemplate(sb, utilityTemplate('bilingual', { language: 'de' }))).body.id
      expect((await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=bilingual&hsm_id=${de}`)).body).toEqual({ success: true })
      expect(sb.templates().filter((t) => t.name === 'bilingual').map((t) => t.id)).toEqual([en])
      expectRefused(await graph(sb, 'GET', de), 100, 33)
      await createTemplate(sb, utilityTemplate('bilingual', { language: 'fr' }))
      expect((await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=bilingual`)).body).toEqual({ success: true })
      expect(sb.templates().some((t) => t.name === 'bilingual')).toBe(false)
      expectRefused(await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=bilingual`), 100)
      expectRefused(await graph(sb, 'DELETE', `${WABA_ID}/message_templates`), 100)
    })

    it('blocks an approved name + language for 30 days after deletion; a DISABLED template cannot be deleted', async () => {
      await createTemplate(sb, utilityTemplate('short_lived'))
      await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=short_lived`)
      expectRefused(await createTemplate(sb, utilityTemplate('short_lived')), 100, 2388023)
      expect((await createTemplate(sb, utilityTemplate('short_lived', { language: 'de' }))).status).toBe(200)
      sb.disableTemplate({ name: 'short_lived', language: 'de' })
      expectRefused(await graph(sb, 'DELETE', `${WABA_ID}/message_templates?name=short_lived`), 100)
    })
  })

  it('unpause refuses a template that is not paused; other methods on a template are unsupported', async () => {
    const id = sb.templates().find((t) => t.name === 'hello_world')!.id
    expectRefused(await graph(sb, 'POST', `${id}/unpause`), 100)
    expectRefused(await graph(sb, 'DELETE', id), 100, 33)
    expectRefused(await graph(sb, 'PUT', `${WABA_ID}/message_templates`), 100, 33)
  })

  it('seeds only own templates without samples, and refuses to start with an own seed that breaks the rules', async () => {
    const bare = await startSandbox(sandboxOptions({ seedSampleTemplates: false, templates: [] }))
    try {
      expect((await graph(bare, 'GET', `${WABA_ID}/message_templates`)).body).toEqual({ data: [] })
    } finally {
      await bare.close()
    }
    const bad = { name: 'bad_seed', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: '{{1}} is how this starts.', example: { body_text: [['It']] } }] }
    await expect(startSandbox(sandboxOptions({ templates: [bad] }))).rejects.toThrow(/templates\[0\] \(bad_seed\): .*start or end/)
    const otp = { name: 'otp_seed', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your login code is here, keep it safe and private.' }] }
    await expect(startSandbox(sandboxOptions({ templates: [otp] }))).rejects.toThrow(/REJECTED \(INCORRECT_CATEGORY\)/)
  })

  it('reset() forgets created templates and re-seeds the defaults', async () => {
    await createTemplate(sb, utilityTemplate('forgotten'))
    sb.reset()
    expect(sb.templates().map((t) => t.name)).not.toContain('forgotten')
    expect(sb.templates()).toHaveLength(11)
  })
})
