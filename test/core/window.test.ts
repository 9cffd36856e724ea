import { describe, expect, it } from 'vitest'
import { isWindowOpen } from '../../src/core/messages/window.js'
import { HOUR, MINUTE } from '../../src/core/shared/time.js'

const T = Date.UTC(2026, 10, 25)

describe('customer-service window', () => {
  it.each([
    [null, T, 0, false],
    [T, T, 0, true],
    [T, T + 24 * HOUR - 1, 0, true],
    [T, T + 24 * HOUR, 0, false],
    [T, T + 24 * HOUR - 10 * MINUTE, 15 * MINUTE, false],
  ])('last inbound %s, now %s, margin %s → %s', (last, now, margin, open) => {
    expect(isWindowOpen(last, now, margin)).toBe(open)
  })
})
