import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src/core/shared/canonical-json.js'

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members, whatever the order written', () => {
    const a = { b: [3, { z: 1, a: [true, null, 'x'] }], a: { d: undefined, c: 'é"\n' }, e: [] , f: {} }
    const b = { f: {}, e: [], a: { c: 'é"\n' }, b: [3, { a: [true, null, 'x'], z: 1 }] }
    expect(canonicalJson(a)).toBe('{"a":{"c":"é\\"\\n"},"b":[3,{"a":[true,null,"x"],"z":1}],"e":[],"f":{}}')
    expect(canonicalJson(b)).toBe(canonicalJson(a))
  })

  it('writes scalars and undefined array items as JSON does', () => {
    expect(canonicalJson('s')).toBe('"s"')
    expect(canonicalJson(1.5)).toBe('1.5')
    expect(canonicalJson(null)).toBe('null')
    expect(canonicalJson(undefined)).toBe('null')
    expect(canonicalJson([undefined, 1])).toBe('[null,1]')
    expect(canonicalJson({ '': 0, 'a"b': 1 })).toBe('{"":0,"a\\"b":1}')
  })

  it('hashes a value nested 100,000 levels deep without overflowing the stack', () => {
    // Built with a loop: recursion is what would overflow.
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep }
    const text = canonicalJson(deep)
    expect(text.length).toBeGreaterThan(300_000)
    expect(text.startsWith('[{"a":[{"a":')).toBe(true)
  })
})
