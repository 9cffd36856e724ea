import type { Instant } from '../shared/time.js'

/** The categories the platform prices templates by (docs/platform.md §6). */
export const PRICING_CATEGORIES = ['marketing', 'utility', 'authentication'] as const
export type PricingCategory = (typeof PRICING_CATEGORIES)[number]

/** The market a rate card falls back to for a country it does not list (Meta's "Other"). */
export const OTHER_MARKET = 'other'

/** One market's prices, in integer micro-units of the card's currency per delivered message. */
export interface MarketRates {
  marketing: number
  utility: number
  authentication: number
  /** Authentication to an eligible international recipient, where the market has such a rate. */
  authenticationInternational?: number
  /** An in-window free-form ("service") message beyond the monthly free allowance. */
  service: number
}

/**
 * The platform's prices from one date on. Cards are data, loaded with their effective date
 * (Meta changes rates quarterly); the card in force at a send is the latest one not after it.
 */
export interface RateCard {
  currency: string
  effectiveFrom: Instant
  /** Keyed by ISO 3166-1 alpha-2 country of the recipient's number, plus `other` (required). */
  markets: Readonly<Record<string, MarketRates>>
  /** In-window free-form messages per business number per calendar month that cost nothing. */
  freeFormAllowancePerMonth: number
  /** Whether a utility template delivered inside the customer-service window is free. */
  utilityFreeInWindow: boolean
}

/** The card in force at `at`: the latest with `effectiveFrom <= at`. Throws when none is (a config error). */
export function rateCardAt(cards: readonly RateCard[], at: Instant): RateCard {
  let best: RateCard | null = null
  for (const card of cards) {
    if (card.effectiveFrom <= at && (best === null || card.effectiveFrom > best.effectiveFrom)) best = card
  }
  if (best === null) throw new RangeError(`no rate card in force at ${new Date(at).toISOString()}`)
  return best
}

/** The rates for a recipient market (ISO country, any case), falling back to `other`. */
export function marketRates(card: RateCard, market: string | null): MarketRates {
  const rates = (market === null ? undefined : card.markets[market.toUpperCase()]) ?? card.markets[OTHER_MARKET]
  if (rates === undefined) throw new RangeError(`rate card from ${new Date(card.effectiveFrom).toISOString()} has no "${OTHER_MARKET}" market`)
  return rates
}
