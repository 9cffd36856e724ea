import { describe, expect, it } from 'vitest'
import { durationMs, parseDuration, shiftInstant } from '../../../src/core/rules/duration.js'
import type { RecipientContext, RuleEvent } from '../../../src/core/rules/model.js'
import { planRuleSend } from '../../../src/core/rules/plan-rule-send.js'
import { istanbul, lessonScheduled, ruleOf, trialFinished } from './fixtures.js'

const at = (iso: string) => Date.parse(iso)

/** A one-rule document around the given lines (indented as a rule's fields). */
function rule(fields: string) {
  return ruleOf(`rules:\n  - id: r\n    category: utility\n${fields.replace(/^/gm, '    ')}\n`)
}

const reminder = rule(`on: lesson.scheduled
send:
  template: lesson_reminder
  params: { child_name: data.student.first_name, time: { from: data.lesson.starts_at, format: time } }
  buttons: { 0: data.lesson.id }
  free_form: true
to: guardians
at: { before: data.lesson.starts_at, by: 1h }
expires: data.lesson.starts_at
cancel_on: [{ event: lesson.cancelled, match: data.lesson.id }]
send_now_if_window_open: true
expect_reply: { buttons: [1, 2], text_within: 1d }`)

function plan(r: ReturnType<typeof rule>, event: RuleEvent = lessonScheduled, recipient: RecipientContext = istanbul, now?: number) {
  const result = planRuleSend({ rule: r }, event, recipient, now)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.plan
}

function errors(r: ReturnType<typeof rule>, event: RuleEvent = lessonScheduled, recipient: RecipientContext = istanbul) {
  const result = planRuleSend({ rule: r }, event, recipient)
  if (result.ok) throw new Error('expected errors')
  return result.errors
}

