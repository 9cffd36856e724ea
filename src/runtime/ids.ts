import { randomBytes } from 'node:crypto'
import type { IdPrefix, Ids } from '../core/ports.js'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lowercase

/**
 * Ids like `msg_01jfz…`: 10 characters of millisecond time then 16 random ones (80 bits), so ids
 * sort by creation time (handy in logs and cursors) and never collide across processes.
 */
export function createIds(now: () => number = Date.now): Ids {
  return {
    next(prefix: IdPrefix): string {
      let time = now()
      let head = ''
      for (let i = 0; i < 10; i++) {
        head = ALPHABET[time % 32] + head
        time = Math.floor(time / 32)
      }
      const bytes = randomBytes(16)
      let tail = ''
      for (const byte of bytes) tail += ALPHABET[byte % 32]
      return `${prefix}_${head}${tail}`
    },
  }
}
