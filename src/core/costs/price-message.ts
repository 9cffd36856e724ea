import type { Money } from '../shared/money.js'
import type { Instant } from '../shared/time.js'
import { estimatePlatformCharge } from './message-cost.js'
import type { PricingCategory, RateCard } from './rate-card.js'

interface PriceBase {
  /** ISO country of the recipient's number (charges follow the recipient, docs/platform.md §6.1); null → `other`. */
  market: string | null
  category: PricingCategory
  /** When the message is delivered: picks the rate card in force. */
  at: Instant
  /** Inside a free-entry-point window (click-to-WhatsApp ad, §4.1): everything is free. */
  freeEntryPoint?: boolean
  /** Messages of this category already charged in this market this month (the volume tier); 0 when unknown. */
  volumeThisMonth?: number
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
 * What the platform charges for one delivered message, by the card in force at `at` (the rules in
 * `priceOnCard`, docs/platform.md §6.1): the estimate of one send, for the event decisions, by the
 * same function the send answers and the stored estimates use (`estimatePlatformCharge`). Pricing a month of traffic with
 * its running counts is `priceTraffic`.
 */
export function priceMessage(input: PriceInput, cards: readonly RateCard[]): Money {
  if (input.kind === 'free_form' && !input.inWindow) throw new RangeError('a free-form message cannot be sent outside the customer-service window')
  const category = input.kind === 'free_form' ? 'service' : input.category === 'authentication' && input.authenticationInternational ? 'authentication_international' : input.category
  const window = input.freeEntryPoint ? 'free_entry_point' : input.inWindow ? 'open' : 'closed'
  const usage = { allowanceUsed: input.kind === 'free_form' ? input.freeFormUsedThisMonth : 0, tierVolume: input.volumeThisMonth ?? 0 }
  const { micros, currency } = estimatePlatformCharge({ direction: 'outbound', at: input.at, market: input.market, category, window, usage }, cards)
  return { micros, currency }
}
