import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadTemplateFolder } from '../../src/cli/template-files.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, manualClock, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL, namedTemplate } from '../support/templates.js'

const MINUTE = 60_000
// 22:30 in Istanbul (UTC+3, no daylight saving).
const T0 = Date.parse('2026-11-25T19:30:00Z')
const AYSE = '+905321234567'
const ANNA = '+4915112345670'
const PETER = '+4915112345671'

// The school's rules, plus a marketing rule so that an opt-out has something to stop.
const PROMO_RULE = `
  - id: summer-camp
    on: promo.summer_camp
    send:
      template: summer_camp
      params: { child_name: data.student.first_name }
    category: marketing
    to: guardians
`

describeEachDatabase('event-triggered notifications: a Turkish-speaking parent in Istanbul', (dialect) => {
  let h: Harness
  const clock = manualClock(T0)

  beforeAll(async () => {
    h = await startHarness(dialect, { clock, sandbox: { templates: [], templateReview: INSTANT_APPROVAL } })
    // The school's templates, approved (the sandbox reviews at once here), and a marketing one.
    const loaded = await loadTemplateFolder('examples/templates')
    const promo = [
      namedTemplate('summer_camp', 'en', 'MARKETING', 'Summer camp is coming: book a place for {{child_name}} now and get twenty percent off the first week.', { child_name: 'Can' }),
      namedTemplate('summer_camp', 'tr', 'MARKETING', 'Yaz kampı başlıyor: {{child_name}} için şimdi yer ayırın ve ilk hafta yüzde yirmi indirim kazanın.', { child_name: 'Can' }),
    ]
    await approveTemplates(h, [...loaded.inputs, ...promo.map((definition) => ({ definition }))])
    const rules = (await readFile('examples/rules.yaml', 'utf8')) + PROMO_RULE
    expect((await h.api('PUT', '/v1/rules', { document: rules })).body).toEqual({ rules: 6 })
  })
  afterAll(async () => h?.close())

  const iso = (at: number) => new Date(at).toISOString()
  const post = (event: Record<string, unknown>) => h.api('POST', '/v1/events', event)
  const message = async (id: string) => (await h.api('GET', `/v1/messages/${id}`)).body
  const reaches = (id: string, status = 'read') => eventually(async () => ((await message(id)).status === status ? message(id) : undefined), 15_000, `${id} to be ${status}`)
  const subject = { external_id: 'student-can', contacts: [{ phone: AYSE, name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul', role: 'guardian' }, { phone: AYSE, role: 'billing' }] }
  const lesson = {
    id: 'evt-lesson-1',
    type: 'lesson.scheduled',
    occurred_at: iso(T0),
    subject,
    data: { lesson: { id: 'lesson-1', kind: 'regular', starts_at: '2026-11-26T15:00:00+03:00' }, student: { first_name: 'Can' } },
  }

  it('defers the confirmation of an event at 22:30 to 08:00 and schedules the reminder an hour before the lesson', async () => {
    const res = await post(lesson)
    expect(res.status).toBe(202)
    const confirmation = res.body.decisions.find((d: { rule_id: string }) => d.rule_id === 'lesson-confirmation')
    expect(confirmation).toMatchObject({ contact: AYSE, outcome: 'scheduled', detail: { at: '2026-11-26T05:00:00.000Z', deferred: { reason: 'quiet_hours' }, route: { kind: 'template', language: 'tr' } } })
    const reminder = res.body.decisions.find((d: { rule_id: string }) => d.rule_id === 'lesson-reminder')
    expect(reminder).toMatchObject({ outcome: 'scheduled', detail: { at: '2026-11-26T11:00:00.000Z' } })
    expect((await message(confirmation.message_id)).status).toBe('scheduled')

    // Nothing goes out during the night.
    clock.set(Date.parse('2026-11-26T04:59:00Z'))
    // One tick of the worker at 04:59, awaited: what it would send, it has sent when this returns.
    await h.parley.dispatcher.dispatchDue(clock.now())
    expect((await message(confirmation.message_id)).status).toBe('scheduled')
    clock.set(Date.parse('2026-11-26T05:00:00Z'))
    const sent = await reaches(confirmation.message_id)
    expect(sent).toMatchObject({ kind: 'template', content: { name: 'lesson_scheduled', language: 'tr' } })
    expect(sent.text).toContain('Can')
  })

  it('repeats nothing for a repeated event id, and refuses the id with another body', async () => {
    const count = async () => Number((await h.db.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    const again = await post(lesson)
    expect(again.status).toBe(200)
    expect(again.body.status).toBe('duplicate')
    expect(again.body.decisions.map((d: { rule_id: string }) => d.rule_id).sort()).toEqual(['lesson-confirmation', 'lesson-reminder'])
    expect(await count()).toBe(before)
    const changed = await post({ ...lesson, data: { ...lesson.data, student: { first_name: 'Deniz' } } })
    expect(changed.status).toBe(409)
  })

  it('after the parent replies, sends the next notification as free-form text', async () => {
    clock.set(Date.parse('2026-11-26T05:05:00Z'))
    await h.sandbox.userSends(AYSE, { text: 'Teşekkürler, görüşürüz!' })
    await eventually(async () => (await h.api('GET', `/v1/contacts/${encodeURIComponent(AYSE)}/messages`)).body.data?.some((m: { direction: string }) => m.direction === 'inbound'))
    clock.set(Date.parse('2026-11-26T05:10:00Z'))
    const res = await post({
      id: 'evt-payment-1',
      type: 'payment.received',
      occurred_at: iso(clock.now()),
      subject,
      data: { payment: { amount_minor: 420000, currency: 'TRY', invoice_id: 'inv-1' }, balance: { lessons: 8 }, student: { first_name: 'Can' } },
    })
    const thanks = res.body.decisions[0]
    expect(thanks).toMatchObject({ rule_id: 'payment-thanks', outcome: 'queued', detail: { route: { kind: 'free_form' } } })
    const sent = await reaches(thanks.message_id)
    expect(sent.kind).toBe('text')
    expect(sent.text).toMatch(/^Teşekkürler Ayşe, ödemeniz alındı ve tutarı .*4\.200.* oldu\. Çocuğunuz Can için bakiye şimdi 8 ders oldu\.$/)
  })

  it('cancels the pending reminder when the lesson is cancelled', async () => {
    const reminderId = (await h.api('GET', '/v1/events/evt-lesson-1')).body.decisions.find((d: { rule_id: string }) => d.rule_id === 'lesson-reminder').message_id
    const res = await post({ id: 'evt-cancel-1', type: 'lesson.cancelled', occurred_at: iso(clock.now()), subject, data: { lesson: { id: 'lesson-1' } } })
    expect(res.body.decisions).toContainEqual(expect.objectContaining({ outcome: 'cancelled', message_id: reminderId }))
    expect(await message(reminderId)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled_by_event' } })
    clock.set(Date.parse('2026-11-26T11:00:00Z'))
    await h.parley.dispatcher.dispatchDue(clock.now())
    expect((await message(reminderId)).status).toBe('cancelled')
    expect(h.sandbox.accepted().filter((m) => m.bizOpaqueCallbackData === reminderId)).toHaveLength(0)
  })

  it('attaches the feedback button reply to the trial event', async () => {
    const res = await post({ id: 'evt-trial-1', type: 'trial.finished', occurred_at: iso(clock.now()), subject, data: { lesson: { id: 'trial-1' }, student: { first_name: 'Can' } } })
    const ask = res.body.decisions[0]
    expect(ask).toMatchObject({ rule_id: 'trial-feedback', outcome: 'scheduled' })
    clock.advance(10 * MINUTE)
    const sent = await reaches(ask.message_id)
    await h.sandbox.userSends(AYSE, { button: { text: '5', payload: '5' }, contextMessageId: sent.provider_message_id })
    const event = await eventually(async () => {
      const body = (await h.api('GET', '/v1/events/evt-trial-1')).body
      return body.feedback.length > 0 ? body : undefined
    })
    expect(event.feedback).toEqual([{ rule_id: 'trial-feedback', message_id: ask.message_id, kind: 'button', value: '5', at: expect.any(String) }])
    expect((await h.api('GET', '/v1/feedback')).body.data).toEqual([{ rule_id: 'trial-feedback', value: '5', count: 1 }])
  })

  it('suppresses the next marketing message after STOP (DUR), with its reason', async () => {
    await h.api('PUT', `/v1/contacts/${encodeURIComponent(AYSE)}`, { marketing_consent: { granted: true, source: 'signup_form' } })
    await h.sandbox.userSends(AYSE, { text: 'DUR' })
    await eventually(async () => (await h.api('PUT', `/v1/contacts/${encodeURIComponent(AYSE)}`, {})).body.opted_out === true)
    // One confirmation, in Turkish.
    const thread = (await h.api('GET', `/v1/contacts/${encodeURIComponent(AYSE)}/messages?limit=5`)).body.data
    expect(thread.find((m: { direction: string; metadata: { reason?: string } | null }) => m.direction === 'outbound' && m.metadata?.reason === 'opt_out_confirmation')).toBeDefined()
    const res = await post({ id: 'evt-promo-1', type: 'promo.summer_camp', occurred_at: iso(clock.now()), subject, data: { student: { first_name: 'Can' } } })
    expect(res.body.decisions).toEqual([expect.objectContaining({ rule_id: 'summer-camp', contact: AYSE, outcome: 'suppressed', reason: 'opted_out', message_id: null })])
  })

  it('reaches both guardians of a student', async () => {
    const res = await post({
      id: 'evt-lesson-2',
      type: 'lesson.scheduled',
      occurred_at: iso(clock.now()),
      subject: {
        external_id: 'student-max',
        contacts: [
          { phone: ANNA, name: 'Anna', language: 'en', timezone: 'Europe/Berlin', role: 'guardian' },
          { phone: PETER, name: 'Peter', language: 'en', timezone: 'Europe/Berlin', role: 'guardian' },
        ],
      },
      data: { lesson: { id: 'lesson-2', kind: 'regular', starts_at: '2026-11-27T15:00:00+01:00' }, student: { first_name: 'Max' } },
    })
    const confirmations = res.body.decisions.filter((d: { rule_id: string }) => d.rule_id === 'lesson-confirmation')
    expect(confirmations.map((d: { contact: string }) => d.contact).sort()).toEqual([ANNA, PETER].sort())
    for (const d of confirmations) expect((await reaches(d.message_id)).content).toMatchObject({ name: 'lesson_scheduled', language: 'en' })
  })
})
