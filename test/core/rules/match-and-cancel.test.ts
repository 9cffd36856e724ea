import { describe, expect, it } from 'vitest'
import { cancelKey, cancellationKeys, pendingCancelKeys } from '../../../src/core/rules/cancel-keys.js'
import { matchRules } from '../../../src/core/rules/match-rules.js'
import type { RuleEvent } from '../../../src/core/rules/model.js'
import { lessonCancelled, lessonScheduled, rulesOf } from './fixtures.js'

const rules = rulesOf(`rules:
  - id: exact
    on: lesson.scheduled
    send: { template: t }
    category: utility
  - id: several
    on: [trial.finished, lesson.scheduled]
    send: { template: t }
    category: utility
  - id: prefix
    on: lesson.*
    send: { template: t }
    category: utility
  - id: everything
    on: "*"
    send: { template: t }
    category: marketing
  - id: not-trial
    on: lesson.scheduled
    when: data.lesson.kind != "trial" and data.lesson.starts_at > occurred_at
    send: { template: t }
    category: utility
  - id: trial-only
    on: lesson.scheduled
    when: data.lesson.kind == "trial"
    send: { template: t }
    category: utility
  - id: disabled
    enabled: false
    on: lesson.scheduled
    send: { template: t }
    category: utility
  - id: broken-when
    on: lesson.scheduled
    when: data.lesson.room == "A"
    send: { template: t }
    category: utility
  - id: not-boolean
    on: lesson.scheduled
    when: data.lesson.kind ?? "x"
    send: { template: t }
    category: utility
  - id: other-type
    on: lessons.scheduled
    send: { template: t }
    category: utility
`)

describe('matchRules', () => {
  it('fires enabled rules listening to the type whose condition holds, in document order; failures are kept', () => {
    const matches = matchRules(rules, lessonScheduled)
    expect(matches.map((m) => `${m.kind}:${m.rule.id}`)).toEqual([
      'fired:exact',
      'fired:several',
      'fired:prefix',
      'fired:everything',
      'fired:not-trial',
      'failed:broken-when',
      'failed:not-boolean',
    ])
    expect(matches.filter((m) => m.kind === 'failed').map((m) => m.kind === 'failed' && m.error)).toEqual([
      { ruleId: 'broken-when', field: 'when', message: 'data.lesson.room is missing' },
      { ruleId: 'not-boolean', field: 'when', message: 'when must give true or false; it gave text' },
    ])
  })

  it.each<[string, string[]]>([
    ['lesson.cancelled', ['prefix', 'everything']],
    ['trial.finished', ['several', 'everything']],
    ['lesson', ['everything']],
    ['lessons.scheduled', ['everything', 'other-type']],
  ])('%s fires %j', (type, ids) => {
    const event: RuleEvent = { id: 'e', type, occurred_at: '2026-11-25T10:00:00Z', data: {} }
    expect(matchRules(rules, event).filter((m) => m.kind === 'fired').map((m) => m.rule.id)).toEqual(ids)
  })

  it('reads the condition against the event', () => {
    const trial = { ...lessonScheduled, data: { lesson: { ...(lessonScheduled.data.lesson as object), kind: 'trial', room: 'A' } } }
    const past = { ...lessonScheduled, occurred_at: '2026-11-27T00:00:00Z', data: { lesson: { ...(lessonScheduled.data.lesson as object), room: 'B' } } }
    const fired = (event: RuleEvent) => matchRules(rules, event).filter((m) => m.kind === 'fired').map((m) => m.rule.id)
    expect(fired(trial)).toEqual(['exact', 'several', 'prefix', 'everything', 'trial-only', 'broken-when'])
    expect(fired(past)).toEqual(['exact', 'several', 'prefix', 'everything'])
  })

  it('fires nothing without rules', () => {
    expect(matchRules([], lessonScheduled)).toEqual([])
  })
})

const cancelling = rulesOf(`rules:
  - id: reminder
    on: lesson.scheduled
    send: { template: t }
    category: utility
    cancel_on:
      - { event: lesson.cancelled, match: data.lesson.id }
      - { event: lesson.rescheduled, match: { this_event: data.lesson.id, cancel_event: data.old_lesson_id } }
  - id: confirmation
    on: lesson.scheduled
    send: { template: t }
    category: utility
    cancel_on: [{ event: lesson.cancelled, match: data.lesson.id }]
  - id: digest
    enabled: false
    on: lesson.scheduled
    send: { template: t }
    category: utility
    cancel_on: [{ event: student.left, match: subject.external_id }]
  - id: per-student
    on: lesson.scheduled
    send: { template: t }
    category: utility
    cancel_on: [{ event: lesson.cancelled, match: data.student.id }]
`)

