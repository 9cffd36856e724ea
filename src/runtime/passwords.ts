import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { PasswordHasher } from '../core/operators/ports.js'

/**
 * scrypt as OWASP's Password Storage Cheat Sheet gives it (N=2^17, r=8, p=1 uses 128 MiB; its
 * equal-strength row N=2^15 with r=8, p=3 keeps memory at 32 MiB per login, which a small host can
 * afford under a burst of logins). Node's async `scrypt` runs on the libuv thread pool, off the event loop.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const
const KEY_LENGTH = 32
const SALT_LENGTH = 16
const ENCODED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  // Memory is 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default), so allow the cost's own need.
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 }
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))))
}

async function encode(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, COST, KEY_LENGTH)
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

async function matches(password: string, encoded: string): Promise<boolean> {
  const parts = ENCODED.exec(encoded)
  if (!parts) return false
  const [, n, r, p, salt, hash] = parts
  const expected = Buffer.from(hash!, 'base64url')
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length)
  return timingSafeEqual(expected, actual)
}

/** Passwords hashed `scrypt$N$r$p$salt$hash` (base64url), each with its own 16-byte salt. */
export function createPasswordHasher(): PasswordHasher {
  // What an unknown address is checked against: a real hash, so that the work is the same.
  let dummy: Promise<string> | null = null
  return {
    hash: encode,
    async verify(password, encoded) {
      if (encoded !== null) return matches(password, encoded)
      dummy ??= encode(randomBytes(16).toString('base64url'))
      await matches(password, await dummy)
      return false
    },
  }
}
