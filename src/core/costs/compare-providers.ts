import type { Money } from '../shared/money.js'
import { apportion, breakEven, searchGrid, sentVolume, totalAtVolume, type BreakEven, type Pause } from './break-even.js'
import type { ProviderFeeModel } from './fee-model.js'
import { priceBuckets, type CardForDay, type PricedBucket } from './price-buckets.js'
import { findRateCardAt, rateCardAt, RATE_CATEGORIES, type RateCard, type RateCategory } from './rate-card.js'
import { dayStart, mergeBuckets, type TrafficBucket } from './traffic-bucket.js'

/** The comparison's month: a period's traffic is scaled to 30 days (a 30-day period is taken as it is). */
export const MONTH_DAYS = 30

/** The day the platform started metering in-window messages (docs/platform.md §6.1). */
export const METERING_CHANGE = Date.UTC(2026, 9, 1)

/** One model's month over the period's traffic. `total` is what recurs each month; `setup` is paid once, to switch. */
export interface ModelMonth {
  model: { id: string; name: string; example: boolean }
  current: boolean
  platform: Money
  providerMessages: Money
  subscription: Money
  setup: Money
  total: Money
  /** The current model's total less this one's: positive when this model would cost less. */
  savingVsCurrent: Money
}

/** What one notification rule's messages cost a month at the rate its events come in, through the current model. */
export interface RuleProjection {
  rule: string
  events: number
  messages: number
  messagesPerEvent: number | null
  averageMessageCost: Money
  eventsPerMonth: number
  monthly: Money
}

/** The same month's traffic on the card before the metering change and on the one from it, by category (platform and provider). */
export interface MeteringChange {
  before: string
  from: string
  categories: Array<{ category: RateCategory; before: Money; from: Money; difference: Money }>
  total: { before: Money; from: Money; difference: Money }
}

export interface ProviderComparison {
  days: number
  currency: string
  /** The month's volume as replayed: messages sent and received, business numbers, and messages of days no card prices (left out). */
  volume: { sent: number; received: number; numbers: number; unpriced: number }
  models: ModelMonth[]
  /** Models that cannot price this traffic (e.g. billing in another currency than the cards), with why. */
  skipped: Array<{ id: string; reason: string }>
  breakEvens: BreakEven[]
  rules: RuleProjection[]
  meteringChange: MeteringChange | null
}

export interface ComparisonInput {
  /** The period's traffic, one billing period (counters count once across it). */
  buckets: readonly TrafficBucket[]
  days: number
  cards: readonly RateCard[]
  models: readonly ProviderFeeModel[]
  current: ProviderFeeModel
  /** Distinct events each rule's messages came from in the period. */
  ruleEvents: ReadonlyMap<string, number>
}

const sum = (rows: readonly PricedBucket[]) => rows.reduce((s, p) => s + p.platform + p.provider, 0)

/** The period's buckets as a 30-day month: counts scaled by 30 / days, apportioned so that the month's total is the period's scaled. */
function asMonth(buckets: readonly TrafficBucket[], days: number): TrafficBucket[] {
  const merged = mergeBuckets(buckets.map((b) => ({ ...b, period: 'month' })))
  const counts = apportion(merged.map((b) => b.count), MONTH_DAYS / days)
  return merged.map((b, i) => ({ ...b, count: counts[i]! })).filter((b) => b.count > 0)
}

/** The mix without its days and rules, each group at the first day of the card that prices it: what a break-even scales, few buckets. */
function mixOf(month: readonly TrafficBucket[], cardFor: CardForDay): TrafficBucket[] {
  const firstDay = new Map<string, number>()
  for (const b of month) {
    const id = cardFor(dayStart(b.day)).id
    firstDay.set(id, Math.min(firstDay.get(id) ?? b.day, b.day))
  }
  return mergeBuckets(month.map((b) => ({ ...b, rule: null, day: firstDay.get(cardFor(dayStart(b.day)).id)! })))
}

/**
 * Replays a period's traffic against every fee model (issue 12): each one's month, the saving
 * against the current one, where each pair breaks even (the volume scaling the period's mix), what
 * each rule costs a month, and what the 2026-10-01 metering did to the same traffic.
 */
