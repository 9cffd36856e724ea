import { describe, expect, it } from 'vitest'
import { fillPlaceholders, findPlaceholders, variableNames } from '../../../src/core/templates/variables.js'

describe('placeholders', () => {
  it('finds well-formed and malformed placeholders with offsets', () => {
    const text = 'Hi {{1}}, {{child_name}} {1} {{ 2 }} {{{3}}} {{#4}} {{Name}}'
    expect(findPlaceholders(text).map((p) => [p.raw, p.start, p.name, p.format])).toEqual([
      ['{{1}}', 3, '1', 'positional'],
      ['{{child_name}}', 10, 'child_name', 'named'],
      ['{1}', 25, null, null],
      ['{{ 2 }}', 29, null, null],
      ['{{{3}}}', 37, null, null],
      ['{{#4}}', 45, null, null],
      ['{{Name}}', 52, null, null],
    ])
  })

  it('lists variable names once, in order of first use', () => {
    expect(variableNames('{{2}} and {{1}} and {{2}}')).toEqual(['2', '1'])
  })

  it('fills known variables and leaves the rest', () => {
    expect(fillPlaceholders('{{a}} + {{b}} = {{c}}', { a: '1', b: '2' })).toBe('1 + 2 = {{c}}')
  })
})
