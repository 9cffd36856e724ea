import { parseRulesDocument } from '../../../src/core/rules/parse-rules-document.js'
import type { Rule, RuleEvent } from '../../../src/core/rules/model.js'

/** Parses a rules document that must be valid; fails the test with its errors otherwise. */
export function rulesOf(text: string): Rule[] {
  const result = parseRulesDocument(text)
  if (!result.ok) throw new Error(`invalid rules:\n${result.errors.map((e) => `  line ${e.line} ${e.path}: ${e.message}`).join('\n')}`)
  return result.rules
}

/** The one rule of a document holding one. */
export function ruleOf(yaml: string): Rule {
  const rules = rulesOf(yaml)
  if (rules.length !== 1) throw new Error(`expected one rule, got ${rules.length}`)
  return rules[0]!
}

export const lessonScheduled: RuleEvent = {
  id: 'evt_123',
  type: 'lesson.scheduled',
  occurred_at: '2026-11-25T19:30:00Z',
  contact: { phone: '+905321234567', name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul', external_id: 'parent-7' },
  subject: { external_id: 'student-42' },
  data: { lesson: { id: 'lesson-9', kind: 'regular', starts_at: '2026-11-26T15:00:00+03:00' }, student: { first_name: 'Can' } },
}

export const lessonCancelled: RuleEvent = {
  id: 'evt_124',
  type: 'lesson.cancelled',
  occurred_at: '2026-11-26T08:00:00Z',
  subject: { external_id: 'student-42' },
  data: { lesson: { id: 'lesson-9' } },
}

export const trialFinished: RuleEvent = {
  id: 'evt_200',
  type: 'trial.finished',
  occurred_at: '2026-11-25T16:00:00Z',
  subject: { external_id: 'student-43' },
  data: { lesson: { id: 'lesson-10' }, student: { first_name: 'Max' } },
}

export const balanceLow: RuleEvent = {
  id: 'evt_300',
  type: 'balance.low',
  occurred_at: '2026-11-25T09:00:00Z',
  subject: { external_id: 'student-42' },
  data: { balance: { lessons_left: 1 }, invoice: { id: 'INV-2093' }, student: { first_name: 'Can' } },
}

export const paymentReceived: RuleEvent = {
  id: 'evt_301',
  type: 'payment.received',
  occurred_at: '2026-11-25T10:00:00Z',
  subject: { external_id: 'student-42' },
  data: { payment: { amount_minor: 420000, currency: 'TRY', invoice_id: 'INV-2093' }, balance: { lessons: 8 }, student: { first_name: 'Can' } },
}

export const istanbul = { timezone: 'Europe/Istanbul', language: 'tr', name: 'Ayşe' }
