import type { ReportedPricing } from '../messages/reports.js'
import type { Instant } from '../shared/time.js'
import type { ProviderFeeModel } from './fee-model.js'
import type { MessageFact, WindowState } from './message-fact.js'
import { PlatformMeter, priceOnCard, type MonthUsage, type PlatformCharge, type PlatformReason } from './price-platform.js'
import { ProviderMeter } from './price-provider.js'
import { categoryTiers, findRateCardAt, marketRates, RATE_CATEGORIES, rateCardAt, tierPrice, type RateCard, type RateCategory } from './rate-card.js'

/**
 * What one message costs, platform and provider, in integer micro-units of one currency: the
 * estimate when it is accepted, the final once the platform's `pricing` object says how it was billed.
 */
export interface MessageCost {
  platformMicros: number
  providerMicros: number
  currency: string
  /** The category it was priced as: the platform's once known (a reclassified template costs what it was billed as); `sms` for an SMS. */
  category: CostCategory
  reason: PlatformReason
  /** The window state it was priced in (the estimate's: what Parley saw at accept). */
  window: WindowState
  /** The rate card that priced it; null when no card did (inbound, or a platform-free message without a card). */
  cardId: string | null
}

/** A WhatsApp message's platform category, or `sms`: an SMS is priced by its provider alone, per segment (price-sms.ts). */
export type CostCategory = RateCategory | 'sms'

/** Where the cost engine takes its figures from: the one dependency every pricing caller shares. */
export interface CostBasis {
  /** The platform's rate cards, oldest first (they may change while Parley runs: read on every use). */
  rateCards(): readonly RateCard[]
  /** The fee model of the provider account that carries a message (`direct` when it charges nothing on top). */
  feeModel(carrier: { provider: string; account: string }): ProviderFeeModel
}

/** What the platform's price of one message depends on. */
export interface PlatformSubject {
  direction: 'outbound' | 'inbound'
  at: Instant
  market: string | null
  category: RateCategory
  window: WindowState
  /** The month's counts so far (allowance used by this number, tier volume); none counted when absent. */
  usage?: MonthUsage
}

/** The facts about one message a single price needs. */
export interface CostSubject extends PlatformSubject {
  /** The business number (sender id): per-number allowances count by it. */
  senderId: string
  provider: string
  account: string
}

/**
 * The platform's estimated charge for one message by the card in force at `at` (`priceOnCard`'s
 * rules): the one function the send answers, the stored estimates and the event decisions
 * (`priceMessage`) all price with. A free-form message to a closed window is estimated as failed:
 * the platform refuses it (docs/platform.md §4.1).
 */
export function estimatePlatformCharge(subject: PlatformSubject, cards: readonly RateCard[]): PlatformCharge {
  const card = rateCardAt(cards, subject.at)
  if (subject.direction === 'inbound') return { micros: 0, currency: card.currency, reason: 'inbound', cardId: null }
  if (subject.category === 'service' && subject.window === 'closed') return { micros: 0, currency: card.currency, reason: 'failed', cardId: card.id }
  const { micros, reason } = priceOnCard(card, subject, subject.usage ?? { allowanceUsed: 0, tierVolume: 0 })
  return { micros, currency: card.currency, reason, cardId: card.id }
}

function fact(subject: CostSubject, outcome: MessageFact['outcome'], category = subject.category, billable?: boolean): MessageFact {
  return {
    id: '',
    direction: subject.direction,
    at: subject.at,
    number: subject.senderId,
    market: subject.market,
    category,
    window: subject.window,
    outcome,
    ...(billable === undefined ? {} : { billable }),
  }
}

function withProviderFee(basis: CostBasis, subject: CostSubject, f: MessageFact, platformMicros: number, currency: string, reason: PlatformReason, cardId: string | null): MessageCost {
  const model = basis.feeModel(subject)
  if (model.currency !== currency) throw new RangeError(`rate card ${cardId ?? ''} is in ${currency} but provider ${model.id} bills in ${model.currency}`)
  // One message alone: the provider's monthly allowance is not counted here (the month's bill, billMonth, does).
  const provider = new ProviderMeter(model).charge(f, platformMicros)
  return { platformMicros, providerMicros: provider.micros, currency, category: f.category, reason, window: f.window, cardId }
}

