import { describe, expect, it } from 'vitest'
import type { ProviderFeeModel } from '../../../src/core/costs/fee-model.js'
import { billingMonth, type MessageFact } from '../../../src/core/costs/message-fact.js'
import { priceBuckets } from '../../../src/core/costs/price-buckets.js'
import { priceTraffic } from '../../../src/core/costs/price-traffic.js'
import { rateCardAt, type RateCard, type TierTable } from '../../../src/core/costs/rate-card.js'
import { bucketFacts, bucketKey, dayStart, utcDay } from '../../../src/core/costs/traffic-bucket.js'
import { anyTraffic, schoolTraffic, seeded } from './school-traffic.js'
import { provider } from './traffic.js'

/*
 * A bucket is charged at once; the meters charge one message at a time. Small allowances and tier
 * boundaries (7 free service messages a number, tiers from the 5th and 12th) put boundaries inside
 * buckets on almost every day, and a card change on 1 October puts one between periods.
 */
const tiers = (...steps: Array<[number, number]>): TierTable => steps.map(([from, micros]) => ({ from, micros }))
const markets = (scale: number) => ({
  BR: { marketing: tiers([0, 62_500 * scale]), utility: tiers([0, 6_800 * scale], [5, 6_000 * scale], [12, 5_000 * scale]), authentication: tiers([0, 6_800]), service: tiers([0, 6_800 * scale], [12, 6_100]) },
  IN: { marketing: tiers([0, 11_800]), utility: tiers([0, 1_400], [5, 1_100]), authentication: tiers([0, 1_400]), authentication_international: tiers([0, 30_400], [5, 29_000]), service: tiers([0, 1_400 * scale]) },
  other: { marketing: tiers([0, 60_400]), utility: tiers([0, 7_700]), authentication: tiers([0, 7_700], [12, 7_000]), service: tiers([0, 7_700]) },
})
const base = { model: 'per_message', currency: 'USD', source: 'test', retrieved: '2026-12-07', freeEntryPointHours: 72 } as const
const CARDS: RateCard[] = [
  { ...base, id: 'sep', effectiveFrom: Date.UTC(2026, 8, 1), markets: markets(1), freeInWindow: ['service', 'utility'], freeAllowance: null },
  { ...base, id: 'oct', effectiveFrom: Date.UTC(2026, 9, 1), markets: markets(2), freeInWindow: [], freeAllowance: { perNumberPerMonth: 7, categories: ['service'] } },
]

const MODELS: ProviderFeeModel[] = [
  provider('flat-with-free', { freeMessagesPerNumberPerMonth: 9, failedMessageFee: 300, messageFees: [{ direction: 'any', categories: 'all', amount: { kind: 'flat', micros: 1_000 } }] }),
  provider('mixed', {
    freeMessagesPerNumberPerMonth: 4,
    messageFees: [
      { direction: 'outbound', categories: ['marketing', 'utility'], amount: { kind: 'flat', micros: 2_500 } },
      { direction: 'inbound', categories: 'all', amount: { kind: 'flat', micros: 700 } },
      { direction: 'any', categories: 'all', amount: { kind: 'percent_of_platform', basisPoints: 1_333 } },
      { direction: 'outbound', categories: ['service'], amount: { kind: 'percent_of_platform', basisPoints: 250 } },
    ],
  }),
  provider('percent', { messageFees: [{ direction: 'outbound', categories: 'all', amount: { kind: 'percent_of_platform', basisPoints: 600 } }] }),
]

const cardFor = (at: number) => rateCardAt(CARDS, at)

/** The facts again, their times rewritten so that each day's messages come bucket after bucket, in the buckets' order. */
function inBucketOrder(facts: readonly MessageFact[]): MessageFact[] {
  const byKey = new Map<string, MessageFact[]>()
  for (const f of facts) {
    const key = bucketKey({ period: billingMonth(f.at), day: utcDay(f.at), number: f.number, market: f.market, category: f.category, window: f.window, direction: f.direction, outcome: f.outcome, ...(f.billable === undefined ? {} : { billable: f.billable }), rule: null })
    byKey.set(key, [...(byKey.get(key) ?? []), f])
  }
  const nth = new Map<number, number>()
  return bucketFacts(facts, billingMonth).flatMap((b) =>
    byKey.get(bucketKey(b))!.map((f) => {
      const i = nth.get(b.day) ?? 0
      nth.set(b.day, i + 1)
      return { ...f, at: dayStart(b.day) + i }
    }),
  )
}

const sums = (rows: ReadonlyArray<{ platform: number; provider: number }>) => rows.reduce((s, r) => ({ platform: s.platform + r.platform, provider: s.provider + r.provider }), { platform: 0, provider: 0 })

describe('pricing buckets', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('charges what the meters charge message by message, seed %i', (seed) => {
    const facts = anyTraffic(seeded(seed), 1_500, Date.UTC(2026, 8, 24), Date.UTC(2026, 9, 9))
    const buckets = bucketFacts(facts, billingMonth)
    expect(buckets.length).toBeLessThan(facts.length)
    const ordered = inBucketOrder(facts)
    for (const model of MODELS) {
      const priced = priceBuckets(buckets, cardFor, model)
      const reference = priceTraffic(ordered, CARDS, model)
      expect(sums(priced)).toEqual(sums(reference.map((m) => ({ platform: m.platform.micros, provider: m.provider.micros }))))
      // And bucket by bucket: the same messages cost the same.
      const perBucket = new Map<string, { platform: number; provider: number }>()
      for (const m of reference) {
        const f = m.fact
        const key = bucketKey({ period: billingMonth(f.at), day: utcDay(f.at), number: f.number, market: f.market, category: f.category, window: f.window, direction: f.direction, outcome: f.outcome, ...(f.billable === undefined ? {} : { billable: f.billable }), rule: null })
        const seen = perBucket.get(key) ?? { platform: 0, provider: 0 }
        perBucket.set(key, { platform: seen.platform + m.platform.micros, provider: seen.provider + m.provider.micros })
      }
      for (const p of priced) expect({ key: bucketKey(p.bucket), platform: p.platform, provider: p.provider }).toEqual({ key: bucketKey(p.bucket), ...perBucket.get(bucketKey(p.bucket)) })
    }
  })

  it.each([11, 12, 13])('charges the school exactly in delivery order, one market and one flat fee a message, seed %i', (seed) => {
    // One market per number and one flat fee for every message that bears one: which messages of a
    // day take an allowance does not change what the day costs, so bucket order is delivery order's equal.
    const facts = schoolTraffic(seeded(seed), 4_000, Date.UTC(2026, 8, 20), Date.UTC(2026, 10, 10), { failedShare: 0.05 })
    const buckets = bucketFacts(facts, billingMonth)
    for (const model of [MODELS[0]!, MODELS[2]!]) {
      const reference = priceTraffic(facts, CARDS, model)
      expect(sums(priceBuckets(buckets, cardFor, model))).toEqual(sums(reference.map((m) => ({ platform: m.platform.micros, provider: m.provider.micros }))))
    }
  })
})
