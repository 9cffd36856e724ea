import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS, RATE_CARD_2025_07, RATE_CARD_2026_10 } from '../../../src/core/costs/default-rate-cards.js'
import { priceMessage, type PriceInput } from '../../../src/core/costs/price-message.js'
import type { PricingCategory } from '../../../src/core/costs/rate-card.js'

const BEFORE = Date.UTC(2026, 8, 30, 23, 59, 59, 999) // last instant of the old card
const AFTER = Date.UTC(2026, 9, 1) // first instant of the metered card
const EARLY = Date.UTC(2025, 10, 1)

// docs/platform.md §6.2 rates in micros: marketing, utility, authentication.
const MARKETS: Array<[string | null, number, number, number]> = [
  ['BR', 62_500, 6_800, 6_800],
  ['IN', 11_800, 1_400, 1_400],
  ['ID', 41_100, 25_000, 25_000],
  ['TR', 10_900, 900, 900],
  ['GB', 52_900, 22_000, 22_000],
  ['US', 25_000, 3_400, 3_400],
  ['CA', 25_000, 3_400, 3_400],
  ['RU', 80_200, 40_000, 40_000],
  ['DE', 136_500, 55_000, 55_000],
  ['MX', 30_500, 8_500, 8_500],
  ['CO', 12_500, 800, 800],
  ['FR', 60_400, 7_700, 7_700], // not listed → other
  [null, 60_400, 7_700, 7_700], // unknown market → other
  ['tr', 10_900, 900, 900], // case-insensitive
]

const usd = (micros: number) => ({ micros, currency: 'USD' })

describe('priceMessage: templates', () => {
  const rows: Array<[string | null, PricingCategory, boolean, number, string, number]> = []
  for (const [market, marketing, utility, authentication] of MARKETS) {
    for (const [at, era] of [[EARLY, 'PMP 2025'], [BEFORE, 'last ms before Oct 2026'], [AFTER, 'from Oct 2026']] as const) {
      const metered = at >= AFTER
      rows.push([market, 'marketing', false, at, era, marketing])
      rows.push([market, 'marketing', true, at, era, marketing])
      rows.push([market, 'authentication', false, at, era, authentication])
      rows.push([market, 'authentication', true, at, era, authentication])
      rows.push([market, 'utility', false, at, era, utility])
      rows.push([market, 'utility', true, at, era, metered ? utility : 0])
    }
  }
  it.each(rows)('%s %s template, in window %s, %s (%s) → %i micros', (market, category, inWindow, at, _era, micros) => {
    expect(priceMessage({ kind: 'template', market, category, inWindow, at }, DEFAULT_RATE_CARDS)).toEqual(usd(micros))
  })
})

describe('priceMessage: in-window free-form', () => {
  it.each([
    // market, at, used this month, micros
    ['TR', EARLY, 0, 0],
    ['TR', BEFORE, 5_000_000, 0], // free without a cap before Oct 2026
    ['DE', BEFORE, 1_000, 0],
    ['TR', AFTER, 0, 0],
    ['TR', AFTER, 999, 0], // the 1,000th is still free
    ['TR', AFTER, 1_000, 900], // the 1,001st costs the utility rate
    ['DE', AFTER, 1_000, 55_000],
    ['BR', AFTER, 25_000, 6_800],
    ['FR', AFTER, 1_000, 7_700],
    [null, AFTER, 1_001, 7_700],
  ] as const)('%s at %s with %i already used → %i micros', (market, at, used, micros) => {
    for (const category of ['marketing', 'utility', 'authentication'] as const) {
      // Priced as a non-template ("service") message whatever the content's category.
      expect(priceMessage({ kind: 'free_form', market, category, inWindow: true, at, freeFormUsedThisMonth: used }, DEFAULT_RATE_CARDS)).toEqual(usd(micros))
    }
  })

  it('is impossible outside the window', () => {
    // @ts-expect-error free-form outside the window is not a state the type allows
    const input: PriceInput = { kind: 'free_form', market: 'TR', category: 'utility', inWindow: false, at: AFTER, freeFormUsedThisMonth: 0 }
    expect(() => priceMessage(input, DEFAULT_RATE_CARDS)).toThrow(RangeError)
  })
})

describe('priceMessage: special cases', () => {
  it('charges the auth-international rate where the market has one, else the domestic rate', () => {
    const auth = (market: string) => priceMessage({ kind: 'template', market, category: 'authentication', inWindow: false, at: AFTER, authenticationInternational: true }, DEFAULT_RATE_CARDS)
    expect(auth('IN')).toEqual(usd(30_400))
    expect(auth('ID')).toEqual(usd(136_000))
    expect(auth('TR')).toEqual(usd(900))
  })

  it('charges nothing inside a free-entry-point window', () => {
    expect(priceMessage({ kind: 'template', market: 'DE', category: 'marketing', inWindow: true, at: AFTER, freeEntryPoint: true }, DEFAULT_RATE_CARDS)).toEqual(usd(0))
    expect(priceMessage({ kind: 'free_form', market: 'DE', category: 'utility', inWindow: true, at: AFTER, freeFormUsedThisMonth: 5000, freeEntryPoint: true }, DEFAULT_RATE_CARDS)).toEqual(usd(0))
  })

  it('uses the cards it is given, in any order', () => {
    const cards = [RATE_CARD_2026_10, RATE_CARD_2025_07]
    expect(priceMessage({ kind: 'template', market: 'TR', category: 'utility', inWindow: true, at: BEFORE }, cards)).toEqual(usd(0))
    expect(priceMessage({ kind: 'template', market: 'TR', category: 'utility', inWindow: true, at: AFTER }, cards)).toEqual(usd(900))
  })
})
