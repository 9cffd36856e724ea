import { describe, expect, it } from 'vitest'
import { decideRetry } from '../../src/core/messages/retry.js'

const policy = { maxAttempts: 5, baseDelay: 1000, maxDelay: 10_000 }

describe('decideRetry', () => {
  it.each([
    // attempt, random, expected delay
    [1, 0, 500],
    [1, 0.999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [4, 0, 4000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, delay) => {
    expect(decideRetry(policy, attempt, random)).toEqual({ kind: 'retry', delay })
  })

  it('caps the delay', () => {
    expect(decideRetry({ ...policy, maxAttempts: 50 }, 30, 0.999)).toEqual({ kind: 'retry', delay: 9995 })
  })

  it('never retries sooner than the provider asks', () => {
    expect(decideRetry(policy, 1, 0, 6000)).toEqual({ kind: 'retry', delay: 6000 })
  })

  it('gives up after the last attempt', () => {
    expect(decideRetry(policy, 5, 0)).toEqual({ kind: 'give_up' })
    expect(decideRetry({ ...policy, maxAttempts: 1 }, 1, 0)).toEqual({ kind: 'give_up' })
  })
})
