import type { Money } from '../shared/money.js'
import type { Instant } from '../shared/time.js'
import { marketRates, rateCardAt, type PricingCategory, type RateCard } from './rate-card.js'

interface PriceBase {
  /** ISO country of the recipient's number (charges follow the recipient, docs/platform.md §6.1); null → `other`. */
  market: string | null
  category: PricingCategory
  /** When the message is delivered: picks the rate card in force. */
  at: Instant
  /** Inside a free-entry-point window (click-to-WhatsApp ad, §4.1): everything is free. */
  freeEntryPoint?: boolean
}

/** A template message, inside or outside the customer-service window. */
export interface TemplatePriceInput extends PriceBase {
  kind: 'template'
  inWindow: boolean
  /** Authentication to an eligible international recipient (where the market has that rate). */
  authenticationInternational?: boolean
}

/**
 * A free-form message: only possible inside the window (§4.1), hence `inWindow: true`. It is priced
 * as a non-template ("service") message whatever its content's category.
 */
export interface FreeFormPriceInput extends PriceBase {
  kind: 'free_form'
  inWindow: true
  /** In-window free-form messages this business number already sent this billing month. */
  freeFormUsedThisMonth: number
}

export type PriceInput = TemplatePriceInput | FreeFormPriceInput

/**
 * What the platform charges for one delivered message (platform doc §6.1/§6.2): marketing and
 * authentication templates always; utility templates outside the window, and inside it too from
 * the card that ends `utilityFreeInWindow` (1 Oct 2026); free-form messages only beyond the card's
 * monthly allowance, at its `service` rate (0 before 1 Oct 2026).
 */
export function priceMessage(input: PriceInput, cards: readonly RateCard[]): Money {
  const card = rateCardAt(cards, input.at)
  const money = (micros: number): Money => ({ micros, currency: card.currency })
  if (input.freeEntryPoint) return money(0)
  const rates = marketRates(card, input.market)
  if (input.kind === 'free_form') {
    if (!input.inWindow) throw new RangeError('a free-form message cannot be sent outside the customer-service window')
    return money(input.freeFormUsedThisMonth < card.freeFormAllowancePerMonth ? 0 : rates.service)
  }
  switch (input.category) {
    case 'marketing':
      return money(rates.marketing)
    case 'authentication':
      return money(input.authenticationInternational ? (rates.authenticationInternational ?? rates.authentication) : rates.authentication)
    case 'utility':
      return money(input.inWindow && card.utilityFreeInWindow ? 0 : rates.utility)
  }
}
