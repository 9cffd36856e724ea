import { describe, expect, it } from 'vitest'
import { describeConsent, hasMarketingConsent, isOptedOut } from '../../../src/core/notifications/consent.js'

const AT = Date.UTC(2026, 10, 25, 19, 30)

describe('consent', () => {
  it.each([
    [null, false],
    [{ granted: true, source: 'whatsapp_keyword', at: AT }, true],
  ])('opt-out record %j → opted out %s', (optOut, expected) => {
    expect(isOptedOut({ optOut })).toBe(expected)
  })

  it.each([
    [null, false],
    [{ granted: true, source: 'signup_form', at: AT }, true],
    [{ granted: false, source: 'platform_131050', at: AT }, false],
  ])('marketing consent %j → %s', (marketingConsent, expected) => {
    expect(hasMarketingConsent({ marketingConsent })).toBe(expected)
  })

  it('cites source and time', () => {
    expect(describeConsent({ granted: true, source: 'whatsapp_keyword', at: AT })).toBe('via whatsapp_keyword at 2026-11-25T19:30:00.000Z')
  })
})
