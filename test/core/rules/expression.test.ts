import { describe, expect, it } from 'vitest'
import { EVENT_ROOTS } from '../../../src/core/rules/expression/ast.js'
import { evaluateExpression, type Scope } from '../../../src/core/rules/expression/evaluate-expression.js'
import { parseExpression } from '../../../src/core/rules/expression/parse-expression.js'

const scope: Scope = {
  id: 'evt_123',
  type: 'lesson.scheduled',
  occurred_at: '2026-11-25T19:30:00Z',
  contact: { phone: '+905321234567', name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul' },
  subject: { external_id: 'student-42' },
  data: {
    lesson: { id: 'lesson-9', kind: 'regular', starts_at: '2026-11-26T15:00:00+03:00', seats: 4, online: true, room: null, day: '2026-11-26' },
    student: { first_name: 'Can', tags: ['trial', 'kids'] },
    items: [{ name: 'first' }, { name: 'second' }],
    count: 3,
    'first-name': 'Deniz',
    numeric_id: 9,
    text_id: '9',
  },
  recipient: { name: 'Ayşe', timezone: 'Europe/Istanbul', language: 'tr' },
}

function run(source: string): unknown {
  const parsed = parseExpression(source)
  if (!parsed.ok) throw new Error(`parse: ${parsed.message}`)
  const result = evaluateExpression(parsed.expression, scope)
  if (!result.ok) throw new Error(`eval: ${result.message}`)
  return result.value
}

function evaluationError(source: string): string {
  const parsed = parseExpression(source)
  if (!parsed.ok) throw new Error(`parse: ${parsed.message}`)
  const result = evaluateExpression(parsed.expression, scope)
  if (result.ok) throw new Error(`expected an evaluation error, got ${JSON.stringify(result.value)}`)
  return result.message
}

function parseError(source: string, roots?: readonly string[]): string {
  const parsed = parseExpression(source, roots ? { roots: roots as never } : {})
  if (parsed.ok) throw new Error(`expected a parse error for ${source}`)
  return parsed.message
}

describe('expressions: evaluation', () => {
  it.each<[string, unknown]>([
    // literals and paths
    ['"trial"', 'trial'],
    ["'single'", 'single'],
    ['42', 42],
    ['-1.5', -1.5],
    ['true', true],
    ['null', null],
    ['[1, "a", null]', [1, 'a', null]],
    ['data.lesson.id', 'lesson-9'],
    ['data.items[1].name', 'second'],
    ['data["first-name"]', 'Deniz'],
    ['data.student.tags[0]', 'trial'],
    ['contact.name', 'Ayşe'],
    ['subject.external_id', 'student-42'],
    ['type', 'lesson.scheduled'],
    ['id', 'evt_123'],
    ['recipient.name', 'Ayşe'],
    ['data.lesson', scope.data && (scope.data as any).lesson],
    // comparisons
    ['data.lesson.kind == "regular"', true],
    ['data.lesson.kind != "trial"', true],
    ['data.count == 3', true],
    ['data.count != 3', false],
    ['data.count > 2', true],
    ['data.count >= 3', true],
    ['data.count < 3', false],
    ['data.count <= 3', true],
    ['data.lesson.room == null', true],
    ['data.lesson.kind == null', false],
    ['null == null', true],
    ['data.lesson.online == true', true],
    // date-times compare as instants, whatever their offsets
    ['data.lesson.starts_at > occurred_at', true],
    ['data.lesson.starts_at == "2026-11-26T12:00:00Z"', true],
    ['data.lesson.starts_at < "2026-11-26T12:00:01.000Z"', true],
    ['data.lesson.starts_at <= "2026-11-26T15:00:00+03:00"', true],
    ['occurred_at >= "2026-11-25T22:30+03:00"', true],
    ['data.lesson.day > "2026-11-25"', true],
    ['data.lesson.day == "2026-11-26"', true],
    // logic
    ['true and false', false],
    ['true && true', true],
    ['false or true', true],
    ['false || false', false],
    ['not false', true],
    ['!true', false],
    ['not (data.count > 5)', true],
    ['not (data.lesson.kind in ["trial", "group"])', true],
    // in
    ['data.lesson.kind in ["trial", "regular"]', true],
    ['data.lesson.kind in ["trial"]', false],
    ['"kids" in data.student.tags', true],
    ['3 in [1, 2, 3]', true],
    ['data.lesson.starts_at in ["2026-11-26T12:00:00Z"]', true],
    // defaults and exists
    ['data.missing ?? "fallback"', 'fallback'],
    ['data.lesson.room ?? "online"', 'online'],
    ['data.lesson.kind ?? "x"', 'regular'],
    ['data.a.b.c ?? data.b ?? 7', 7],
    ['exists(data.lesson.id)', true],
    ['exists(data.lesson.room)', false],
    ['exists(data.nothing.deeper)', false],
    ['exists(data.lesson.id.deeper)', false],
    ['exists(contact.name) and contact.name == "Ayşe"', true],
    // short-circuit: the right side is not read when the left decides
    ['exists(data.nothing) and data.nothing.x == 1', false],
    ['true or data.nothing.x == 1', true],
    // a string is never a list or an object
    ['exists(data.lesson.id[0])', false],
  ])('%s → %j', (source, expected) => {
    expect(run(source)).toEqual(expected)
  })

  it.each<[string, string, unknown]>([
    // precedence: or < and < == != < ordering and in < ??
    ['true or true and false', 'true or (true and false)', true],
    ['false and true or true', '(false and true) or true', true],
    ['data.count == 3 and data.lesson.online', '(data.count == 3) and data.lesson.online', true],
    ['data.missing ?? 1 < 2', '(data.missing ?? 1) < 2', true],
    ['data.count > 2 == true', '(data.count > 2) == true', true],
    ['not false and false', '(not false) and false', false],
    ['data.lesson.kind in ["regular"] or false', '(data.lesson.kind in ["regular"]) or false', true],
  ])('%s reads as %s', (source, grouped, expected) => {
    expect(run(source)).toEqual(expected)
    expect(run(grouped)).toEqual(expected)
  })

  it.each<[string, RegExp]>([
    ['data.nothing == 1', /data\.nothing is missing/],
    ['data.lesson.teacher.name', /data\.lesson\.teacher is missing/],
    ['data.lesson.room.name', /data\.lesson\.room is null \(reading data\.lesson\.room\.name\)/],
    ['data.lesson.id.length', /data\.lesson\.id is text, not an object/],
    ['data.items.length', /data\.items is a list, not an object/],
    ['data.items[5].name', /data\.items\[5\] is missing/],
    ['data.lesson[0]', /data\.lesson is an object, not a list/],
    ['data.text_id == 9', /cannot compare text "9" with a number 9/],
    ['data.numeric_id == "9"', /cannot compare a number 9 with text "9"/],
    ['data.lesson.kind > 3', /compare numbers, date-times \(with an offset\) or dates/],
    ['data.lesson.kind < "z"', /compare numbers, date-times/],
    ['data.lesson.day < occurred_at', /compare numbers, date-times/],
    ['data.lesson == data.lesson', /not lists or objects/],
    ['data.count and true', /"and" works on true\/false; got a number 3/],
    ['not data.lesson.kind', /"not" works on true\/false/],
    ['data.count in data.lesson', /"in" needs a list on its right; data\.lesson is an object/],
    ['data.count in data.nothing', /data\.nothing is missing/],
    ['"a" in [1]', /cannot compare text "a" with a number 1/],
    ['data.missing ?? data.also_missing', /data\.also_missing is missing/],
  ])('%s fails: %s', (source, message) => {
    expect(evaluationError(source)).toMatch(message)
  })

  it('reads only own fields of plain data', () => {
    const tricky: Scope = {
      // an object with a prototype of its own is not JSON data: nothing in it is read
      data: Object.assign(Object.create({ inherited: 'no' }) as object, { own: 'yes' }),
      contact: { nested: new Map([['a', 1]]) },
    }
    const evaluate = (source: string) => {
      const parsed = parseExpression(source)
      if (!parsed.ok) throw new Error(parsed.message)
      return evaluateExpression(parsed.expression, tricky)
    }
    expect(evaluate('data.own')).toEqual({ ok: false, message: 'data is not plain data (reading data.own)' })
    expect(evaluate('contact.nested.size')).toEqual({ ok: false, message: 'contact.nested is not plain data (reading contact.nested.size)' })
    expect(evaluate('exists(data.inherited)')).toEqual({ ok: true, value: false })
    expect(evaluateExpression((parseExpression('data.toString') as any).expression, { data: {} })).toEqual({ ok: false, message: 'data.toString is missing' })
    expect(evaluateExpression((parseExpression('data.hasOwnProperty') as any).expression, { data: { a: 1 } })).toEqual({ ok: false, message: 'data.hasOwnProperty is missing' })
  })

  it('a JSON body with a "__proto__" key changes nothing it can reach', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>
    const parsed = parseExpression('exists(data.polluted)')
    expect(parsed.ok && evaluateExpression(parsed.expression, { data })).toEqual({ ok: true, value: false })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('expressions: what parsing refuses', () => {
  it.each<[string, RegExp]>([
    // injection attempts
    ['constructor.constructor("return process")()', /only exists\(…\) can be called/],
    ['data.constructor', /"constructor" cannot be read/],
    ['data.__proto__.polluted', /"__proto__" cannot be read/],
    ['data["__proto__"]', /"__proto__" cannot be read/],
    ['data.x.prototype', /"prototype" cannot be read/],
    ['data["constructor"]["constructor"]', /"constructor" cannot be read/],
    ['this.data', /"this" is not a path/],
    ['process.env.SECRET', /unknown name "process"/],
    ['globalThis', /unknown name "globalThis"/],
    ['eval("1")', /only exists\(…\) can be called/],
    ['data.lesson.id.toString()', /only exists\(…\) can be called/],
    ['data[data.key]', /\[ \] takes a list position/],
    ['data[-1]', /\[ \] takes a list position/],
    ['data[1.5]', /\[ \] takes a list position/],
    ['data?.lesson', /"\?\." is not needed/],
    // operators that do not exist here
    ['data.x = 1', /"=" is not an operator: compare with ==/],
    ['data.x === 1', /"===" is not an operator: compare with ==/],
    ['data.x !== 1', /"!==" is not an operator: compare with !=/],
    ['data.count + 1', /syntax error at character 12/],
    ['data.count * 2', /syntax error/],
    ['-data.count', /"-" only writes negative numbers/],
    ['~1', /syntax error/],
    ['data.x ? 1 : 2', /"\? :" is not supported/],
    ['data.a data.b', /expected an operator between two values/],
    ['data.a; data.b', /expected an operator/],
    ['(data.a, data.b)', /a group \( \) holds one expression/],
    ['[1, , 2]', /an empty item/],
    ['data.kind in "trial"', /"in" needs a list on its right/],
    ['not data.kind in ["a"]', /write not \(a in b\)/],
    ['not data.count == 1', /write not \(a == b\)/],
    // words and syntax
    ['data.kind == trial', /unknown name "trial".*text is written in quotes, e.g. "trial"/],
    ['exists(1)', /exists\(…\) takes a path/],
    ['exists(data.a, data.b)', /exists\(…\) takes one path/],
    ['exists()', /exists\(…\) takes one path/],
    ['"unclosed', /syntax error at character \d+: Unclosed quote/],
    ['(data.a', /syntax error.*Unclosed \(/],
    ['data.', /syntax error/],
    ['', /empty/],
    ['   ', /empty/],
    ['1e999', /not a finite number/],
    ['x'.repeat(1001), /longer than 1000 characters/],
    ['['.repeat(100) + ']'.repeat(100), /nested too deeply/],
    ['not '.repeat(60) + 'true', /nested too deeply/],
  ])('%s', (source, message) => {
    expect(parseError(source)).toMatch(message)
  })

  it('parentheses leave no trace, however many', () => {
    const parsed = parseExpression('('.repeat(400) + 'data.count' + ')'.repeat(400))
    expect(parsed.ok && parsed.expression.root).toMatchObject({ kind: 'path', text: 'data.count' })
  })

  it('recipient is known only where a send is planned', () => {
    expect(parseError('recipient.name == "x"', EVENT_ROOTS)).toMatch(/unknown name "recipient".*known only when a message is planned/)
    expect(parseExpression('recipient.name').ok).toBe(true)
  })

  it('word operators need a word boundary', () => {
    const scopeWithWords: Scope = { data: { android: true, order: 1, inner: [1], notes: 'n' } }
    for (const [source, value] of [
      ['data.android and data.order == 1', true],
      ['data.order in data.inner', true],
      ['data.notes == "n"', true],
    ] as const) {
      const parsed = parseExpression(source)
      expect(parsed.ok && evaluateExpression(parsed.expression, scopeWithWords)).toEqual({ ok: true, value })
    }
  })

  it('keeps the source and gives paths a canonical text', () => {
    const parsed = parseExpression('data["first-name"] == data.items[0].name')
    expect(parsed.ok && parsed.expression.source).toBe('data["first-name"] == data.items[0].name')
    expect(parsed.ok && parsed.expression.root).toMatchObject({
      kind: 'compare',
      left: { kind: 'path', root: 'data', segments: ['first-name'], text: 'data["first-name"]' },
      right: { kind: 'path', segments: ['items', 0, 'name'], text: 'data.items[0].name' },
    })
  })
})
