import { describe, expect, it } from 'vitest'
import { DelayQueue } from '../../src/sandbox/delay-queue.js'
import { metaJson } from '../../src/sandbox/meta-json.js'
import { PLATFORM_RETRY, retryDelay } from '../../src/sandbox/webhook-delivery.js'

/** "platform doc" in test names is docs/platform.md; §2.2 says how Meta escapes the JSON it signs. */
describe('metaJson (platform doc §2.2)', () => {
  it('escapes non-ASCII as lowercase \\uXXXX, emoji as surrogate pairs, and / as \\/', () => {
    expect(metaJson({ t: 'café 🙂 https://a.b/c' })).toBe('{"t":"caf\\u00e9 \\ud83d\\ude42 https:\\/\\/a.b\\/c"}')
    expect(metaJson({ t: 'Ελλάδα', u: '日本' })).toBe('{"t":"\\u0395\\u03bb\\u03bb\\u03ac\\u03b4\\u03b1","u":"\\u65e5\\u672c"}')
  })

  it('leaves ASCII alone and stays valid JSON that parses back to the same value', () => {
    const value = { a: 'plain ascii', b: 'tab\tnewline\n"quote"\\', c: '\u007f', d: [1, true, null], e: 'x\u2028y', f: 'lone \ud83d' }
    const text = metaJson(value)
    expect(JSON.parse(text)).toEqual(value)
    // PHP-style: only non-ASCII is escaped; DEL (0x7f) is ASCII and stays as it is.
    expect(/^[\x20-\x7f]*$/.test(text)).toBe(true)
    expect(metaJson({ a: 'plain' })).toBe('{"a":"plain"}')
  })
})

describe('DelayQueue', () => {
  it('runs items in due order across lanes and empties on clear()', async () => {
    const seen: string[] = []
    const waiting = new Map<string, () => void>()
    const ran = (item: string) => new Promise<void>((resolve) => waiting.set(item, resolve))
    const q = new DelayQueue<string>((s) => {
      seen.push(s)
      waiting.get(s)?.()
    })
    const last = ran('c')
    q.push(30, 'c')
    q.push(0, 'a')
    q.push(15, 'b')
    q.push(0, 'a2')
    expect(q.size).toBe(4)
    await last
    expect(seen).toEqual(['a', 'a2', 'b', 'c'])
    q.push(20, 'never')
    q.clear()
    expect(q.size).toBe(0)
    // Pushed after the cleared item and due after it: once this one ran, the cleared one would have.
    const after = ran('after')
    q.push(25, 'after')
    await after
    expect(seen).toEqual(['a', 'a2', 'b', 'c', 'after'])
    expect(q.size).toBe(0)
  })
})

describe('retryDelay (platform doc §2.8)', () => {
  const HOUR = 3_600_000
  it('doubles from the first wait up to the cap, with no attempt limit, until 36 hours after the first attempt', () => {
    expect([1, 2, 3, 4, 10, 12, 13, 40].map((attempts) => retryDelay(PLATFORM_RETRY, attempts, 0))).toEqual([1000, 2000, 4000, 8000, 512_000, 2_048_000, HOUR, HOUR])
    expect(retryDelay(PLATFORM_RETRY, 45, 35 * HOUR)).toBe(HOUR)
    expect(retryDelay(PLATFORM_RETRY, 45, 35 * HOUR + 1)).toBeNull()
  })

  it('also stops after maxAttempts when one is set', () => {
    expect(retryDelay({ ...PLATFORM_RETRY, maxAttempts: 3 }, 2, 0)).toBe(2000)
    expect(retryDelay({ ...PLATFORM_RETRY, maxAttempts: 3 }, 3, 0)).toBeNull()
  })
})
