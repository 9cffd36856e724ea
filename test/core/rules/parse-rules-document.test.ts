import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { parseRulesDocument, type RulesDocumentError } from '../../../src/core/rules/parse-rules-document.js'

function errorsOf(text: string): RulesDocumentError[] {
  const result = parseRulesDocument(text)
  if (result.ok) throw new Error('expected errors')
  return result.errors
}

/** A document whose one rule is valid except for `line4` and after (lines 1–3 are fixed). */
const doc = (...lines: string[]) => ['rules:', '  - id: r', '    category: utility', ...lines.map((l) => `    ${l}`)].join('\n')
const valid = ['on: lesson.scheduled', 'send: { template: t }']

describe('parseRulesDocument: a valid document', () => {
  it('applies the defaults', () => {
    const result = parseRulesDocument(doc(...valid))
    expect(result).toEqual({
      ok: true,
      rules: [
        {
          id: 'r',
          description: null,
          enabled: true,
          on: ['lesson.scheduled'],
          when: null,
          send: { template: 't', language: null, params: { kind: 'named', entries: {} }, headerParams: null, headerMedia: null, buttons: {}, freeForm: false },
          category: 'utility',
          to: ['contact'],
          at: { kind: 'now' },
          expires: null,
          cancelOn: [],
          sendNowIfWindowOpen: false,
          ignoreQuietHours: false,
          expectReply: null,
          fallback: null,
        },
      ],
    })
  })

  it('accepts an empty list, JSON, and upper-case categories', () => {
    expect(parseRulesDocument('rules: []')).toEqual({ ok: true, rules: [] })
    const json = JSON.stringify({ rules: [{ id: 'j', on: ['a.b'], category: 'MARKETING', send: { template: 'promo', params: { name: 'contact.name' } }, to: ['guardians', 'billing', 'guardians'] }] }, null, 2)
    const result = parseRulesDocument(json)
    expect(result.ok && result.rules[0]).toMatchObject({ id: 'j', category: 'marketing', to: ['guardians', 'billing'] })
  })

  it('reads value forms: a path, a number, a literal, a formatted value', () => {
    const result = parseRulesDocument(
      doc('on: x', 'send:', '  template: t', '  params: { a: data.a, b: 3, c: { literal: Fixed text }, d: { from: data.d, format: money, currency: data.cur, unit: minor, display: narrow }, e: { from: data.e, format: date, pattern: "d MMMM" } }'),
    )
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const entries = (result.rules[0]!.send.params as { kind: 'named'; entries: Record<string, any> }).entries
    expect(entries.a).toMatchObject({ kind: 'expression', format: { kind: 'text' }, expression: { source: 'data.a' } })
    expect(entries.b).toEqual({ kind: 'literal', text: '3' })
    expect(entries.c).toEqual({ kind: 'literal', text: 'Fixed text' })
    expect(entries.d).toMatchObject({ format: { kind: 'money', unit: 'minor', display: 'narrow', currency: { kind: 'expression', expression: { source: 'data.cur' } } } })
    expect(entries.e).toMatchObject({ format: { kind: 'date', style: 'day', pattern: 'd MMMM' } })
  })
})

