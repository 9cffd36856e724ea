import { describe, expect, it } from 'vitest'
import { parseRulesDocument } from '../../../src/core/rules/parse-rules-document.js'
import { planRuleSend } from '../../../src/core/rules/plan-rule-send.js'
import { renderSmsText } from '../../../src/core/rules/sms-fallback-text.js'

const rule = (fallback: string, params = `params:
        child_name: data.student.first_name
        time: { from: data.lesson.starts_at, format: time }`) => `rules:
  - id: lesson-reminder
    on: lesson.scheduled
    send:
      template: lesson_reminder
      ${params}
    category: utility
${fallback}`

describe('a rule’s SMS fallback', () => {
  it('is read with its text and optional sender, and renders the rule’s own values for the recipient', () => {
    const parsed = parseRulesDocument(rule(`    fallback:
      sms:
        text: "Lesson for {{child_name}} at {{ time }}. Reply STOP to opt out."
        from: school-sms`))
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.rules[0]!.fallback).toEqual({ sms: { text: 'Lesson for {{child_name}} at {{ time }}. Reply STOP to opt out.', from: 'school-sms' } })
    const planned = planRuleSend(
      { rule: parsed.rules[0]! },
      { id: 'e1', type: 'lesson.scheduled', occurred_at: '2026-11-25T09:00:00Z', data: { lesson: { starts_at: '2026-11-26T15:00:00+03:00' }, student: { first_name: 'Can' } } },
      { timezone: 'Europe/Istanbul', language: 'en' },
    )
    expect(planned.ok && planned.plan.smsFallback).toEqual({ text: 'Lesson for Can at 3:00 PM. Reply STOP to opt out.', from: 'school-sms' })
  })

  it('has none unless written', () => {
    const parsed = parseRulesDocument(rule(''))
    expect(parsed.ok && parsed.rules[0]!.fallback).toBeNull()
  })

  it('refuses a placeholder the rule has no value for, on its line, and unknown keys with a hint', () => {
    const parsed = parseRulesDocument(rule(`    fallback:
      sms:
        text: "Lesson at {{hour}}"
        form: school-sms`))
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        { line: 13, path: 'rules.0.fallback.sms.form', message: 'unknown key "form" (did you mean "from"?)' },
      ]),
    )
    const placeholders = parseRulesDocument(rule(`    fallback:
      sms:
        text: "Lesson at {{hour}}"`))
    expect(placeholders.ok ? [] : placeholders.errors).toEqual([
      { line: 12, path: 'rules.0.fallback.sms.text', message: "{{hour}} is not one of the rule's values (send.params has {{child_name}}, {{time}})" },
    ])
  })

  it('numbers positional values from 1, as templates do', () => {
    const parsed = parseRulesDocument(rule(`    fallback:
      sms:
        text: "{{1}}: {{3}}"`, 'params: [data.student.first_name, data.lesson.starts_at]'))
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual(["{{3}} is not one of the rule's values (send.params has {{1}}, {{2}})"])
    expect(renderSmsText('{{1}} at {{2}}', ['Can', '15:00'])).toBe('Can at 15:00')
  })
})
