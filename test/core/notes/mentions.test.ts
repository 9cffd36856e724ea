import { describe, expect, it } from 'vitest'
import { parseMentions } from '../../../src/core/notes/mentions.js'

const ann = { id: 'op_ann', name: 'Ann Lee', email: 'ann.lee@example.com' }
const anna = { id: 'op_anna', name: 'Anna', email: 'anna@example.com' }
const bob = { id: 'op_bob', name: 'Bob Stone', email: 'bstone@example.com' }
const bobby = { id: 'op_bobby', name: 'Bob Marsh', email: 'marsh@example.com' }
const zeynep = { id: 'op_zeynep', name: 'Zeynep Şahin', email: 'zeynep@example.com' }
const team = [ann, anna, bob, bobby, zeynep]

describe('parseMentions', () => {
  it.each([
    ['by full name, in any case', '@ann lee please call', ['op_ann']],
    ['by first name', 'ask @Ann about it', ['op_ann']],
    ['by e-mail local part', 'cc @bstone', ['op_bob']],
    ['by a local part with a dot', 'cc @ann.lee', ['op_ann']],
    ['the longest handle wins: Anna is not Ann', 'thanks @Anna!', ['op_anna']],
    ['letters beyond ASCII', '@Zeynep Şahin knows', ['op_zeynep']],
    ['each operator once, in order of first mention', '@Anna and @Ann Lee, and @anna again', ['op_anna', 'op_ann']],
  ])('%s', (_name, text, ids) => {
    expect(parseMentions(text, team).operatorIds).toEqual(ids)
  })

  it.each([
    ['an unknown name', 'hello @carol'],
    ['an ambiguous first name (two Bobs)', 'hello @Bob'],
    ['an e-mail address in the text', 'write to anna@example.com'],
    ['a handle that continues into a longer word', '@Annabel is new'],
    ['a lone @', 'meet @ 5'],
  ])('%s stays plain text', (_name, text) => {
    expect(parseMentions(text, team)).toEqual({ operatorIds: [], spans: [] })
  })

  it('gives where each mention is, the @ included', () => {
    const text = 'ok @Bob Marsh, see @zeynep'
    const { spans } = parseMentions(text, team)
    expect(spans.map((s) => [text.slice(s.start, s.end), s.operatorId])).toEqual([['@Bob Marsh', 'op_bobby'], ['@zeynep', 'op_zeynep']])
  })
})
