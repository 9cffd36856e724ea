import type { Instant } from '../shared/time.js'

/** The template categories a send is classified by (docs/platform.md §6.1). */
export const PRICING_CATEGORIES = ['marketing', 'utility', 'authentication'] as const
export type PricingCategory = (typeof PRICING_CATEGORIES)[number]

/**
 * The categories a rate card prices by: the template categories, authentication to an eligible
 * international recipient, and `service` (a non-template message, only possible in an open window).
 */
export const RATE_CATEGORIES = ['marketing', 'utility', 'authentication', 'authentication_international', 'service'] as const
export type RateCategory = (typeof RATE_CATEGORIES)[number]

/** The market a rate card falls back to for a country it does not list (Meta's "Other"). */
export const OTHER_MARKET = 'other'

/**
 * One step of a monthly volume table: from the `from`-th charged message of this category in this
 * market in the month (0-based), each further one costs `micros`. Meta lowers utility and
 * authentication rates by monthly volume per market (docs/platform.md §6.1).
 */
export interface Tier {
  from: number
  micros: number
}

/** Ascending by `from`, the first from 0; a flat rate is one tier. */
export type TierTable = readonly Tier[]

/** One market's prices per delivered message, in integer micro-units of the card's currency. */
export interface MarketRates {
  marketing: TierTable
  utility: TierTable
  authentication: TierTable
  /** Only where the market has such a rate; otherwise authentication-international costs `authentication`. */
  authentication_international?: TierTable
  service: TierTable
}

/** Which messages a card lets through free without counting, beyond the free entry point. */
export interface FreeAllowance {
  /** Messages per business phone number per calendar month (UTC) that cost nothing. */
  perNumberPerMonth: number
  /** The categories the allowance covers (delivered inside an open window). */
  categories: readonly RateCategory[]
}

/**
 * The platform's prices and free rules from one date on. Cards are data (src/core/costs/cards/*.yaml,
 * or a user's own file): Meta changes rates quarterly and the free rules with its pricing model
 * (docs/platform.md §6.1). The card in force at a delivery is the latest one not after it.
 */
export interface RateCard {
  id: string
  /** `per_message`: PMP (from 1 Jul 2025); `per_template`: the 2018–2022 model of a fee per template. */
  model: 'per_message' | 'per_template'
  currency: string
  effectiveFrom: Instant
  /** Exclusive end, for a model that was replaced by one Parley does not price (e.g. per-template → CBP). */
  effectiveUntil?: Instant
  /** Where the figures come from (a URL or document), and when they were read (YYYY-MM-DD). */
  source: string
  retrieved: string
  /** Keyed by ISO 3166-1 alpha-2 country of the recipient's number, plus `other` (required). */
  markets: Readonly<Record<string, MarketRates>>
  /** Categories that cost nothing when delivered inside an open customer-service window. */
  freeInWindow: readonly RateCategory[]
  /** The monthly free allowance per business number; null when the card has none. */
  freeAllowance: FreeAllowance | null
  /** How long a free entry point (click-to-WhatsApp ad, Page CTA) makes everything free (§4.1). */
  freeEntryPointHours: number
}

/** The card in force at `at`: the latest with `effectiveFrom <= at` (and before its end, if any). Throws when none is (a config error). */
export function rateCardAt(cards: readonly RateCard[], at: Instant): RateCard {
  const card = findRateCardAt(cards, at)
  if (card === null) throw new RangeError(`no rate card in force at ${new Date(at).toISOString()}`)
  return card
}

/** The card in force at `at`, or null where none is (a message older than every card stays unpriced). */
export function findRateCardAt(cards: readonly RateCard[], at: Instant): RateCard | null {
  let best: RateCard | null = null
  for (const card of cards) {
    if (card.effectiveFrom <= at && (best === null || card.effectiveFrom > best.effectiveFrom)) best = card
  }
  return best === null || (best.effectiveUntil !== undefined && at >= best.effectiveUntil) ? null : best
}

/** The size of the monthly free allowance per business number in force at `at`; 0 where none is (or no card). */
export function freeAllowanceAt(cards: readonly RateCard[], at: Instant): number {
  return findRateCardAt(cards, at)?.freeAllowance?.perNumberPerMonth ?? 0
}

/** The rates for a recipient market (ISO country, any case), falling back to `other`. */
export function marketRates(card: RateCard, market: string | null): MarketRates {
  const rates = (market === null ? undefined : card.markets[market.toUpperCase()]) ?? card.markets[OTHER_MARKET]
  if (rates === undefined) throw new RangeError(`rate card ${card.id} has no "${OTHER_MARKET}" market`)
  return rates
}

/** The tier table a category is priced by in a market; auth-international falls back to authentication. */
export function categoryTiers(rates: MarketRates, category: RateCategory): TierTable {
  return category === 'authentication_international' ? (rates.authentication_international ?? rates.authentication) : rates[category]
}

/** The price of the next charged message when `volume` were already charged this month. */
export function tierPrice(tiers: TierTable, volume: number): number {
  let micros = tiers[0]?.micros ?? 0
  for (const tier of tiers) if (tier.from <= volume) micros = tier.micros
  return micros
}
