import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL, namedTemplate } from '../support/templates.js'

const OPTED_OUT = '+4915112345601'
const OTHER = '+4915112345602'


describeEachDatabase('direct sends the API refuses up front', (dialect) => {
  let h: Harness
  // The platform stamps messages in whole seconds: the clock moves on between the contact's messages.
  const clock = manualClock(Date.parse('2026-11-25T10:00:00Z'))
  beforeAll(async () => {
    h = await startHarness(dialect, { clock, sandbox: { templateReview: INSTANT_APPROVAL } })
    const definitions = [
      namedTemplate('lesson_moved', 'en', 'UTILITY', 'The lesson for {{child_name}} has moved to tomorrow at the same time.', { child_name: 'Max' }),
      namedTemplate('autumn_offer', 'en', 'MARKETING', 'Autumn classes are open: book a place for {{child_name}} now and the first week is free.', { child_name: 'Max' }),
    ]
    await approveTemplates(h, definitions.map((definition) => ({ definition })))
  })
  afterAll(async () => h?.close())

  const count = async () => Number((await h.db.database.db.selectFrom('messages').where('direction', '=', 'outbound').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const send = (body: Record<string, unknown>) => h.api('POST', '/v1/messages', body)
  const utility = { name: 'lesson_moved', params: { child_name: 'Max' } }

  it('refuses positional values for a named template with template_params_invalid, naming the parameters', async () => {
    const before = await count()
    const res = await send({ to: OTHER, template: { ...utility, params: ['Max'] } })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('template_params_invalid')
    expect(res.body.error.message).toContain('"child_name"')
    expect(await count()).toBe(before)
    expect((await send({ to: OTHER, template: utility })).status).toBe(202)
  })

  it('refuses a send to a contact who opted out with contact_opted_out, and queues nothing', async () => {
    await h.sandbox.userSends(OPTED_OUT, { text: 'STOP' })
    await eventually(async () => (await h.api('PUT', `/v1/contacts/${encodeURIComponent(OPTED_OUT)}`, {})).body.opted_out === true)
    // The keyword's confirmation is queued after the opt-out is stored: count from after it.
    await eventually(async () =>
      (await h.api('GET', `/v1/contacts/${encodeURIComponent(OPTED_OUT)}/messages?limit=5`)).body.data?.some((m: { metadata: { reason?: string } | null }) => m.metadata?.reason === 'opt_out_confirmation'),
    )
    const before = await count()
    for (const body of [{ to: OPTED_OUT, text: 'Hello again' }, { to: OPTED_OUT, template: utility }]) {
      const res = await send(body)
      expect(res.status).toBe(422)
      expect(res.body.error).toMatchObject({ code: 'contact_opted_out', details: { field: 'to', source: 'whatsapp_keyword', override: null, reason: 'opted_out' } })
    }
    const batch = await h.api('POST', '/v1/messages/batch', { messages: [{ to: OPTED_OUT, text: 'Hello' }, { to: OTHER, text: 'Hello' }] })
    expect(batch.status).toBe(202)
    expect(batch.body).toMatchObject({ accepted: 1, rejected: 1, results: [{ index: 0, error: { code: 'contact_opted_out' } }, { index: 1, status: 'queued' }] })
    expect(await count()).toBe(before + 1)
  })

  it('lets a transactional template through, but never marketing and never free-form text', async () => {
    const before = await count()
    const transactional = { policy: { override: 'transactional' } }
    expect((await send({ to: OPTED_OUT, template: utility, ...transactional })).status).toBe(202)
    const marketing = await send({ to: OPTED_OUT, template: { name: 'autumn_offer', params: { child_name: 'Max' } }, ...transactional })
    expect(marketing.status).toBe(422)
    expect(marketing.body.error).toMatchObject({ code: 'contact_opted_out', details: { reason: 'marketing' } })
    const text = await send({ to: OPTED_OUT, text: 'Your invoice is ready', ...transactional })
    expect(text.body.error).toMatchObject({ code: 'contact_opted_out', details: { reason: 'not_transactional' } })
    expect(await count()).toBe(before + 1)
    const unknown = await send({ to: OPTED_OUT, text: 'x', policy: { override: 'because' } })
    expect(unknown.status).toBe(400)
  })

  it('sends a reply the contact asked for only after they wrote again', async () => {
    const reply = { to: OPTED_OUT, text: 'Yes, the lesson is at five.', policy: { override: 'requested_by_contact' } }
    const early = await send(reply)
    expect(early.status).toBe(422)
    expect(early.body.error).toMatchObject({ code: 'contact_opted_out', details: { reason: 'not_requested', override: 'requested_by_contact' } })
    clock.advance(60_000)
    await h.sandbox.userSends(OPTED_OUT, { text: 'Is the lesson at five?' })
    await eventually(async () => (await h.api('GET', `/v1/contacts/${encodeURIComponent(OPTED_OUT)}/messages?limit=5`)).body.data?.some((m: { text: string }) => m.text === 'Is the lesson at five?'))
    const answered = await send(reply)
    expect(answered.status).toBe(202)
    await eventually(async () => (await h.api('GET', `/v1/messages/${answered.body.id}`)).body.status === 'read', 15_000, 'the reply to be read')
    // Still opted out: without the override the next one is refused.
    expect((await send({ to: OPTED_OUT, text: 'And a newsletter' })).body.error.code).toBe('contact_opted_out')
  })
})