describe('parseRulesDocument: each kind of mistake, at its line', () => {
  it.each<[string, string, Array<[number | null, string, RegExp]>]>([
    ['YAML syntax', 'rules:\n  - id: r\n    on: [a, b\n    send: x', [[4, '', /.+/]]],
    ['a duplicate YAML key', doc(...valid, 'on: other'), [[6, '', /unique/i]]],
    ['an empty document', '', [[null, '', /the document is empty/]]],
    // A fuzz counterexample: a megabyte of keys in one mapping held the event loop for minutes.
    ['a document past the length limit', JSON.stringify({ rules: [Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [i, '1']))] }), [[null, '', /characters long; at most 65536 are read/]]],
    ['a document that is not a map', '- a\n- b', [[1, '', /expected object, received array/]]],
    ['no rules key', 'rulez: []', [[1, 'rules', /"rules" is required/], [1, 'rulez', /unknown key "rulez" \(did you mean "rules"\?\)/]]],
    ['a misspelt key', doc(...valid, 'whne: data.x == 1'), [[6, 'rules.0.whne', /unknown key "whne" \(did you mean "when"\?\)/]]],
    ['an unknown key with no near match', doc(...valid, 'colour: blue'), [[6, 'rules.0.colour', /^unknown key "colour"$/]]],
    ['a missing id', 'rules:\n  - on: a\n    category: utility\n    send: { template: t }', [[2, 'rules.0.id', /"id" is required/]]],
    ['a bad id', doc(...valid).replace('id: r', 'id: "bad id!"'), [[2, 'rules.0.id', /an id of letters, digits/]]],
    ['a duplicate rule id', `${doc(...valid)}\n  - id: r\n    category: utility\n    on: a\n    send: { template: t }`, [[6, 'rules.1.id', /rule id "r" is used by an earlier rule/]]],
    ['a missing send', doc('on: a'), [[2, 'rules.0.send', /"send" is required/]]],
    ['a missing category', 'rules:\n  - id: r\n    on: a\n    send: { template: t }', [[2, 'rules.0.category', /"category" is required/]]],
    ['an unknown category', doc(...valid).replace('category: utility', 'category: utilty'), [[3, 'rules.0.category', /unknown category "utilty" \(did you mean "utility"\?\): one of utility, marketing/]]],
    ['a bad event type', doc('on: "lesson scheduled"', 'send: { template: t }'), [[4, 'rules.0.on', /an event type like lesson.scheduled/]]],
    ['a bad event in a list', doc('on: [lesson.scheduled, 5]', 'send: { template: t }'), [[4, 'rules.0.on.1', /an event type like lesson.scheduled/]]],
    ['an empty on list', doc('on: []', 'send: { template: t }'), [[4, 'rules.0.on', /.+/]]],
    ['a when syntax error', doc(...valid, 'when: data.x == (1'), [[6, 'rules.0.when', /syntax error at character \d+: Unclosed \(/]]],
    ['a when with =', doc(...valid, 'when: data.x = 1'), [[6, 'rules.0.when', /"=" is not an operator: compare with ==/]]],
    ['a when with an unknown name', doc(...valid, 'when: data.kind == trial'), [[6, 'rules.0.when', /unknown name "trial"/]]],
    ['a when reading the recipient', doc(...valid, 'when: recipient.language == "tr"'), [[6, 'rules.0.when', /recipient is known only when a message is planned/]]],
    ['a when calling a function', doc(...valid, 'when: data.name.toUpperCase() == "X"'), [[6, 'rules.0.when', /only exists\(…\) can be called/]]],
    ['a when reading __proto__', doc(...valid, 'when: data.__proto__ == null'), [[6, 'rules.0.when', /"__proto__" cannot be read/]]],
    ['a when that is a YAML number', doc(...valid, 'when: 5'), [[6, 'rules.0.when', /expected string, received number/]]],
    ['a multi-line when (error on its first line)', doc(...valid, 'when: >-', '  data.a == 1 and', '  data.b = 2'), [[6, 'rules.0.when', /"=" is not an operator/]]],
    ['a bad template name', doc('on: a', 'send: { template: Lesson Reminder }'), [[5, 'rules.0.send.template', /a template name/]]],
    ['an unknown send key', doc('on: a', 'send:', '  template: t', '  parms: {}'), [[7, 'rules.0.send.parms', /unknown key "parms" \(did you mean "params"\?\)/]]],
    ['a param expression error', doc('on: a', 'send:', '  template: t', '  params:', '    child: data.student..name'), [[8, 'rules.0.send.params.child', /syntax error/]]],
    ['an unknown formatter', doc('on: a', 'send:', '  template: t', '  params:', '    time: { from: data.at, format: tiem }'), [[8, 'rules.0.send.params.time.format', /unknown format "tiem" \(did you mean "time"\?\): one of text, number, date, time, datetime, money/]]],
    ['an option of another format', doc('on: a', 'send:', '  template: t', '  params:', '    n: { from: data.n, format: number, currency: EUR }'), [[8, 'rules.0.send.params.n.currency', /currency does not apply to format number/]]],
    ['a style on text', doc('on: a', 'send:', '  template: t', '  params:', '    n: { from: data.n, style: long }'), [[8, 'rules.0.send.params.n.style', /style does not apply to format text/]]],
    ['an unknown style', doc('on: a', 'send:', '  template: t', '  params:', '    d: { from: data.d, format: date, style: huge }'), [[8, 'rules.0.send.params.d.style', /unknown style "huge"/]]],
    ['a day style on a time', doc('on: a', 'send:', '  template: t', '  params:', '    d: { from: data.d, format: time, style: day }'), [[8, 'rules.0.send.params.d.style', /a time has no "day" style/]]],
    ['style and pattern', doc('on: a', 'send:', '  template: t', '  params:', '    d: { from: data.d, format: date, style: short, pattern: d }'), [[8, 'rules.0.send.params.d.pattern', /style or pattern, not both/]]],
    ['money without a currency', doc('on: a', 'send:', '  template: t', '  params:', '    m: { from: data.m, format: money }'), [[8, 'rules.0.send.params.m', /money needs a currency/]]],
    ['an unknown money unit', doc('on: a', 'send:', '  template: t', '  params:', '    m: { from: data.m, format: money, currency: EUR, unit: cents }'), [[8, 'rules.0.send.params.m.unit', /unknown unit "cents": one of major, minor, micros/]]],
    ['a bad currency expression', doc('on: a', 'send:', '  template: t', '  params:', '    m: { from: data.m, format: money, currency: euro }'), [[8, 'rules.0.send.params.m.currency', /a currency code like EUR or a path: unknown name "euro"/]]],
    ['both from and literal', doc('on: a', 'send:', '  template: t', '  params:', '    x: { from: data.x, literal: y }'), [[8, 'rules.0.send.params.x', /either from: .* or literal:/]]],
    ['a format on a literal', doc('on: a', 'send:', '  template: t', '  params:', '    x: { literal: y, format: date, style: long }'), [[8, 'rules.0.send.params.x.style', /style applies to from:, not to a literal/]]],
    ['a param that is a list', doc('on: a', 'send:', '  template: t', '  params:', '    x: [1, 2]'), [[8, 'rules.0.send.params.x', /a path like data.student.first_name, a number, or \{ from/]]],
    ['a bad variable name', doc('on: a', 'send:', '  template: t', '  params:', '    Child Name: data.x'), [[8, 'rules.0.send.params.Child Name', /a template variable name/]]],
    ['a button position that is not a number', doc('on: a', 'send:', '  template: t', '  buttons: { first: data.x }'), [[7, 'rules.0.send.buttons.first', /a button's position/]]],
    ['a bad button value', doc('on: a', 'send:', '  template: t', '  buttons: { 0: data.x( }'), [[7, 'rules.0.send.buttons.0', /syntax error|only exists/]]],
    ['an unknown recipient', doc(...valid, 'to: [guardians, parents]'), [[6, 'rules.0.to.1', /unknown recipient "parents": one of contact, guardians, billing, all/]]],
    ['a bad duration', doc(...valid, 'delay: 10 minutes'), [[6, 'rules.0.delay', /"10 minutes" is not a duration/]]],
    ['a number as a duration', doc(...valid, 'delay: 10'), [[6, 'rules.0.delay', /a duration like 90s, 10m/]]],
    ['at and delay together', doc(...valid, 'at: data.t', 'delay: 1h'), [[7, 'rules.0.delay', /give at: or delay:, not both/]]],
    ['at with before and after', doc(...valid, 'at: { before: data.t, after: data.t }'), [[6, 'rules.0.at', /give before: or after:/]]],
    ['at with neither', doc(...valid, 'at: { by: 1h }'), [[6, 'rules.0.at', /give before: or after:/]]],
    ['at with a bad by', doc(...valid, 'at: { before: data.t, by: 1 hour }'), [[6, 'rules.0.at.by', /"1 hour" is not a duration/]]],
    ['at on a literal that is no date', doc(...valid, `at: { before: '"tomorrow"', by: 1h }`), [[6, 'rules.0.at.before', /"tomorrow" is not a date-time with an offset: before needs one/]]],
    ['at on a comparison', doc(...valid, 'at: data.t > occurred_at'), [[6, 'rules.0.at', /at needs a date-time.*true\/false/]]],
    ['at on a misspelt name', doc(...valid, 'at: { before: date.lesson.starts_at, by: 1h }'), [[6, 'rules.0.at.before', /unknown name "date"/]]],
    ['a bad expiry duration', doc(...valid, 'expires: 6y'), [[6, 'rules.0.expires', /"6y" is not a duration/]]],
    ['an expiry on a number', doc(...valid, 'expires: 5'), [[6, 'rules.0.expires', /a duration after sending .*, a date-time path/]]],
    ['an expiry on a bad path', doc(...valid, 'expires: data.lesson.'), [[6, 'rules.0.expires', /syntax error/]]],
    ['a cancel_on without match', doc(...valid, 'cancel_on: [{ event: lesson.cancelled }]'), [[6, 'rules.0.cancel_on.0.match', /"match" is required/]]],
    ['a cancel_on on a wildcard', doc(...valid, 'cancel_on: [{ event: lesson.*, match: data.id }]'), [[6, 'rules.0.cancel_on.0.event', /an event type like lesson.cancelled/]]],
    ['a cancel match that is not a path', doc(...valid, 'cancel_on: [{ event: a, match: data.id == 1 }]'), [[6, 'rules.0.cancel_on.0.match', /match takes a path/]]],
    ['a cancel match with half the object', doc(...valid, 'cancel_on: [{ event: a, match: { this_event: data.id } }]'), [[6, 'rules.0.cancel_on.0.match.cancel_event', /"cancel_event" is required/]]],
    ['a cancel_on that is not a list', doc(...valid, 'cancel_on: lesson.cancelled'), [[6, 'rules.0.cancel_on', /expected array/]]],
    ['an empty expect_reply', doc(...valid, 'expect_reply: {}'), [[6, 'rules.0.expect_reply', /give buttons: .* and\/or text_within:/]]],
    ['a bad text_within', doc(...valid, 'expect_reply: { text_within: a day }'), [[6, 'rules.0.expect_reply.text_within', /"a day" is not a duration/]]],
    ['a boolean flag as text', doc(...valid, 'free_form: yes'), [[6, 'rules.0.free_form', /unknown key "free_form"/]]],
    ['a send flag as text', doc('on: a', 'send: { template: t, free_form: "yes" }'), [[5, 'rules.0.send.free_form', /expected boolean/]]],
  ])('%s', (_name, text, expected) => {
    const errors = errorsOf(text)
    expect(errors.map((e) => [e.line, e.path])).toEqual(expected.map(([line, path]) => [line, path]))
    errors.forEach((error, i) => expect(error.message).toMatch(expected[i]![2]))
  })

  it('reports every mistake of every rule, ordered by line', () => {
    const text = [
      'rules:',
      '  - id: a',
      '    on: x',
      '    category: utility',
      '    send: { template: t }',
      '    when: data.x = 1',
      '  - id: a',
      '    on: x',
      '    category: marketng',
      '    send: { template: t, params: { d: { from: data.d, format: dat } } }',
      '    delay: soon',
    ].join('\n')
    expect(errorsOf(text).map((e) => `${e.line} ${e.path}`)).toEqual(['6 rules.0.when', '7 rules.1.id', '9 rules.1.category', '10 rules.1.send.params.d.format', '11 rules.1.delay'])
  })
})

describe('the documented format', () => {
  it("parses the README's example", async () => {
    const readme = await readFile(new URL('../../../src/core/rules/README.md', import.meta.url), 'utf8')
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!
    const result = parseRulesDocument(example)
    expect(result.ok ? [] : result.errors).toEqual([])
    expect(result.ok && result.rules[0]).toMatchObject({
      id: 'lesson-reminder',
      to: ['guardians'],
      at: { kind: 'relative', time: { direction: 'before', by: { ms: 3_600_000 } } },
      cancelOn: [{ event: 'lesson.cancelled' }, { event: 'lesson.moved' }],
      expectReply: { buttons: ['1', '2', '3', '4', '5'] },
    })
  })
})

/** Nine levels of nine aliases each: 341 characters that would expand to 9⁹ (387 million) strings. */
function billionLaughs(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
  for (let level = 1; level <= 8; level++) lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`)
  return `${lines.join('\n')}\nrules: *l8\n`
}

describe('parseRulesDocument: alias expansion', () => {
  it('refuses a billion-laughs document with its first alias line, without building it', () => {
    expect(errorsOf(billionLaughs())).toEqual([{ line: 2, path: '', message: expect.stringContaining('anchors and aliases (&name, *name) expand too far') }])
  })

  it('still reads a document that uses a few aliases', () => {
    const result = parseRulesDocument('rules:\n  - { id: a, on: x.y, category: utility, send: &send { template: t } }\n  - { id: b, on: x.z, category: utility, send: *send }\n')
    expect(result.ok && result.rules.map((r) => r.send.template)).toEqual(['t', 't'])
  })
})
