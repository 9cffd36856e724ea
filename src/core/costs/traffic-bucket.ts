import type { MessageFact, WindowState } from './message-fact.js'
import type { RateCategory } from './rate-card.js'

const DAY_MS = 86_400_000

/**
 * Messages alike in everything a price depends on, counted: what a replay of a period prices
 * instead of the messages themselves, so a million messages cost a few thousand steps.
 * `period` is the billing period whose counters (allowances, tiers) the bucket counts in; `day`
 * (UTC days since the epoch) orders buckets and picks the rate card, read at the day's start.
 */
export interface TrafficBucket {
  period: string
  day: number
  number: string
  market: string | null
  category: RateCategory
  window: WindowState
  direction: 'outbound' | 'inbound'
  outcome: MessageFact['outcome']
  billable?: boolean
  /** The notification rule that produced the messages; null for the rest. */
  rule: string | null
  count: number
}

/** The UTC day of an instant, in days since the epoch. */
export const utcDay = (at: number): number => Math.floor(at / DAY_MS)

/** The first instant of a UTC day. */
export const dayStart = (day: number): number => day * DAY_MS

/** The order buckets are priced in: by period, then day, then a fixed order of their other fields. */
export function compareBuckets(a: TrafficBucket, b: TrafficBucket): number {
  if (a.period !== b.period) return a.period < b.period ? -1 : 1
  if (a.day !== b.day) return a.day - b.day
  const ka = bucketKey(a)
  const kb = bucketKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** Every field but the count, as one string: buckets with the same key add up. */
export function bucketKey(b: Omit<TrafficBucket, 'count'>): string {
  return [b.period, b.day, b.number, b.market ?? '', b.category, b.window, b.direction, b.outcome, b.billable === undefined ? '' : String(b.billable), b.rule ?? ''].join('\u0000')
}

/** Adds up buckets with the same key, in pricing order. */
export function mergeBuckets(buckets: Iterable<TrafficBucket>): TrafficBucket[] {
  const byKey = new Map<string, TrafficBucket>()
  for (const b of buckets) {
    if (b.count <= 0) continue
    const key = bucketKey(b)
    const seen = byKey.get(key)
    if (seen) seen.count += b.count
    else byKey.set(key, { ...b })
  }
  return [...byKey.values()].sort(compareBuckets)
}

/** Buckets of message facts, counted per `periodOf` their time (a tool for tests and small replays). */
export function bucketFacts(facts: readonly MessageFact[], periodOf: (at: number) => string, ruleOf: (fact: MessageFact) => string | null = () => null): TrafficBucket[] {
  return mergeBuckets(
    facts.map((f) => ({
      period: periodOf(f.at),
      day: utcDay(f.at),
      number: f.number,
      market: f.market,
      category: f.category,
      window: f.window,
      direction: f.direction,
      outcome: f.outcome,
      ...(f.billable === undefined ? {} : { billable: f.billable }),
      rule: ruleOf(f),
      count: 1,
    })),
  )
}
