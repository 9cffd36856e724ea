import { describe, expect, it } from 'vitest'
import { createLoginThrottle } from '../../../src/core/operators/login-throttle.js'
import { createPasswordHasher } from '../../../src/runtime/passwords.js'

describe('password hashes', () => {
  const passwords = createPasswordHasher()

  it('hashes as scrypt$N$r$p$salt$hash with a fresh 16-byte salt, and verifies only the same password', async () => {
    const a = await passwords.hash('correct horse battery')
    const b = await passwords.hash('correct horse battery')
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
    expect(await passwords.verify('correct horse battery', a)).toBe(true)
    expect(await passwords.verify('correct horse batterY', a)).toBe(false)
    expect(await passwords.verify('', a)).toBe(false)
  })

  it('answers false for a hash it cannot read, and for no hash at all (an unknown address)', async () => {
    expect(await passwords.verify('anything at all', 'sha256$abc')).toBe(false)
    expect(await passwords.verify('anything at all', null)).toBe(false)
  })
})

describe('login throttle', () => {
  const policy = { maxFailures: 3, windowMs: 60_000 }

  it('refuses a key after maxFailures within the window, until the oldest of them leaves it', () => {
    const throttle = createLoginThrottle(policy)
    for (const at of [0, 10_000, 20_000]) {
      expect(throttle.retryAfter(['email:a'], at)).toBe(0)
      throttle.failed(['email:a', 'ip:1'], at)
    }
    expect(throttle.retryAfter(['email:a'], 30_000)).toBe(30_000)
    expect(throttle.retryAfter(['email:b', 'ip:1'], 30_000)).toBe(30_000)
    expect(throttle.retryAfter(['email:b', 'ip:2'], 30_000)).toBe(0)
    expect(throttle.retryAfter(['email:a'], 60_000)).toBe(0)
  })

  it('forgets a cleared key only', () => {
    const throttle = createLoginThrottle(policy)
    for (const at of [0, 1, 2]) throttle.failed(['email:a', 'ip:1'], at)
    throttle.clear('email:a')
    expect(throttle.retryAfter(['email:a'], 3)).toBe(0)
    expect(throttle.retryAfter(['ip:1'], 3)).toBeGreaterThan(0)
  })
})
