import type { MarketRates, RateCard } from './rate-card.js'

/**
 * Example Meta rates from docs/platform.md §6.2 (USD per delivered template message, per-message-pricing
 * era, one public late-2025/2026 snapshot; Brazil confirmed by an Oct-2026 dataset). Illustrative:
 * deployments load their own cards. North America is one Meta market, listed here as US and CA.
 */
const USD = 1_000_000
const rates = (marketing: number, utility: number, authentication: number, authenticationInternational?: number) => ({
  marketing: Math.round(marketing * USD),
  utility: Math.round(utility * USD),
  authentication: Math.round(authentication * USD),
  ...(authenticationInternational === undefined ? {} : { authenticationInternational: Math.round(authenticationInternational * USD) }),
})

const TEMPLATE_RATES = {
  BR: rates(0.0625, 0.0068, 0.0068),
  IN: rates(0.0118, 0.0014, 0.0014, 0.0304),
  ID: rates(0.0411, 0.025, 0.025, 0.136),
  TR: rates(0.0109, 0.0009, 0.0009),
  GB: rates(0.0529, 0.022, 0.022),
  US: rates(0.025, 0.0034, 0.0034),
  CA: rates(0.025, 0.0034, 0.0034),
  RU: rates(0.0802, 0.04, 0.04),
  DE: rates(0.1365, 0.055, 0.055),
  MX: rates(0.0305, 0.0085, 0.0085),
  CO: rates(0.0125, 0.0008, 0.0008),
  other: rates(0.0604, 0.0077, 0.0077),
}

function withService(service: (utility: number) => number): Record<string, MarketRates> {
  return Object.fromEntries(Object.entries(TEMPLATE_RATES).map(([market, r]) => [market, { ...r, service: service(r.utility) }]))
}

/**
 * 1 Jul 2025, per-message pricing (§6.1): marketing and authentication always charged, utility only
 * outside the window, in-window free-form ("service") free without a cap.
 */
export const RATE_CARD_2025_07: RateCard = Object.freeze({
  currency: 'USD',
  effectiveFrom: Date.UTC(2025, 6, 1),
  markets: withService(() => 0),
  freeFormAllowancePerMonth: 0,
  utilityFreeInWindow: true,
})

/**
 * 1 Oct 2026 (§6.1, reported by three third-party docs): in-window free-form is metered, the first
 * 1,000 per business number per month free, then the market's utility rate; utility templates in the
 * window are charged too. Template rates carried over from §6.2 (Brazil's agree with an Oct-2026 card).
 */
export const RATE_CARD_2026_10: RateCard = Object.freeze({
  currency: 'USD',
  effectiveFrom: Date.UTC(2026, 9, 1),
  markets: withService((utility) => utility),
  freeFormAllowancePerMonth: 1000,
  utilityFreeInWindow: false,
})

/** The cards Parley prices with when none are configured, oldest first. */
export const DEFAULT_RATE_CARDS: readonly RateCard[] = Object.freeze([RATE_CARD_2025_07, RATE_CARD_2026_10])
