import { describe, expect, it } from 'vitest'
import { compareFindings, explainRejection, hasErrors, lintTemplate, RULES } from '../../../../src/core/templates/lint/lint-template.js'
import type { LintFinding } from '../../../../src/core/templates/lint/finding.js'
import { LESSON_REMINDER_EN, LESSON_REMINDERS, template } from './fixtures.js'

/** A template with errors, warnings and infos in several components. */
const MESSY = template({
  name: 'Lesson Reminder',
  header: { format: 'text', text: 'Lesson reminder 📚', examples: {} },
  body: { text: '{{1}}, get 20% off the next course for {{2}} {{3}} — your code is in the app!', examples: { '1': 'Anna', '2': 'Max', '3': 'x', '9': 'unused' } },
  footer: 'Sent to {{1}}',
  buttons: [
    { type: 'quick_reply', text: 'Reschedule' },
    { type: 'url', text: 'Join', url: 'https://school.example/{{1}}/join', example: 'b7k2q9' },
    { type: 'quick_reply', text: 'Cancel lesson' },
  ],
})

const f = (rule: string, severity: LintFinding['severity'], component: LintFinding['component'] = 'body'): LintFinding => ({
  rule,
  severity,
  component,
  position: null,
  message: rule,
  fix: 'fix it',
})

describe('lintTemplate', () => {
  for (const reminder of LESSON_REMINDERS) {
    it(`finds nothing to fix in the school's lesson_reminder (${reminder.language})`, () => {
      const findings = lintTemplate(reminder, { existing: LESSON_REMINDERS })
      expect(findings.filter((x) => x.severity !== 'info')).toEqual([])
      expect(hasErrors(findings)).toBe(false)
    })
  }

  it('runs every rule and sorts errors first, then by component, then by position', () => {
    const findings = lintTemplate(MESSY, { existing: [] })
    expect(findings.map((x) => `${x.severity} ${x.component} ${x.rule}`)).toEqual([
      'error name name.format',
      'error body body.variable-at-edge',
      'error footer footer.variable',
      'error buttons url.variable-not-at-end',
      'error buttons buttons.quick-reply-grouping',
      'warning header header.emoji',
      'warning body category.promotional-in-utility',
      'warning body variables.adjacent',
      'warning body category.otp-outside-authentication',
      'info body samples.unused',
    ])
    expect(hasErrors(findings)).toBe(true)
    for (let i = 1; i < findings.length; i++) expect(compareFindings(findings[i - 1]!, findings[i]!)).toBeLessThanOrEqual(0)
  })

  it('orders findings in one component by button, then offset', () => {
    const sorted = [
      { ...f('b', 'error', 'buttons'), position: { button: 2 } },
      { ...f('a', 'error', 'buttons'), position: { button: 0, start: 5, end: 6 } },
      { ...f('c', 'error', 'buttons'), position: { button: 0, start: 1, end: 2 } },
      f('d', 'error', 'buttons'),
    ].sort(compareFindings)
    expect(sorted.map((x) => x.rule)).toEqual(['d', 'c', 'a', 'b'])
  })

  it('uses an empty context by default', () => {
    expect(lintTemplate(LESSON_REMINDER_EN).filter((x) => x.severity !== 'info')).toEqual([])
  })

  it('lints a folder of templates quickly', () => {
    const folder = Array.from({ length: 200 }, (_, i) => ({ ...LESSON_REMINDERS[i % LESSON_REMINDERS.length]!, name: `reminder_${i}` }))
    const started = performance.now()
    for (const t of folder) lintTemplate(t, { existing: folder })
    // 200 templates against 200: well under a second on the 2-core CI machine (measured ~0.2 s).
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('RULES', () => {
  it('has unique ids, each with a summary and a source', () => {
    const ids = RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+\.[a-z-]+$/)
      expect(rule.summary.length).toBeGreaterThan(10)
      expect(rule.source).toMatch(/Platform doc|Meta|WhatsApp/)
    }
  })
})

describe('explainRejection', () => {
  const findings = lintTemplate(MESSY, { existing: [] })
  const rules = (reason: string | null) => explainRejection(reason, findings).map((x) => x.rule)

  it('puts category signals first for INCORRECT_CATEGORY and TAG_CONTENT_MISMATCH', () => {
    for (const reason of ['INCORRECT_CATEGORY', 'TAG_CONTENT_MISMATCH']) {
      expect(rules(reason).slice(0, 2)).toEqual(['category.promotional-in-utility', 'category.otp-outside-authentication'])
    }
  })

  it('puts format, variable and language rules first for INVALID_FORMAT, errors before warnings (and a matching info)', () => {
    expect(rules('INVALID_FORMAT')).toEqual([
      'name.format',
      'body.variable-at-edge',
      'footer.variable',
      'url.variable-not-at-end',
      'buttons.quick-reply-grouping',
      'header.emoji',
      'variables.adjacent',
      'samples.unused',
      'category.promotional-in-utility',
      'category.otp-outside-authentication',
    ])
  })

  it('counts a language mismatch as a format problem', () => {
    const mixed = [f('category.promotional-in-utility', 'warning'), f('language.mismatch', 'warning', 'language')]
    expect(explainRejection('INVALID_FORMAT', mixed).map((x) => x.rule)).toEqual(['language.mismatch', 'category.promotional-in-utility'])
  })

  it('puts promotional wording first for PROMOTIONAL', () => {
    expect(rules('PROMOTIONAL')[0]).toBe('category.promotional-in-utility')
  })

  it('puts policy findings first for SCAM and ABUSIVE_CONTENT', () => {
    const list = [f('name.format', 'error', 'name'), f('url.shortener', 'warning'), f('policy.sensitive-data-request', 'warning')]
    expect(explainRejection('SCAM', list).map((x) => x.rule)).toEqual(['policy.sensitive-data-request', 'url.shortener', 'name.format'])
    expect(explainRejection('ABUSIVE_CONTENT', list).map((x) => x.rule)).toEqual(['policy.sensitive-data-request', 'url.shortener', 'name.format'])
  })

  it('without a reason lists all errors, then warnings, and leaves infos out', () => {
    const expected = findings.filter((x) => x.severity !== 'info').map((x) => x.rule)
    expect(rules(null)).toEqual(expected)
    expect(rules('NONE')).toEqual(expected)
    expect(rules('SOMETHING_NEW')).toEqual(expected)
    expect(rules(null)).not.toContain('samples.unused')
  })

  it('accepts the reason in any case', () => {
    expect(rules('incorrect_category')).toEqual(rules('INCORRECT_CATEGORY'))
  })

  it('keeps infos that match the reason', () => {
    const list = [f('formatting.emoji-count', 'info'), f('name.format', 'error', 'name')]
    expect(explainRejection('PROMOTIONAL', list).map((x) => x.rule)).toEqual(['formatting.emoji-count', 'name.format'])
    expect(explainRejection(null, list).map((x) => x.rule)).toEqual(['name.format'])
  })
})
