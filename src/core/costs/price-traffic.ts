import type { Money } from '../shared/money.js'
import type { Instant } from '../shared/time.js'
import type { ProviderFeeModel } from './fee-model.js'
import { billingMonth, type MessageFact } from './message-fact.js'
import { PlatformMeter, type PlatformCharge, type PlatformReason } from './price-platform.js'
import { ProviderMeter, type ProviderCharge } from './price-provider.js'
import type { RateCard } from './rate-card.js'

export interface PricedMessage {
  fact: MessageFact
  platform: PlatformCharge
  provider: ProviderCharge
}

/** A business number as a provider bills it: from onboarding (setup fee, first subscription month) to its end, if any. */
export interface BillableNumber {
  number: string
  onboardedAt: Instant
  closedAt?: Instant
}

/** One month of one provider's bill, every amount in integer micro-units of `currency`. */
export interface MonthlyBill {
  month: string
  provider: string
  currency: string
  platform: Money
  providerMessages: Money
  subscription: Money
  setup: Money
  total: Money
  messages: { outbound: number; inbound: number; failed: number }
  /** Outbound messages by why the platform charged what it did. */
  byReason: Readonly<Record<PlatformReason, number>>
  /** Messages the platform's monthly per-number allowance covered. */
  freeAllowanceUsed: number
}

/**
 * Prices each message, platform and provider, in delivery order (ties by id) so that running
 * counts — allowances, tiers — are the same whatever order the facts come in.
 */
export function priceTraffic(facts: readonly MessageFact[], cards: readonly RateCard[], model: ProviderFeeModel): PricedMessage[] {
  const platform = new PlatformMeter(cards)
  const provider = new ProviderMeter(model)
  const ordered = [...facts].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return ordered.map((fact) => {
    const charge = platform.charge(fact)
    if (charge.currency !== model.currency) {
      throw new RangeError(`rate card ${charge.cardId ?? ''} is in ${charge.currency} but provider ${model.id} bills in ${model.currency}`)
    }
    return { fact, platform: charge, provider: provider.charge(fact, charge.micros) }
  })
}

const REASONS: readonly PlatformReason[] = ['charged', 'inbound', 'failed', 'not_billable', 'free_entry_point', 'free_in_window', 'free_allowance']

/**
 * The bill for one calendar month (UTC, `YYYY-MM`) through one provider: the platform's charges, the
 * provider's per-message fees, a subscription for every number active in the month, a setup fee
 * for every number onboarded in it. `facts` must start at the beginning of the month (earlier ones
 * are priced, for the counts, but not billed here).
 */
export function billMonth(month: string, facts: readonly MessageFact[], cards: readonly RateCard[], model: ProviderFeeModel, numbers: readonly BillableNumber[]): MonthlyBill {
  const start = Date.parse(`${month}-01T00:00:00Z`)
  if (Number.isNaN(start) || !/^\d{4}-\d{2}$/.test(month)) throw new RangeError(`not a month: ${month}`)
  const first = new Date(start)
  const end = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1)
  const priced = priceTraffic(facts, cards, model).filter((m) => billingMonth(m.fact.at) === month)
  const byReason = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<PlatformReason, number>
  let platform = 0
  let providerMessages = 0
  const messages = { outbound: 0, inbound: 0, failed: 0 }
  for (const m of priced) {
    platform += m.platform.micros
    providerMessages += m.provider.micros
    messages[m.fact.direction] += 1
    if (m.fact.outcome === 'failed') messages.failed += 1
    if (m.fact.direction === 'outbound') byReason[m.platform.reason] += 1
  }
  const active = numbers.filter((n) => n.onboardedAt < end && (n.closedAt === undefined || n.closedAt > start))
  const subscription = active.length * model.subscriptionPerNumberPerMonth
  const setup = numbers.filter((n) => n.onboardedAt >= start && n.onboardedAt < end).length * model.setupFeePerNumber
  const money = (micros: number): Money => ({ micros, currency: model.currency })
  return {
    month,
    provider: model.id,
    currency: model.currency,
    platform: money(platform),
    providerMessages: money(providerMessages),
    subscription: money(subscription),
    setup: money(setup),
    total: money(platform + providerMessages + subscription + setup),
    messages,
    byReason,
    freeAllowanceUsed: byReason.free_allowance,
  }
}
