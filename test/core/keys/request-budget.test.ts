import { describe, expect, it } from 'vitest'
import { grants } from '../../../src/core/keys/model.js'
import { takeRequestToken, type Bucket } from '../../../src/core/keys/request-budget.js'

describe('a key’s request budget', () => {
  const limit = { perSecond: 2, burst: 3 }

  it('starts full, refuses once empty with the time until the next token, and refills at the rate up to the burst', () => {
    let bucket: Bucket | undefined
    const take = (at: number) => {
      const result = takeRequestToken(bucket, limit, at)
      bucket = result.bucket
      return result.kind === 'granted' ? 'granted' : result.retryAfter
    }
    expect([take(0), take(0), take(0)]).toEqual(['granted', 'granted', 'granted'])
    expect(take(0)).toBe(500)
    expect(take(250)).toBe(250)
    expect(take(500)).toBe('granted')
    // A long quiet period banks no more than the burst.
    expect([take(60_000), take(60_000), take(60_000), take(60_000)]).toEqual(['granted', 'granted', 'granted', 500])
  })

  it('does not refill backwards when the clock steps back', () => {
    const granted = takeRequestToken({ tokens: 0.5, at: 1000 }, limit, 0)
    expect(granted).toEqual({ kind: 'refused', bucket: { tokens: 0.5, at: 0 }, retryAfter: 250 })
  })
})

describe('scopes', () => {
  it('admin implies every scope; any other scope only itself', () => {
    expect(grants(['admin'], 'webhooks')).toBe(true)
    expect(grants(['messages:read'], 'messages:read')).toBe(true)
    expect(grants(['messages:read'], 'messages:send')).toBe(false)
    expect(grants(['messages:send', 'messages:read', 'templates', 'events', 'webhooks'], 'admin')).toBe(false)
  })
})
