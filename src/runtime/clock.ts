import { readFileSync } from 'node:fs'
import type { Clock } from '../core/ports.js'

export const systemClock: Clock = { now: () => Date.now() }

/**
 * The system clock plus a number of milliseconds read from `file` at every reading, so that a test
 * can move time forward in several processes at once (worker processes it spawned, and itself).
 * The file must hold an integer when the clock is made; later, an unreadable or half-written file
 * leaves the last offset in force rather than making time jump back.
 */
export function offsetFileClock(file: string): Clock {
  const read = (): number | null => {
    try {
      const offset = Number(readFileSync(file, 'utf8').trim())
      return Number.isSafeInteger(offset) ? offset : null
    } catch {
      return null
    }
  }
  let offset = read()
  if (offset === null) throw new Error(`${file}: the clock offset file must hold a whole number of milliseconds`)
  return {
    now: () => {
      offset = read() ?? offset!
      return Date.now() + offset
    },
  }
}