describe('planRuleSend', () => {
  it('plans the reminder: values for the recipient, one hour before, expiring at the start, cancellable', () => {
    expect(plan(reminder)).toEqual({
      ruleId: 'r',
      eventId: 'evt_123',
      template: { name: 'lesson_reminder', params: { child_name: 'Can', time: '15:00' }, buttons: { 0: 'lesson-9' } },
      category: 'utility',
      recipients: ['guardians'],
      desiredAt: at('2026-11-26T11:00:00Z'),
      late: false,
      expiresAt: at('2026-11-26T12:00:00Z'),
      cancelKeys: ['lesson.cancelled:data.lesson.id=lesson-9'],
      freeForm: true,
      sendNowIfWindowOpen: true,
      ignoreQuietHours: false,
      expectReply: { buttons: ['1', '2'], textWithinMs: 86_400_000 },
      smsFallback: null,
    })
  })

  it.each<[string, string, string]>([
    ['America/New_York', 'en', '7:00 AM'],
    ['Europe/Moscow', 'ru', '15:00'],
    ['Europe/Madrid', 'es', '13:00'],
    ['America/Sao_Paulo', 'pt_BR', '09:00'],
  ])('writes the time for a recipient in %s (%s)', (timezone, language, time) => {
    expect(plan(reminder, lessonScheduled, { timezone, language, name: 'x' }).template.params).toEqual({ child_name: 'Can', time })
  })

  it('sends now when the time asked for has passed, and says it is late', () => {
    const booked = { ...lessonScheduled, occurred_at: '2026-11-26T11:30:00Z' }
    expect(plan(reminder, booked)).toMatchObject({ desiredAt: at('2026-11-26T11:30:00Z'), late: true, expiresAt: at('2026-11-26T12:00:00Z') })
    expect(plan(reminder, lessonScheduled, istanbul, at('2026-11-26T11:59:00Z'))).toMatchObject({ desiredAt: at('2026-11-26T11:59:00Z'), late: true })
  })

  it('counts a delay from the event, and "now" by default from the event too', () => {
    const feedback = rule(`on: trial.finished
send: { template: trial_finished, params: { child_name: data.student.first_name } }
delay: 10m
expires: 2d`)
    expect(plan(feedback, trialFinished)).toMatchObject({ desiredAt: at('2026-11-25T16:10:00Z'), late: false, expiresAt: at('2026-11-27T16:10:00Z') })
    // processed an hour late: the delay has passed, it goes at once, and expires two days after that
    expect(plan(feedback, trialFinished, istanbul, at('2026-11-25T17:00:00Z'))).toMatchObject({ desiredAt: at('2026-11-25T17:00:00Z'), late: true, expiresAt: at('2026-11-27T17:00:00Z') })
    const immediate = rule(`on: trial.finished\nsend: { template: t, params: [] }`)
    expect(plan(immediate, trialFinished)).toMatchObject({ desiredAt: at('2026-11-25T16:00:00Z'), late: false, expiresAt: null, cancelKeys: [], expectReply: null })
    expect(plan(immediate, trialFinished, istanbul, at('2026-11-25T18:00:00Z')).desiredAt).toBe(at('2026-11-25T18:00:00Z'))
  })

  it.each<[string, string, string]>([
    ['{ before: data.lesson.starts_at, by: 1h30m }', 'Europe/Istanbul', '2026-11-26T10:30:00Z'],
    ['{ after: data.lesson.starts_at, by: 45m }', 'Europe/Istanbul', '2026-11-26T12:45:00Z'],
    ['{ after: data.lesson.starts_at }', 'Europe/Istanbul', '2026-11-26T12:00:00Z'],
    ['data.lesson.starts_at', 'Europe/Istanbul', '2026-11-26T12:00:00Z'],
    [`'"2026-11-26T13:00:00+01:00"'`, 'Europe/Istanbul', '2026-11-26T12:00:00Z'],
    ['{ before: data.lesson.starts_at, by: 1d }', 'Europe/Istanbul', '2026-11-25T12:00:00Z'],
    ['{ before: data.lesson.starts_at, by: 1w }', 'Europe/Istanbul', '2026-11-19T12:00:00Z'],
    // a plain date is its midnight in the recipient's zone
    ['{ before: data.lesson.day, by: 1d }', 'Europe/Istanbul', '2026-11-28T21:00:00Z'],
    ['{ before: data.lesson.day, by: 1d }', 'America/New_York', '2026-11-29T05:00:00Z'],
  ])('at %s (%s) → %s', (spec, timezone, expected) => {
    const r = rule(`on: lesson.scheduled\nsend: { template: t }\nat: ${spec}`)
    const event = { ...lessonScheduled, occurred_at: '2026-11-01T00:00:00Z', data: { ...lessonScheduled.data, lesson: { ...(lessonScheduled.data.lesson as object), day: '2026-11-30' } } }
    expect(plan(r, event, { timezone, language: 'en' }).desiredAt).toBe(at(expected))
  })

  it('moves by calendar days in the recipient’s zone across a daylight-saving change, by exact hours otherwise', () => {
    // New York leaves daylight saving on 1 November 2026: the day before a 15:00 lesson is 15:00 too.
    const event = { ...lessonScheduled, occurred_at: '2026-10-01T00:00:00Z', data: { lesson: { id: 'l', starts_at: '2026-11-01T15:00:00-05:00' } } }
    const dayBefore = rule(`on: lesson.scheduled\nsend: { template: t }\nat: { before: data.lesson.starts_at, by: 1d }`)
    const hoursBefore = rule(`on: lesson.scheduled\nsend: { template: t }\nat: { before: data.lesson.starts_at, by: 24h }`)
    expect(plan(dayBefore, event, { timezone: 'America/New_York', language: 'en' }).desiredAt).toBe(at('2026-10-31T15:00:00-04:00'))
    expect(plan(hoursBefore, event, { timezone: 'America/New_York', language: 'en' }).desiredAt).toBe(at('2026-10-31T16:00:00-04:00'))
    expect(plan(dayBefore, event, { timezone: 'Europe/Istanbul', language: 'en' }).desiredAt).toBe(at('2026-10-31T20:00:00Z'))
  })

  it.each<[string, string | null]>([
    ['data.lesson.starts_at', '2026-11-26T12:00:00Z'],
    ['{ before: data.lesson.starts_at, by: 10m }', '2026-11-26T11:50:00Z'],
    ['{ after: data.lesson.starts_at, by: 15m }', '2026-11-26T12:15:00Z'],
    ['6h', '2026-11-26T01:30:00Z'],
    ['1h30m', '2026-11-25T21:00:00Z'],
  ])('expires: %s → %s', (spec, expected) => {
    const r = rule(`on: lesson.scheduled\nsend: { template: t }\nexpires: ${spec}`)
    expect(plan(r).expiresAt).toBe(expected === null ? null : at(expected))
  })

  it('renders positional params, header values, media, buttons, a fixed language and literals', () => {
    const r = rule(`on: lesson.scheduled
send:
  template: t
  language: pt_BR
  params: [data.student.first_name, { from: data.lesson.starts_at, format: date, style: short }, 3, { literal: "Kids School" }, data.lesson.room ?? "online"]
  header_params: [{ from: data.lesson.starts_at, format: datetime, style: short }]
  header_media: data.lesson.cover_url
  buttons: { 0: data.lesson.id, 1: { literal: "CODE42" } }
to: all`)
    const event = { ...lessonScheduled, data: { ...lessonScheduled.data, lesson: { ...(lessonScheduled.data.lesson as object), cover_url: 'https://cdn.example/c.png' } } }
    expect(plan(r, event, { timezone: 'America/Sao_Paulo', language: 'pt_BR' })).toMatchObject({
      template: {
        name: 't',
        language: 'pt_BR',
        params: ['Can', '26/11/2026', '3', 'Kids School', 'online'],
        headerParams: ['26/11/2026, 09:00'],
        headerMedia: 'https://cdn.example/c.png',
        buttons: { 0: 'lesson-9', 1: 'CODE42' },
      },
      recipients: ['contact', 'guardians', 'billing'],
    })
  })

  it('reads the recipient, and money with a currency from the event', () => {
    const r = rule(`on: payment.received
send:
  template: payment_received
  params:
    parent_name: recipient.name ?? contact.name
    amount: { from: data.payment.amount, format: money, currency: data.payment.currency }
    lessons: { from: data.lessons, format: number }`)
    const event: RuleEvent = { id: 'p', type: 'payment.received', occurred_at: '2026-11-25T10:00:00Z', contact: { name: 'Anna' }, data: { payment: { amount: 120, currency: 'eur' }, lessons: 8 } }
    expect(plan(r, event, { timezone: 'Europe/Berlin', language: 'es', name: 'Lucía' }).template.params).toEqual({ parent_name: 'Lucía', amount: '120,00\u00a0€', lessons: '8' })
    expect(plan(r, event, { timezone: 'Europe/Berlin', language: 'en' }).template.params).toMatchObject({ parent_name: 'Anna', amount: '€120.00' })
  })

  it('reports every problem, each naming the rule field', () => {
    const r = rule(`on: lesson.scheduled
send:
  template: t
  params:
    child_name: data.student.last_name
    time: { from: data.lesson.kind, format: time }
    amount: { from: data.lesson.price, format: money, currency: data.lesson.currency }
  buttons: { 0: data.lesson.teacher.id }
at: { before: data.lesson.kind, by: 1h }
expires: data.lesson.ends_at
cancel_on: [{ event: lesson.cancelled, match: data.lesson.uuid }]`)
    const event = { ...lessonScheduled, data: { ...lessonScheduled.data, lesson: { ...(lessonScheduled.data.lesson as object), price: 10, currency: 42 } } }
    expect(errors(r, event)).toEqual([
      { ruleId: 'r', field: 'send.params.child_name', message: 'data.student.last_name is missing' },
      { ruleId: 'r', field: 'send.params.time', message: 'data.lesson.kind: text "regular" is not a date-time with an offset (e.g. 2026-11-25T19:30:00Z)' },
      { ruleId: 'r', field: 'send.params.amount', message: 'currency: data.lesson.currency is a number 42, not a currency code like EUR' },
      { ruleId: 'r', field: 'send.buttons.0', message: 'data.lesson.teacher is missing (reading data.lesson.teacher.id)' },
      { ruleId: 'r', field: 'at', message: 'data.lesson.kind is text "regular", not a date-time with an offset (e.g. 2026-11-25T19:30:00Z)' },
      { ruleId: 'r', field: 'expires', message: 'data.lesson.ends_at is missing' },
      { ruleId: 'r', field: 'cancel_on.0', message: 'data.lesson.uuid is missing' },
    ])
  })

  it('refuses a cancel key that is not text or a number', () => {
    const r = rule(`on: lesson.scheduled\nsend: { template: t }\ncancel_on: [{ event: lesson.cancelled, match: data.lesson }]`)
    expect(errors(r)).toEqual([{ ruleId: 'r', field: 'cancel_on.0', message: expect.stringMatching(/^data\.lesson is an object .*; a cancel key needs text or a number$/) }])
  })

  it('names a bad zone, language or event time before anything else', () => {
    expect(errors(reminder, lessonScheduled, { timezone: 'Nowhere/City', language: 'tr' })).toEqual([
      { ruleId: 'r', field: 'recipient.timezone', message: '"Nowhere/City" is not a time zone (IANA, e.g. Europe/Istanbul)' },
    ])
    expect(errors(reminder, lessonScheduled, { timezone: 'UTC', language: '!!' })).toEqual([{ ruleId: 'r', field: 'recipient.language', message: '"!!" is not a language code' }])
    expect(errors(reminder, { ...lessonScheduled, occurred_at: 'yesterday' })).toEqual([
      { ruleId: 'r', field: 'occurred_at', message: 'the event\'s occurred_at "yesterday" is not a date-time with an offset' },
    ])
  })
})

describe('durations', () => {
  it.each<[string, { days: number; ms: number } | null]>([
    ['90s', { days: 0, ms: 90_000 }],
    ['10m', { days: 0, ms: 600_000 }],
    ['1h', { days: 0, ms: 3_600_000 }],
    ['1h30m', { days: 0, ms: 5_400_000 }],
    ['1h 30m', { days: 0, ms: 5_400_000 }],
    ['2d', { days: 2, ms: 0 }],
    ['1w2d3h', { days: 9, ms: 10_800_000 }],
    ['0s', { days: 0, ms: 0 }],
    ['', null],
    ['1', null],
    ['h', null],
    ['30m1h', null],
    ['1.5h', null],
    ['-1h', null],
    ['1y', null],
  ])('%j → %j', (text, expected) => {
    const parsed = parseDuration(text)
    expect(parsed && { days: parsed.days, ms: parsed.ms }).toEqual(expected)
  })

  it('counts a day as 24 hours where no calendar is involved', () => {
    expect(durationMs(parseDuration('1d2h')!)).toBe(26 * 3_600_000)
  })

  it('refuses an unknown zone', () => {
    expect(shiftInstant(0, 'after', parseDuration('1d')!, 'Nowhere/City')).toBeNull()
  })
})
