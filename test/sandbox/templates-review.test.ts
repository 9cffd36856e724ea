import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import {
  accountChanges, callMessages, createTemplate, graph, signatureOk, sleep, startFast, startReceiver, statusesOf, template, utilityTemplate, WABA_ID,
  type Receiver,
} from './support.js'

/** Review outcomes, policies and the platform's later actions, with their signed webhooks (docs/platform.md §2.7, §3.3–3.6). */
describe('sandbox template review and webhooks', () => {
  let receiver: Receiver
  let sb: Sandbox

  beforeAll(async () => {
    receiver = await startReceiver()
    sb = await startFast(receiver)
  })
  afterAll(async () => {
    await sb.close()
    await receiver.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setTemplateReview({ delayMs: 20, rejectLanguages: [], reclassifyUtilityToMarketing: 'promotional' })
    receiver.posts.length = 0
  })

  const statusUpdates = () => accountChanges(receiver, 'message_template_status_update').map((c) => c.value)
  const fieldsOf = async (id: string) => (await graph(sb, 'GET', `${id}?fields=status,category,previous_category,rejected_reason,quality_score`)).body

  it('answers PENDING and shows it PENDING, with no webhook, while the review lasts', async () => {
    // A delay no machine outruns: PENDING is asserted while the review cannot have ended.
    sb.setTemplateReview({ delayMs: 600_000 })
    const created = await createTemplate(sb, utilityTemplate('appointment_confirmed'))
    expect(created.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' })
    expect((await fieldsOf(created.body.id)).status).toBe('PENDING')
    expect(receiver.posts).toHaveLength(0)
    expect(sb.finishTemplateReviews()).toBe(1)
    await sb.idle()
    expect(statusUpdates()).toEqual([expect.objectContaining({ event: 'APPROVED', message_template_name: 'appointment_confirmed' })])
  })

  it('approves after the delay and posts a signed message_template_status_update with a numeric id', async () => {
    const before = Math.floor(Date.now() / 1000)
    const created = await createTemplate(sb, utilityTemplate('appointment_confirmed'))
    expect(created.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' })
    await sb.idle()
    const [change] = accountChanges(receiver)
    expect(change!.field).toBe('message_template_status_update')
    expect(change!.post.body).toEqual({
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, time: expect.any(Number), changes: [{ value: expect.any(Object), field: 'message_template_status_update' }] }],
    })
    expect(change!.time).toBeGreaterThanOrEqual(before)
    expect(change!.value).toEqual({
      event: 'APPROVED',
      message_template_id: Number(created.body.id),
      message_template_name: 'appointment_confirmed',
      message_template_language: 'en_US',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    })
    // The id is a JSON number in the bytes, not a string.
    expect(change!.post.raw).toContain(`"message_template_id":${created.body.id},`)
    expect(signatureOk(change!.post.raw, change!.post.headers['x-hub-signature-256'] as string)).toBe(true)
    expect(await fieldsOf(created.body.id)).toMatchObject({ status: 'APPROVED', rejected_reason: 'NONE' })
    expect(sb.templates().find((t) => t.id === created.body.id)!.history.map((h) => [h.event, h.status, h.reason])).toEqual([
      ['submitted', 'PENDING', null],
      ['approved', 'APPROVED', 'NONE'],
    ])
  })

  it('answers the verdict in the create call when delayMs is 0, and still posts the webhook', async () => {
    sb.setTemplateReview({ delayMs: 0 })
    expect((await createTemplate(sb, utilityTemplate('instant'))).body).toMatchObject({ status: 'APPROVED' })
    const bad = await createTemplate(sb, utilityTemplate('instant_bad', { components: [{ type: 'HEADER', format: 'TEXT', text: 'Hello 👋' }, { type: 'BODY', text: 'Your appointment is confirmed.' }] }))
    expect(bad.body).toMatchObject({ status: 'REJECTED', category: 'UTILITY' })
    await sb.idle()
    expect(statusUpdates().map((v) => [v.message_template_name, v.event, v.reason])).toEqual([
      ['instant', 'APPROVED', 'NONE'],
      ['instant_bad', 'REJECTED', 'INVALID_FORMAT'],
    ])
  })

  it('keeps a template PENDING until finishTemplateReviews() when the delay is long', async () => {
    sb.setTemplateReview({ delayMs: 60_000 })
    const id = (await createTemplate(sb, utilityTemplate('patient'))).body.id
    await sleep(30)
    expect((await fieldsOf(id)).status).toBe('PENDING')
    expect(sb.finishTemplateReviews()).toBe(1)
    expect((await fieldsOf(id)).status).toBe('APPROVED')
    await sb.idle()
    expect(statusUpdates()).toHaveLength(1)
  })

  describe('rejections found by the sandbox review', () => {
    const body = (text: string, example?: string[]) => ({ type: 'BODY', text, ...(example ? { example: { body_text: [example] } } : {}) })
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['an emoji in the header', { components: [{ type: 'HEADER', format: 'TEXT', text: 'Your order 📦' }, body('It ships today.')] }, 'INVALID_FORMAT'],
      ['bold in the header', { components: [{ type: 'HEADER', format: 'TEXT', text: '*Order update*' }, body('It ships today.')] }, 'INVALID_FORMAT'],
      ['adjacent variables', { components: [body('Dear {{1}} {{2}}, your order ships today.', ['Ana', 'Lima'])] }, 'INVALID_FORMAT'],
      [
        'a URL variable not at the end',
        { components: [body('Your order ships today.'), { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example/{{1}}/track', example: ['1'] }] }] },
        'INVALID_FORMAT',
      ],
      [
        'quick replies split by a URL button',
        {
          components: [
            body('Your order ships today.'),
            { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'URL', text: 'Track', url: 'https://shop.example/t' }, { type: 'QUICK_REPLY', text: 'No' }] },
          ],
        },
        'INVALID_FORMAT',
      ],
      ['an AUTHENTICATION template without an OTP button', { category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }] }, 'INVALID_FORMAT'],
      ['an OTP button outside AUTHENTICATION', { components: [body('Your order ships today.'), { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }] }, 'INVALID_FORMAT'],
      ['a one-time code sent as UTILITY', { components: [body('Your verification code is {{1}}. It expires soon.', ['123456'])] }, 'INCORRECT_CATEGORY'],
      ['a request for a card number', { components: [body('To keep your account, reply with your full card number and PIN today.')] }, 'ABUSIVE_CONTENT'],
    ]
    it.each(cases)('rejects %s', async (_what, overrides, reason) => {
      const id = (await createTemplate(sb, utilityTemplate('judged', overrides))).body.id
      await sb.idle()
      expect(statusUpdates()).toEqual([expect.objectContaining({ event: 'REJECTED', message_template_id: Number(id), reason })])
      expect(await fieldsOf(id)).toMatchObject({ status: 'REJECTED', rejected_reason: reason })
    })

    it('approves a proper AUTHENTICATION template built from its special fields', async () => {
      const id = (
        await createTemplate(sb, {
          name: 'login_code',
          language: 'en_US',
          category: 'authentication',
          components: [
            { type: 'BODY', add_security_recommendation: true },
            { type: 'FOOTER', code_expiration_minutes: 10 },
            { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'copy_code' }] },
          ],
        })
      ).body.id
      await sb.idle()
      expect(statusUpdates()[0]).toMatchObject({ event: 'APPROVED', message_template_category: 'AUTHENTICATION' })
      const components = (await graph(sb, 'GET', `${id}?fields=components`)).body.components
      expect(components[0].text).toBe('*{{1}}* is your verification code. For your security, do not share this code.')
      expect(components[1]).toMatchObject({ type: 'FOOTER', text: 'This code expires in 10 minutes.' })
      expect(components[2].buttons[0]).toMatchObject({ type: 'OTP', otp_type: 'COPY_CODE' })
    })
  })

  describe('rejectLanguages policy', () => {
    it('rejects every template in tr with the configured reason', async () => {
      sb.setTemplateReview({ rejectLanguages: [{ language: 'tr', reason: 'TAG_CONTENT_MISMATCH' }] })
      const tr = (await createTemplate(sb, utilityTemplate('greeting', { language: 'tr' }))).body.id
      const en = (await createTemplate(sb, utilityTemplate('greeting'))).body.id
      await sb.idle()
      const byId = Object.fromEntries(statusUpdates().map((v) => [v.message_template_id, v]))
      expect(byId[Number(tr)]).toMatchObject({ event: 'REJECTED', reason: 'TAG_CONTENT_MISMATCH', message_template_language: 'tr' })
      expect(byId[Number(en)]).toMatchObject({ event: 'APPROVED', reason: 'NONE' })
    })

    it('rejects without a reason: REJECTED with reason NONE (§3.4)', async () => {
      sb.setTemplateReview({ rejectLanguages: [{ language: 'tr', reason: null }] })
      const id = (await createTemplate(sb, utilityTemplate('greeting', { language: 'tr' }))).body.id
      await sb.idle()
      expect(statusUpdates()).toEqual([expect.objectContaining({ event: 'REJECTED', reason: 'NONE' })])
      expect(await fieldsOf(id)).toMatchObject({ status: 'REJECTED', rejected_reason: 'NONE' })
      expect(sb.templates().find((t) => t.id === id)!.history.at(-1)).toMatchObject({ event: 'rejected', status: 'REJECTED', reason: 'NONE' })
    })
  })

  describe('reclassifyUtilityToMarketing (§3.5)', () => {
    const promo = (name: string) =>
      utilityTemplate(name, { components: [{ type: 'BODY', text: 'Hi {{1}}, enjoy 20% off your next order with this exclusive coupon!', example: { body_text: [['Ana']] } }] })

    it('promotional: a UTILITY submission with promotional wording is approved as MARKETING, announced by template_category_update', async () => {
      const created = await createTemplate(sb, promo('utility_promo'))
      expect(created.body).toEqual({ id: expect.any(String), status: 'PENDING', category: 'MARKETING' })
      const plain = await createTemplate(sb, utilityTemplate('utility_plain'))
      expect(plain.body.category).toBe('UTILITY')
      await sb.idle()
      const changes = accountChanges(receiver).filter((c) => c.value.message_template_id === Number(created.body.id))
      expect(changes.map((c) => c.field)).toEqual(['template_category_update', 'message_template_status_update'])
      expect(changes[0]!.value).toEqual({
        message_template_id: Number(created.body.id),
        message_template_name: 'utility_promo',
        message_template_language: 'en_US',
        previous_category: 'UTILITY',
        new_category: 'MARKETING',
      })
      expect(changes[1]!.value).toMatchObject({ event: 'APPROVED', message_template_category: 'MARKETING' })
      expect(signatureOk(changes[0]!.post.raw, changes[0]!.post.headers['x-hub-signature-256'] as string)).toBe(true)
      expect(await fieldsOf(created.body.id)).toMatchObject({ status: 'APPROVED', category: 'MARKETING', previous_category: 'UTILITY' })
      expect((await fieldsOf(plain.body.id)).previous_category).toBeUndefined()
    })

    it('always and never', async () => {
      sb.setTemplateReview({ reclassifyUtilityToMarketing: 'always' })
      expect((await createTemplate(sb, utilityTemplate('always_marketing'))).body.category).toBe('MARKETING')
      sb.setTemplateReview({ reclassifyUtilityToMarketing: 'never' })
      expect((await createTemplate(sb, promo('never_moved'))).body.category).toBe('UTILITY')
      // Only UTILITY moves.
      sb.setTemplateReview({ reclassifyUtilityToMarketing: 'always' })
      expect((await createTemplate(sb, utilityTemplate('already_marketing', { category: 'MARKETING' }))).body.category).toBe('MARKETING')
      await sb.idle()
      expect(accountChanges(receiver, 'template_category_update').map((c) => c.value.message_template_name)).toEqual(['always_marketing'])
    })

    it('a reclassified template is priced as marketing when sent', async () => {
      sb.setTemplateReview({ reclassifyUtilityToMarketing: 'always', delayMs: 0 })
      await createTemplate(sb, utilityTemplate('priced_as_marketing', { components: [{ type: 'BODY', text: 'Your appointment is confirmed. See you soon!' }] }))
      const wamid = (await callMessages(sb, template('+4915112340101', 'priced_as_marketing'))).body.messages[0].id
      await sb.idle()
      expect(statusesOf(receiver, wamid)[0].pricing).toMatchObject({ category: 'marketing', type: 'regular' })
    })
  })

  describe('the platform acting later: pause, unpause, disable, re-categorise', () => {
    it('pauses for low quality: quality RED, PAUSED, sends fail 132015; unpause restores; the third pause disables (132016)', async () => {
      const hello = sb.templates().find((t) => t.name === 'hello_world')!
      const paused = sb.pauseTemplate({ name: 'hello_world', language: 'en_US' })
      expect(paused).toMatchObject({ status: 'PAUSED', qualityScore: 'RED', origin: 'sample' })
      await sb.idle()
      expect(accountChanges(receiver).map((c) => [c.field, c.value])).toEqual([
        [
          'message_template_quality_update',
          { previous_quality_score: 'GREEN', new_quality_score: 'RED', message_template_id: Number(hello.id), message_template_name: 'hello_world', message_template_language: 'en_US' },
        ],
        ['message_template_status_update', expect.objectContaining({ event: 'PAUSED', reason: 'NONE', message_template_category: 'UTILITY' })],
      ])
      for (const c of accountChanges(receiver)) expect(signatureOk(c.post.raw, c.post.headers['x-hub-signature-256'] as string)).toBe(true)
      const refused = await callMessages(sb, template('+4915112340102'))
      expect(refused.status).toBe(400)
      expect(refused.body.error.code).toBe(132015)

      expect((await graph(sb, 'POST', `${hello.id}/unpause`)).body).toEqual({ success: true })
      expect((await callMessages(sb, template('+4915112340102'))).status).toBe(200)
      await sb.idle()
      expect(statusUpdates().at(-1)).toMatchObject({ event: 'APPROVED', reason: 'NONE' })
      expect((await fieldsOf(hello.id)).quality_score.score).toBe('RED')

      sb.pauseTemplate({ id: hello.id })
      await graph(sb, 'POST', `${hello.id}/unpause`)
      expect(sb.pauseTemplate({ id: hello.id }).status).toBe('DISABLED')
      await sb.idle()
      const disabled = statusUpdates().at(-1)
      expect(disabled).toMatchObject({ event: 'DISABLED', reason: 'NONE', disable_info: { disable_date: expect.any(Number) } })
      expect((await callMessages(sb, template('+4915112340103'))).body.error.code).toBe(132016)
      expect(() => sb.pauseTemplate({ id: hello.id })).toThrow(/APPROVED/)
    })

    it('disables directly and re-categorises an approved template', async () => {
      sb.disableTemplate({ name: 'delivery_reschedule', language: 'en' })
      const recategorized = sb.recategorizeTemplate({ name: 'order_update', language: 'en_US' }, 'MARKETING')
      expect(recategorized).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' })
      await sb.idle()
      expect(statusUpdates()).toEqual([expect.objectContaining({ event: 'DISABLED', message_template_name: 'delivery_reschedule' })])
      expect(accountChanges(receiver, 'template_category_update')[0]!.value).toMatchObject({ message_template_name: 'order_update', previous_category: 'UTILITY', new_category: 'MARKETING' })
      expect(recategorized.history.at(-1)).toMatchObject({ event: 'recategorized', category: 'MARKETING' })
      expect(() => sb.recategorizeTemplate({ name: 'order_update', language: 'en_US' }, 'MARKETING')).toThrow()
      expect(() => sb.pauseTemplate({ name: 'nope', language: 'en' })).toThrow(/no template/)
    })
  })

  describe('control API', () => {
    async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
      const res = await fetch(`${sb.url}/sandbox${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      })
      return { status: res.status, body: await res.json() }
    }

    it('reads and changes the review policy, lists templates with their origin, pauses, disables, re-categorises and finishes reviews', async () => {
      const policy = await control('PUT', '/templates/review', { delayMs: 60_000, rejectLanguages: [{ language: 'tr', reason: null }] })
      expect(policy.body).toEqual({ delayMs: 60_000, rejectLanguages: [{ language: 'tr', reason: null }], reclassifyUtilityToMarketing: 'promotional' })
      expect((await control('GET', '/templates/review')).body).toEqual(policy.body)
      expect((await control('PUT', '/templates/review', { reclassifyUtilityToMarketing: 'sometimes' })).status).toBe(400)
      expect((await control('PUT', '/templates/review', { rejectLanguages: [{ language: 'tr', reason: 'BECAUSE' }] })).status).toBe(400)

      await createTemplate(sb, utilityTemplate('selamlar', { language: 'tr' }))
      expect((await control('POST', '/templates/review-now')).body).toEqual({ reviewed: 1 })
      const listed = (await control('GET', '/templates')).body
      expect(listed[0]).toMatchObject({ name: 'selamlar', status: 'REJECTED', rejectedReason: 'NONE', origin: 'own' })
      expect(listed.filter((t: { origin: string }) => t.origin === 'sample')).toHaveLength(7)

      expect((await control('POST', '/templates/pause', { name: 'order_update', language: 'en_US' })).body).toMatchObject({ status: 'PAUSED' })
      const id = listed.find((t: { name: string }) => t.name === 'welcome_named').id
      expect((await control('POST', '/templates/disable', { id })).body).toMatchObject({ status: 'DISABLED' })
      expect((await control('POST', '/templates/recategorize', { name: 'promo_summer', language: 'en_US', category: 'UTILITY' })).body).toMatchObject({ category: 'UTILITY', previousCategory: 'MARKETING' })
      expect((await control('POST', '/templates/pause', { name: 'order_update' })).status).toBe(400)
      expect((await control('POST', '/templates/pause', { id: '1' })).status).toBe(400)
      expect((await control('POST', '/templates/recategorize', { id, category: 'PROMO' })).status).toBe(400)
    })
  })
})
