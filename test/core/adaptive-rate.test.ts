import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { burstCapacity, cutAfterThrottle, effectiveRate, type AdaptiveRatePolicy, type RateCut } from '../../src/core/messages/adaptive-rate.js'
import { planOutcome } from '../../src/core/messages/plan-outcome.js'
import { throttleDelay } from '../../src/core/messages/retry.js'

const policy: AdaptiveRatePolicy = { decrease: 0.5, floorPerSecond: 1, holdMs: 1000, quietMs: 5000, recoverMs: 30_000 }
const T0 = 1_800_000_000_000

describe('adaptive sending rate', () => {
  it('runs at the configured rate until the first throttle', () => {
    expect(effectiveRate(80, null, policy, T0)).toBe(80)
  })

  it('halves on a throttle, holds through the echoes of sends already made, halves again after', () => {
    const first = cutAfterThrottle(80, null, policy, T0)
    expect(first).toEqual({ ratePerSecond: 40, at: T0 })
    expect(cutAfterThrottle(80, first, policy, T0 + 999)).toBe(first)
    // A cut another worker stamped a little in this worker's future holds as well.
    expect(cutAfterThrottle(80, first, policy, T0 - 50)).toBe(first)
    expect(cutAfterThrottle(80, first, policy, T0 + 1000)).toEqual({ ratePerSecond: 20, at: T0 + 1000 })
  })

  it('keeps the cut rate through the quiet spell, then climbs back linearly to the configured rate', () => {
    const cut: RateCut = { ratePerSecond: 20, at: T0 }
    expect(effectiveRate(80, cut, policy, T0 + 5000)).toBe(20)
    expect(effectiveRate(80, cut, policy, T0 + 5000 + 15_000)).toBe(60)
    expect(effectiveRate(80, cut, policy, T0 + 5000 + 22_500)).toBe(80)
    expect(effectiveRate(80, cut, policy, T0 + 5000 + 300_000)).toBe(80)
  })

  it('never cuts below the floor, and cuts from where the climb had got to', () => {
    expect(cutAfterThrottle(80, { ratePerSecond: 1.5, at: T0 }, policy, T0 + 2000).ratePerSecond).toBe(1)
    expect(cutAfterThrottle(80, { ratePerSecond: 20, at: T0 }, policy, T0 + 5000 + 15_000).ratePerSecond).toBe(30)
  })

  it('banks a quarter second of the rate, at least one token', () => {
    expect(burstCapacity(80)).toBe(20)
    expect(burstCapacity(1)).toBe(1)
  })

  const configured = fc.integer({ min: 1, max: 1000 })
  const policies = fc.record({
    decrease: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    floorPerSecond: fc.double({ min: 0.1, max: 50, noNaN: true }),
    holdMs: fc.integer({ min: 0, max: 10_000 }),
    quietMs: fc.integer({ min: 0, max: 60_000 }),
    recoverMs: fc.integer({ min: 1, max: 600_000 }),
  })
  /** Throttles at these offsets from T0 (some bunched, some far apart, in either order), each cutting the last cut. */
  const signals = fc.array(fc.integer({ min: -5_000, max: 600_000 }), { maxLength: 40 })
  const afterSignals = (rate: number, p: AdaptiveRatePolicy, offsets: number[]): RateCut | null =>
    offsets.reduce<RateCut | null>((cut, offset) => cutAfterThrottle(rate, cut, p, T0 + offset), null)

  it('is never above the configured rate nor below the floor, whatever the throttles', () => {
    fc.assert(
      fc.property(configured, policies, signals, fc.integer({ min: -10_000, max: 2_000_000 }), (rate, p, offsets, later) => {
        const cut = afterSignals(rate, p, offsets)
        const now = T0 + later
        const effective = effectiveRate(rate, cut, p, now)
        expect(effective).toBeLessThanOrEqual(rate)
        expect(effective).toBeGreaterThanOrEqual(Math.min(p.floorPerSecond, rate))
      }),
    )
  })

  it('never rises on a throttle', () => {
    fc.assert(
      fc.property(configured, policies, signals, fc.integer({ min: 0, max: 700_000 }), (rate, p, offsets, at) => {
        const cut = afterSignals(rate, p, offsets)
        const next = cutAfterThrottle(rate, cut, p, T0 + at)
        expect(effectiveRate(rate, next, p, T0 + at)).toBeLessThanOrEqual(effectiveRate(rate, cut, p, T0 + at))
      }),
    )
  })

  it('never falls without a throttle, and is back at the configured rate after the quiet spell and the climb', () => {
    fc.assert(
      fc.property(configured, policies, signals, fc.integer({ min: 0, max: 600_000 }), (rate, p, offsets, step) => {
        const cut = afterSignals(rate, p, offsets)
        if (cut === null) return
        const soon = effectiveRate(rate, cut, p, cut.at + step)
        expect(effectiveRate(rate, cut, p, cut.at + step + 1000)).toBeGreaterThanOrEqual(soon)
        expect(effectiveRate(rate, cut, p, cut.at + p.quietMs + p.recoverMs)).toBe(rate)
      }),
    )
  })
})

describe('a throttled send', () => {
  const retry = { maxAttempts: 3, baseDelay: 1000, maxDelay: 10_000 }

  it('goes back to the queue after the provider pause, even on the last attempt, with the reason in its title', () => {
    const outcome = { kind: 'throttled', scope: 'sender', code: '130429', title: 'Rate limit hit', retryAfterMs: 1000 } as const
    expect(planOutcome(outcome, 3, retry, 0.5, T0)).toEqual({
      kind: 'throttled',
      dueAt: T0 + 1250,
      error: { code: '130429', title: 'Rate limit hit (throttled: the number sent too fast; queued again, not counted as an attempt)', retryable: true },
    })
    const pair = planOutcome({ ...outcome, scope: 'recipient', code: '131056', retryAfterMs: 6000 }, 99, retry, 0, T0)
    expect(pair).toMatchObject({ kind: 'throttled', dueAt: T0 + 6000, error: { code: '131056', title: expect.stringContaining('too many messages to this user') } })
  })

  it('waits the pause plus up to half again, spread by the random number', () => {
    expect(throttleDelay(1000, 0)).toBe(1000)
    expect(throttleDelay(1000, 0.999)).toBe(1500)
  })
})