/**
 * The estimate of one message, platform (`estimatePlatformCharge`) and provider: as the first of
 * its category this month unless `usage` says otherwise (the month's bill, `billMonth`, counts).
 */
/** Whether a message at `at` can be priced: some card is in force then. Pricing never stops a message: one that cannot be is left unpriced. */
export function priceableAt(basis: CostBasis, at: Instant): boolean {
  return findRateCardAt(basis.rateCards(), at) !== null
}

export function estimateMessageCost(subject: CostSubject, basis: CostBasis): MessageCost {
  const charge = estimatePlatformCharge(subject, basis.rateCards())
  const f = fact(subject, charge.reason === 'failed' ? 'failed' : 'pending')
  return withProviderFee(basis, subject, f, charge.micros, charge.currency, charge.reason, charge.cardId)
}

/** The platform's category in Parley's terms: `authentication-international` → `authentication_international`; unknown → null. */
export function platformCategory(reported: string | undefined): RateCategory | null {
  const category = reported?.replace(/-/g, '_')
  return (RATE_CATEGORIES as readonly string[]).includes(category ?? '') ? (category as RateCategory) : null
}

/**
 * The final cost once the platform said how it billed the message (docs/platform.md §2.5, §6.1):
 * its category wins over the one Parley sent; `billable: false` or a free `type` costs 0 on the
 * platform side; a `regular` message costs the card's price for that category and market whatever
 * the card's own free rules say (the platform decides what is free, the card only says how much).
 * Without a `type`, the card's rules apply to the window Parley saw. `failed` ends with no pricing:
 * nothing from the platform, a provider's failed-message fee.
 */
export function finalMessageCost(subject: CostSubject, outcome: { kind: 'priced'; pricing: ReportedPricing } | { kind: 'failed' }, basis: CostBasis): MessageCost {
  const cards = basis.rateCards()
  const card = rateCardAt(cards, subject.at)
  if (outcome.kind === 'failed') {
    const f = fact(subject, 'failed')
    return withProviderFee(basis, subject, f, 0, card.currency, 'failed', card.id)
  }
  const { pricing } = outcome
  const entryPoint = pricing.category === 'referral_conversion' || pricing.type === 'free_entry_point'
  const category = platformCategory(pricing.category) ?? subject.category
  const f = fact(entryPoint ? { ...subject, window: 'free_entry_point' } : subject, 'delivered', category, pricing.billable)
  // A free `type` says why it was free; `billable: false` alone says only that it was.
  if (entryPoint) return withProviderFee(basis, subject, f, 0, card.currency, 'free_entry_point', card.id)
  if (pricing.type === 'free_customer_service') return withProviderFee(basis, subject, f, 0, card.currency, 'free_in_window', card.id)
  if (pricing.billable === false) return withProviderFee(basis, subject, f, 0, card.currency, 'not_billable', card.id)
  if (pricing.type === 'regular') {
    const micros = tierPrice(categoryTiers(marketRates(card, subject.market), category), 0)
    return withProviderFee(basis, subject, f, micros, card.currency, 'charged', card.id)
  }
  const charge = new PlatformMeter(cards).charge(f.category === 'service' && f.window === 'closed' ? { ...f, window: 'open' } : f)
  return withProviderFee(basis, subject, f, charge.micros, charge.currency, charge.reason, charge.cardId)
}

/** Whether the final differs from the estimate (in amount or currency): a discrepancy to count and list. */
export function costsDiffer(estimate: MessageCost, final: MessageCost): boolean {
  return estimate.currency !== final.currency || estimate.platformMicros !== final.platformMicros || estimate.providerMicros !== final.providerMicros
}
