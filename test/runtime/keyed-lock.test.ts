import { describe, expect, it } from 'vitest'
import { createKeyedLock } from '../../src/runtime/keyed-lock.js'

describe('createKeyedLock', () => {
  it('runs work on a shared key one at a time, in the order asked, and work on other keys alongside', async () => {
    const lock = createKeyedLock()
    const log: string[] = []
    let openA!: () => void
    const gateA = new Promise<void>((resolve) => (openA = resolve))
    const first = lock.run(['a'], async () => {
      log.push('first in')
      await gateA
      log.push('first out')
    })
    const second = lock.run(['a', 'b'], async () => void log.push('second'))
    const other = lock.run(['c'], async () => void log.push('other'))
    await other
    expect(log).toEqual(['first in', 'other'])
    openA()
    await Promise.all([first, second])
    expect(log).toEqual(['first in', 'other', 'first out', 'second'])
  })

  it('never deadlocks on keys asked in different orders, and lets go after a failure', async () => {
    const lock = createKeyedLock()
    const runs = Array.from({ length: 50 }, (_, i) => lock.run(i % 2 === 0 ? ['x', 'y'] : ['y', 'x'], async () => i))
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    await expect(lock.run(['x'], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await lock.run(['x', 'y'], async () => 'after')).toBe('after')
  })
})
