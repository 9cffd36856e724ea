import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS, RATE_CARD_2025_07, RATE_CARD_2026_10 } from '../../../src/core/costs/default-rate-cards.js'
import { marketRates, rateCardAt, type RateCard } from '../../../src/core/costs/rate-card.js'

describe('rateCardAt', () => {
  it.each([
    [Date.UTC(2025, 6, 1), RATE_CARD_2025_07],
    [Date.UTC(2026, 8, 30, 23, 59, 59, 999), RATE_CARD_2025_07],
    [Date.UTC(2026, 9, 1), RATE_CARD_2026_10],
    [Date.UTC(2030, 0, 1), RATE_CARD_2026_10],
  ])('at %s', (at, card) => {
    expect(rateCardAt(DEFAULT_RATE_CARDS, at)).toBe(card)
  })

  it('throws when no card is in force yet (a configuration error)', () => {
    expect(() => rateCardAt(DEFAULT_RATE_CARDS, Date.UTC(2025, 5, 30, 23, 59))).toThrow(/no rate card in force/)
    expect(() => rateCardAt([], 0)).toThrow(RangeError)
  })
})

describe('marketRates', () => {
  it('falls back to other, and requires it', () => {
    expect(marketRates(RATE_CARD_2026_10, 'NL')).toBe(RATE_CARD_2026_10.markets.other)
    const noOther: RateCard = { ...RATE_CARD_2026_10, markets: { TR: RATE_CARD_2026_10.markets.TR! } }
    expect(marketRates(noOther, 'TR')).toBe(noOther.markets.TR)
    expect(() => marketRates(noOther, 'NL')).toThrow(/no "other" market/)
  })
})

describe('default rate cards', () => {
  it('hold integer micros only', () => {
    for (const card of DEFAULT_RATE_CARDS) {
      for (const rates of Object.values(card.markets)) {
        for (const tiers of Object.values(rates)) for (const tier of tiers) expect(Number.isInteger(tier.micros)).toBe(true)
      }
    }
  })

  it('meter in-window free-form at the utility rate from 1 Oct 2026, free before', () => {
    for (const [market, rates] of Object.entries(RATE_CARD_2026_10.markets)) {
      expect(rates.service, market).toEqual(rates.utility)
      expect(RATE_CARD_2025_07.markets[market]?.service, market).toEqual([{ from: 0, micros: 0 }])
    }
    expect([RATE_CARD_2025_07.freeAllowance, RATE_CARD_2026_10.freeAllowance]).toEqual([null, { perNumberPerMonth: 1000, categories: ['service'] }])
    expect([RATE_CARD_2025_07.freeInWindow, RATE_CARD_2026_10.freeInWindow]).toEqual([['service', 'utility'], []])
  })
})