export async function compareProviders(input: ComparisonInput, pause: Pause = async () => {}): Promise<ProviderComparison> {
  const cardFor: CardForDay = (at) => rateCardAt(input.cards, at)
  const priceable = (b: TrafficBucket) => findRateCardAt(input.cards, dayStart(b.day)) !== null
  const all = asMonth(input.buckets, input.days)
  const month = all.filter(priceable)
  const unpriced = all.reduce((n, b) => n + (priceable(b) ? 0 : b.count), 0)
  const numbers = new Set(month.map((b) => b.number)).size
  const currency = input.current.currency
  const money = (micros: number): Money => ({ micros, currency })
  const skipped: ProviderComparison['skipped'] = []
  const priced = new Map<string, { model: ProviderFeeModel; rows: PricedBucket[] }>()
  for (const model of [input.current, ...input.models.filter((m) => m.id !== input.current.id)]) {
    if (model.currency !== currency) {
      skipped.push({ id: model.id, reason: `bills in ${model.currency}, the current model in ${currency}` })
      continue
    }
    try {
      await pause()
      priced.set(model.id, { model, rows: priceBuckets(month, cardFor, model) })
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      skipped.push({ id: model.id, reason: error.message })
    }
  }
  const months = [...priced.values()].map(({ model, rows }) => {
    const platform = rows.reduce((s, p) => s + p.platform, 0)
    const providerMessages = rows.reduce((s, p) => s + p.provider, 0)
    const subscription = numbers * model.subscriptionPerNumberPerMonth
    const isCurrent = model.id === input.current.id
    return { model, platform, providerMessages, subscription, setup: isCurrent ? 0 : numbers * model.setupFeePerNumber, total: platform + providerMessages + subscription, isCurrent }
  })
  const currentTotal = months.find((m) => m.isCurrent)?.total ?? 0
  const models: ModelMonth[] = months.map((m) => ({
    model: { id: m.model.id, name: m.model.name, example: m.model.example },
    current: m.isCurrent,
    platform: money(m.platform),
    providerMessages: money(m.providerMessages),
    subscription: money(m.subscription),
    setup: money(m.setup),
    total: money(m.total),
    savingVsCurrent: money(currentTotal - m.total),
  }))

  const mix = mixOf(month, cardFor)
  const sent = sentVolume(mix)
  const grid = searchGrid(Math.max(100 * sent, 1_000_000))
  const totals = [...priced.values()].map(({ model }) => ({ id: model.id, totalAt: totalAtVolume(mix, cardFor, model) }))
  const breakEvens: BreakEven[] = []
  if (sent > 0) for (const [i, a] of totals.entries()) for (const b of totals.slice(i + 1)) breakEvens.push(await breakEven(a, b, grid, pause))

  const current = priced.get(input.current.id)?.rows ?? []
  return {
    days: input.days,
    currency,
    volume: { sent, received: month.reduce((n, b) => n + (b.direction === 'inbound' ? b.count : 0), 0), numbers, unpriced },
    models,
    skipped,
    breakEvens,
    rules: projectRules(current, input.ruleEvents, input.days, money),
    meteringChange: priced.has(input.current.id) ? meteringChange(month, input.cards, input.current, money) : null,
  }
}

/** Each rule's month through the current model: its messages' average cost times messages per event times events a month. */
function projectRules(current: readonly PricedBucket[], ruleEvents: ReadonlyMap<string, number>, days: number, money: (m: number) => Money): RuleProjection[] {
  const byRule = new Map<string, { messages: number; micros: number }>()
  for (const p of current) {
    if (p.bucket.rule === null) continue
    const seen = byRule.get(p.bucket.rule) ?? { messages: 0, micros: 0 }
    byRule.set(p.bucket.rule, { messages: seen.messages + p.bucket.count, micros: seen.micros + p.platform + p.provider })
  }
  // The buckets are already a month's; events are the period's, scaled alike.
  const factor = MONTH_DAYS / days
  return [...byRule.entries()]
    .map(([rule, { messages, micros }]) => {
      const events = ruleEvents.get(rule) ?? 0
      const eventsPerMonth = Math.round(events * factor)
      const average = messages === 0 ? 0 : micros / messages
      const perEvent = events === 0 ? null : messages / factor / events
      return {
        rule,
        events,
        messages,
        messagesPerEvent: perEvent === null ? null : Math.round(perEvent * 100) / 100,
        averageMessageCost: money(Math.round(average)),
        eventsPerMonth,
        monthly: money(perEvent === null ? micros : Math.round(average * perEvent * eventsPerMonth)),
      }
    })
    .sort((x, y) => y.monthly.micros - x.monthly.micros || (x.rule < y.rule ? -1 : 1))
}

/** The month priced on the card in force just before 2026-10-01 and on the one from it; null unless both exist. */
function meteringChange(month: readonly TrafficBucket[], cards: readonly RateCard[], model: ProviderFeeModel, money: (m: number) => Money): MeteringChange | null {
  const before = findRateCardAt(cards, METERING_CHANGE - 1)
  const from = findRateCardAt(cards, METERING_CHANGE)
  if (before === null || from === null || before.id === from.id || before.currency !== model.currency || from.currency !== model.currency) return null
  const byCategory = (card: RateCard) => {
    const totals = new Map<RateCategory, number>()
    for (const p of priceBuckets(month, () => card, model)) totals.set(p.bucket.category, (totals.get(p.bucket.category) ?? 0) + p.platform + p.provider)
    return totals
  }
  const b = byCategory(before)
  const f = byCategory(from)
  const categories = RATE_CATEGORIES.filter((c) => b.has(c) || f.has(c)).map((category) => {
    const x = b.get(category) ?? 0
    const y = f.get(category) ?? 0
    return { category, before: money(x), from: money(y), difference: money(y - x) }
  })
  const tb = sum(priceBuckets(month, () => before, model))
  const tf = sum(priceBuckets(month, () => from, model))
  return { before: before.id, from: from.id, categories, total: { before: money(tb), from: money(tf), difference: money(tf - tb) } }
}