describe('cancel keys', () => {
  it('are the cancelling event type, its field and the value', () => {
    expect(cancelKey('lesson.cancelled', 'data.lesson.id', 'lesson-9')).toBe('lesson.cancelled:data.lesson.id=lesson-9')
    expect(cancelKey('lesson.cancelled', 'data.lesson.id', 9)).toBe(cancelKey('lesson.cancelled', 'data.lesson.id', '9'))
  })

  it('a pending message and the event that cancels it compute the same key', () => {
    const scheduled = { ...lessonScheduled, data: { ...lessonScheduled.data, student: { id: 'student-42' } } }
    const pending = pendingCancelKeys(cancelling[0]!, scheduled)
    expect(pending).toEqual({ keys: ['lesson.cancelled:data.lesson.id=lesson-9', 'lesson.rescheduled:data.old_lesson_id=lesson-9'], errors: [] })
    const cancelled = cancellationKeys(cancelling, { ...lessonCancelled, data: { lesson: { id: 'lesson-9' }, student: { id: 'student-42' } } })
    expect(cancelled).toEqual({ keys: ['lesson.cancelled:data.lesson.id=lesson-9', 'lesson.cancelled:data.student.id=student-42'], errors: [] })
    expect(cancelled.keys).toContain(pending.keys[0])
    const rescheduled: RuleEvent = { id: 'r', type: 'lesson.rescheduled', occurred_at: '2026-11-25T10:00:00Z', data: { old_lesson_id: 'lesson-9', lesson: { id: 'lesson-11' } } }
    expect(cancellationKeys(cancelling, rescheduled)).toEqual({ keys: ['lesson.rescheduled:data.old_lesson_id=lesson-9'], errors: [] })
  })

  it('lesson 9 and student 9 never cancel each other', () => {
    const pendingForLesson = pendingCancelKeys(cancelling[1]!, { ...lessonScheduled, data: { lesson: { id: 9 } } }).keys
    const studentNine = cancellationKeys(cancelling, { ...lessonCancelled, data: { lesson: { id: 10 }, student: { id: 9 } } }).keys
    expect(studentNine).toEqual(['lesson.cancelled:data.lesson.id=10', 'lesson.cancelled:data.student.id=9'])
    expect(studentNine.filter((k) => pendingForLesson.includes(k))).toEqual([])
  })

  it('a number and the same digits as text are one key', () => {
    const pending = pendingCancelKeys(cancelling[1]!, { ...lessonScheduled, data: { lesson: { id: 9 } } }).keys
    expect(cancellationKeys(cancelling.slice(1, 2), { ...lessonCancelled, data: { lesson: { id: '9' } } }).keys).toEqual(pending)
  })

  it('disabled rules still cancel what they scheduled', () => {
    const left: RuleEvent = { id: 'l', type: 'student.left', occurred_at: '2026-11-25T10:00:00Z', subject: { external_id: 'student-42' }, data: {} }
    expect(cancellationKeys(cancelling, left)).toEqual({ keys: ['student.left:subject.external_id=student-42'], errors: [] })
  })

  it('an event without the field cancels nothing, and says why', () => {
    expect(cancellationKeys(cancelling, { ...lessonCancelled, data: { lesson: {} } })).toEqual({
      keys: [],
      errors: [
        { ruleId: 'reminder', field: 'cancel_on.0', message: 'data.lesson.id is missing' },
        { ruleId: 'confirmation', field: 'cancel_on.0', message: 'data.lesson.id is missing' },
        { ruleId: 'per-student', field: 'cancel_on.0', message: 'data.student is missing (reading data.student.id)' },
      ],
    })
    expect(cancellationKeys(cancelling, { ...lessonCancelled, data: { lesson: { id: '' }, student: { id: true } } }).errors.map((e) => e.message)).toEqual([
      'data.lesson.id is text ""; a cancel key needs text or a number',
      'data.lesson.id is text ""; a cancel key needs text or a number',
      'data.student.id is true/false true; a cancel key needs text or a number',
    ])
  })

  it('events nobody cancels on give no keys', () => {
    expect(cancellationKeys(cancelling, lessonScheduled)).toEqual({ keys: [], errors: [] })
  })
})
