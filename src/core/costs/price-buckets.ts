import type { FeeAmount, ProviderFeeModel } from './fee-model.js'
import { categoryTiers, marketRates, OTHER_MARKET, type RateCard, type RateCategory, type TierTable } from './rate-card.js'
import { dayStart, type TrafficBucket } from './traffic-bucket.js'

/** What one bucket cost, platform and provider's per-message fees, in micro-units of the model's currency. */
export interface PricedBucket {
  bucket: TrafficBucket
  platform: number
  provider: number
}

/** A run of messages of one bucket that cost the platform the same each. */
interface Chunk {
  count: number
  unit: number
}

/** The card to price a bucket's day with (the replay passes `rateCardAt`; the 2026-10-01 comparison forces one card). */
export type CardForDay = (at: number) => RateCard

/**
 * `count` charged messages starting at the month's `volume`-th, split where a volume tier starts
 * (docs/platform.md §6.1): what `tierPrice` gives one by one, a run at a time.
 */
function tierChunks(tiers: TierTable, volume: number, count: number): Chunk[] {
  const chunks: Chunk[] = []
  let at = volume
  let left = count
  while (left > 0) {
    let unit = tiers[0]?.micros ?? 0
    let next = Infinity
    for (const tier of tiers) {
      if (tier.from <= at) unit = tier.micros
      else if (tier.from < next) next = tier.from
    }
    const n = Math.min(left, next - at)
    chunks.push({ count: n, unit })
    at += n
    left -= n
  }
  return chunks
}

const percentOf = (micros: number, amount: FeeAmount) => (amount.kind === 'percent_of_platform' ? Math.round((micros * amount.basisPoints) / 10_000) : 0)

/**
 * Prices buckets in order with the same rules and running counts as `PlatformMeter` and
 * `ProviderMeter` (per period: the platform's allowance per number, tier volume per market and
 * category, the provider's free messages per number), charging a bucket's whole count at once and
 * splitting it where an allowance ends or a tier starts. Inside a bucket the messages are taken as
 * consecutive: the allowance's first, then up the tiers — as the meters would price them if the
 * bucket's messages came one after another, which test/core/costs/price-buckets.test.ts proves.
 */
export function priceBuckets(buckets: readonly TrafficBucket[], cardFor: CardForDay, model: ProviderFeeModel): PricedBucket[] {
  const allowance = new Map<string, number>()
  const volume = new Map<string, number>()
  const providerUsed = new Map<string, number>()
  const rulesFor = new Map<string, ProviderFeeModel['messageFees']>()
  const matching = (direction: string, category: RateCategory) => {
    const key = `${direction} ${category}`
    let rules = rulesFor.get(key)
    if (!rules) {
      rules = model.messageFees.filter((r) => (r.direction === 'any' || r.direction === direction) && (r.categories === 'all' || r.categories.includes(category)))
      rulesFor.set(key, rules)
    }
    return rules
  }

  return buckets.map((bucket) => {
    const card = cardFor(dayStart(bucket.day))
    if (card.currency !== model.currency) throw new RangeError(`rate card ${card.id} is in ${card.currency} but provider ${model.id} bills in ${model.currency}`)
    const chunks = platformChunks(bucket, card, allowance, volume)
    const platform = chunks.reduce((sum, c) => sum + c.count * c.unit, 0)
    if (bucket.direction === 'outbound' && bucket.outcome === 'failed') return { bucket, platform, provider: bucket.count * model.failedMessageFee }
    const rules = matching(bucket.direction, bucket.category)
    const flat = rules.reduce((sum, r) => sum + (r.amount.kind === 'flat' ? r.amount.micros : 0), 0)
    let provider = chunks.reduce((sum, c) => sum + c.count * rules.reduce((s, r) => s + percentOf(c.unit, r.amount), 0), 0)
    if (flat > 0) {
      const key = `${bucket.period} ${bucket.number}`
      const used = providerUsed.get(key) ?? 0
      const waived = Math.max(0, Math.min(bucket.count, model.freeMessagesPerNumberPerMonth - used))
      providerUsed.set(key, used + bucket.count)
      provider += (bucket.count - waived) * flat
    }
    return { bucket, platform, provider }
  })
}

/** The platform's side of one bucket (priceOnCard's rules), as runs of one price each; moves the period's counts. */
function platformChunks(bucket: TrafficBucket, card: RateCard, allowance: Map<string, number>, volume: Map<string, number>): Chunk[] {
  const free = [{ count: bucket.count, unit: 0 }]
  if (bucket.direction === 'inbound' || bucket.outcome === 'failed' || bucket.billable === false) return free
  if (bucket.category === 'service' && bucket.window === 'closed') {
    throw new RangeError('a non-template message cannot be delivered outside the customer-service window')
  }
  if (bucket.window === 'free_entry_point') return free
  if (bucket.window === 'open' && card.freeInWindow.includes(bucket.category)) return free
  const chunks: Chunk[] = []
  let left = bucket.count
  const cover = card.freeAllowance
  if (bucket.window === 'open' && cover !== null && cover.categories.includes(bucket.category)) {
    const key = `${bucket.period} ${bucket.number}`
    const used = allowance.get(key) ?? 0
    const covered = Math.max(0, Math.min(left, cover.perNumberPerMonth - used))
    if (covered > 0) {
      allowance.set(key, used + covered)
      chunks.push({ count: covered, unit: 0 })
      left -= covered
    }
  }
  if (left === 0) return chunks
  const market = bucket.market !== null && card.markets[bucket.market.toUpperCase()] ? bucket.market.toUpperCase() : OTHER_MARKET
  const key = `${bucket.period} ${market} ${bucket.category}`
  const from = volume.get(key) ?? 0
  volume.set(key, from + left)
  return [...chunks, ...tierChunks(categoryTiers(marketRates(card, market), bucket.category), from, left)]
}
