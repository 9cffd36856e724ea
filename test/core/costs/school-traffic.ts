import type { MessageFact } from '../../../src/core/costs/message-fact.js'
import type { RateCategory } from '../../../src/core/costs/rate-card.js'

/** A small seeded generator (mulberry32): the same traffic on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** The worked month's mix (README "What it costs"), per 29 messages: what one school message is, by chance. */
const SCHOOL_MIX: ReadonlyArray<[number, Pick<MessageFact, 'direction' | 'category' | 'window'>]> = [
  [8_000, { direction: 'outbound', category: 'utility', window: 'closed' }],
  [2_000, { direction: 'outbound', category: 'utility', window: 'open' }],
  [1_000, { direction: 'outbound', category: 'marketing', window: 'closed' }],
  [12_000, { direction: 'outbound', category: 'service', window: 'open' }],
  [6_000, { direction: 'inbound', category: 'service', window: 'open' }],
]

/**
 * A Brazil school's traffic over [from, to): `count` messages at random times, each drawn from the
 * worked month's mix, from one number to Brazilian contacts; `failedShare` of the outbound fail.
 */
export function schoolTraffic(random: () => number, count: number, from: number, to: number, options: { number?: string; failedShare?: number } = {}): MessageFact[] {
  const total = SCHOOL_MIX.reduce((s, [n]) => s + n, 0)
  return Array.from({ length: count }, (_, i) => {
    let pick = random() * total
    const kind = SCHOOL_MIX.find(([n]) => (pick -= n) < 0)?.[1] ?? SCHOOL_MIX[0]![1]
    const failed = kind.direction === 'outbound' && random() < (options.failedShare ?? 0)
    return { id: `m${String(i).padStart(7, '0')}`, at: from + Math.floor(random() * (to - from)), number: options.number ?? 'school', market: 'BR', ...kind, outcome: failed ? 'failed' : 'delivered' }
  })
}

const CATEGORIES: readonly RateCategory[] = ['marketing', 'utility', 'authentication', 'authentication_international', 'service']
const MARKETS = ['BR', 'IN', 'DE', 'FR', null]

/** Any traffic the meters accept: random numbers, markets, categories, windows, outcomes, billable flags. */
export function anyTraffic(random: () => number, count: number, from: number, to: number): MessageFact[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  return Array.from({ length: count }, (_, i) => {
    const direction = random() < 0.2 ? 'inbound' : 'outbound'
    const category = direction === 'inbound' ? 'service' : pick(CATEGORIES)
    const window = direction === 'inbound' || category === 'service' ? (random() < 0.1 ? 'free_entry_point' : 'open') : pick(['open', 'closed', 'free_entry_point'] as const)
    const outcome = direction === 'inbound' ? 'delivered' : pick(['delivered', 'delivered', 'delivered', 'pending', 'failed'] as const)
    const billable = random() < 0.05 ? false : random() < 0.5 ? true : undefined
    return { id: `f${String(i).padStart(6, '0')}`, at: from + Math.floor(random() * (to - from)), number: pick(['n1', 'n2', 'n3']), market: pick(MARKETS), category, window, direction, outcome, ...(billable === undefined ? {} : { billable }) }
  })
}
