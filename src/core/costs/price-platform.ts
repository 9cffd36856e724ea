import type { Money } from '../shared/money.js'
import { billingMonth, type MessageFact, type WindowState } from './message-fact.js'
import { categoryTiers, marketRates, OTHER_MARKET, rateCardAt, tierPrice, type RateCard, type RateCategory } from './rate-card.js'

/** Why the platform charged what it did for one message. */
export type PlatformReason = 'charged' | 'inbound' | 'failed' | 'not_billable' | 'free_entry_point' | 'free_in_window' | 'free_allowance'

export interface PlatformCharge extends Money {
  reason: PlatformReason
  /** The card that priced it (null for inbound and failed messages, which no card prices). */
  cardId: string | null
}

/** The month's counters a price depends on: allowance used by this number, volume in this market and category. */
export interface MonthUsage {
  allowanceUsed: number
  tierVolume: number
}

interface CardInput {
  market: string | null
  category: RateCategory
  window: WindowState
}

/**
 * The rule of one card for one delivered outbound message (docs/platform.md §6.1): nothing inside a
 * free entry point; nothing for a category the card frees inside an open window; nothing while the
 * number's monthly allowance lasts for a category it covers; otherwise the market's tier price.
 */
export function priceOnCard(card: RateCard, input: CardInput, usage: MonthUsage): { micros: number; reason: PlatformReason } {
  if (input.category === 'service' && input.window === 'closed') {
    throw new RangeError('a non-template message cannot be delivered outside the customer-service window')
  }
  if (input.window === 'free_entry_point') return { micros: 0, reason: 'free_entry_point' }
  if (input.window === 'open' && card.freeInWindow.includes(input.category)) return { micros: 0, reason: 'free_in_window' }
  const allowance = card.freeAllowance
  if (input.window === 'open' && allowance !== null && allowance.categories.includes(input.category) && usage.allowanceUsed < allowance.perNumberPerMonth) {
    return { micros: 0, reason: 'free_allowance' }
  }
  return { micros: tierPrice(categoryTiers(marketRates(card, input.market), input.category), usage.tierVolume), reason: 'charged' }
}

/**
 * Prices messages one after another in delivery order, keeping the month's running counts: the
 * allowance per business number, and the tier volume per market and category (Meta counts tiers
 * per business account, docs/platform.md §6.1, so one meter serves one account's numbers).
 * Only charged messages move a tier; only allowance-covered ones use the allowance.
 */
export class PlatformMeter {
  private readonly allowance = new Map<string, number>()
  private readonly volume = new Map<string, number>()

  constructor(private readonly cards: readonly RateCard[]) {}

  /** The platform's charge for the next message; call in delivery order. */
  charge(fact: MessageFact): PlatformCharge {
    if (fact.direction === 'inbound') return { micros: 0, currency: this.currencyAt(fact), reason: 'inbound', cardId: null }
    const card = rateCardAt(this.cards, fact.at)
    const none = (reason: PlatformReason): PlatformCharge => ({ micros: 0, currency: card.currency, reason, cardId: card.id })
    if (fact.outcome === 'failed') return none('failed')
    if (fact.billable === false) return none('not_billable')
    const month = billingMonth(fact.at)
    const allowanceKey = `${month} ${fact.number}`
    const market = fact.market !== null && card.markets[fact.market.toUpperCase()] ? fact.market.toUpperCase() : OTHER_MARKET
    const volumeKey = `${month} ${market} ${fact.category}`
    const usage = { allowanceUsed: this.allowance.get(allowanceKey) ?? 0, tierVolume: this.volume.get(volumeKey) ?? 0 }
    const { micros, reason } = priceOnCard(card, fact, usage)
    if (reason === 'free_allowance') this.allowance.set(allowanceKey, usage.allowanceUsed + 1)
    if (reason === 'charged') this.volume.set(volumeKey, usage.tierVolume + 1)
    return { micros, currency: card.currency, reason, cardId: card.id }
  }

  private currencyAt(fact: MessageFact): string {
    return rateCardAt(this.cards, fact.at).currency
  }
}
