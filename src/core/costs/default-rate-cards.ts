import type { MarketRates, RateCard, TierTable } from './rate-card.js'

/*
 * The shipped cards, cards/meta-pmp-2025-07.yaml and cards/meta-pmp-2026-10.yaml, as values, for
 * the callers that need cards before any file is read (the core reads no files; the event decisions
 * and tests price with these). test/core/costs/shipped-cards.test.ts proves they equal the files,
 * so the files stay the one place the figures are edited. Rates: docs/platform.md §6.2.
 */
const flat = (usd: number): TierTable => [{ from: 0, micros: Math.round(usd * 1_000_000) }]

const TEMPLATE_RATES: Record<string, [number, number, number, number?]> = {
  BR: [0.0625, 0.0068, 0.0068],
  IN: [0.0118, 0.0014, 0.0014, 0.0304],
  ID: [0.0411, 0.025, 0.025, 0.136],
  TR: [0.0109, 0.0009, 0.0009],
  GB: [0.0529, 0.022, 0.022],
  US: [0.025, 0.0034, 0.0034],
  CA: [0.025, 0.0034, 0.0034],
  RU: [0.0802, 0.04, 0.04],
  DE: [0.1365, 0.055, 0.055],
  MX: [0.0305, 0.0085, 0.0085],
  CO: [0.0125, 0.0008, 0.0008],
  other: [0.0604, 0.0077, 0.0077],
}

function markets(metered: boolean): Record<string, MarketRates> {
  return Object.fromEntries(
    Object.entries(TEMPLATE_RATES).map(([market, [marketing, utility, authentication, international]]) => {
      const rates: MarketRates = { marketing: flat(marketing), utility: flat(utility), authentication: flat(authentication), service: flat(metered ? utility : 0) }
      return [market, international === undefined ? rates : { ...rates, authentication_international: flat(international) }]
    }),
  )
}

const SOURCE = 'Meta, Pricing, https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing'

/** 1 Jul 2025, per-message pricing (§6.1): utility templates and service messages free in the window, no cap. */
export const RATE_CARD_2025_07: RateCard = Object.freeze<RateCard>({
  id: 'meta-pmp-2025-07',
  model: 'per_message',
  currency: 'USD',
  effectiveFrom: Date.UTC(2025, 6, 1),
  source: SOURCE,
  retrieved: '2026-12-02',
  markets: markets(false),
  freeInWindow: ['service', 'utility'],
  freeAllowance: null,
  freeEntryPointHours: 72,
})

/** 1 Oct 2026 (§6.1, reported): both metered in the window; 1,000 service messages per number per month free. */
export const RATE_CARD_2026_10: RateCard = Object.freeze<RateCard>({
  id: 'meta-pmp-2026-10',
  model: 'per_message',
  currency: 'USD',
  effectiveFrom: Date.UTC(2026, 9, 1),
  source: `${SOURCE}; the 1 Oct 2026 rules as reported by Make, YCloud and ChakraHQ (docs/platform.md §6.1)`,
  retrieved: '2026-12-02',
  markets: markets(true),
  freeInWindow: [],
  freeAllowance: { perNumberPerMonth: 1000, categories: ['service'] },
  freeEntryPointHours: 72,
})

/** The cards Parley prices with when none are configured, oldest first. */
export const DEFAULT_RATE_CARDS: readonly RateCard[] = Object.freeze([RATE_CARD_2025_07, RATE_CARD_2026_10])
