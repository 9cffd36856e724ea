import { describe, expect, it } from 'vitest'
import { compareProviders } from '../../../src/core/costs/compare-providers.js'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { DIRECT } from '../../../src/core/costs/fee-model.js'
import type { MessageFact } from '../../../src/core/costs/message-fact.js'
import { bucketFacts } from '../../../src/core/costs/traffic-bucket.js'
import { facts, provider } from './traffic.js'

/*
 * The worked month of README "What it costs" (test/core/costs/brazil-school.test.ts), in November
 * 2026 — 30 days, all on card meta-pmp-2026-10 — replayed against models whose break-even is done
 * by hand. The platform's charge is the same through every model, so only the fees decide:
 *   $0.001 per message sent vs $25 a month:            25,000,000 / 1,000           = 25,000 sent a month
 *   $0.002 per message sent vs $10 a month:            10,000,000 / 2,000           =  5,000
 *   $0.002, the first 1,000 a month free, vs $10:      1,000 + 5,000                =  6,000
 *   $0.002 + $10 a month vs $10 a month:               never equal (the first always dearer)
 */
const NOV = Date.UTC(2026, 10, 1)
const DEC = Date.UTC(2026, 11, 1)
const base = { number: 'school', market: 'BR', outcome: 'delivered' } as const
const school: MessageFact[] = [
  ...facts('utility-out', 8_000, NOV, DEC, { ...base, direction: 'outbound', category: 'utility', window: 'closed' }),
  ...facts('utility-in', 2_000, NOV, DEC, { ...base, direction: 'outbound', category: 'utility', window: 'open' }),
  ...facts('marketing', 1_000, NOV, DEC, { ...base, direction: 'outbound', category: 'marketing', window: 'closed' }),
  ...facts('reply', 12_000, NOV, DEC, { ...base, direction: 'outbound', category: 'service', window: 'open' }),
  ...facts('inbound', 6_000, NOV, DEC, { ...base, direction: 'inbound', category: 'service', window: 'open' }),
]
const sentFee = (micros: number) => [{ direction: 'outbound', categories: 'all', amount: { kind: 'flat', micros } }] as const
const PER_MESSAGE = provider('per-message-0.001', { messageFees: sentFee(1_000) })
const LICENCE = provider('licence-25', { subscriptionPerNumberPerMonth: 25_000_000, setupFeePerNumber: 50_000_000 })
const TWO_TENTHS = provider('per-message-0.002', { messageFees: sentFee(2_000) })
const TEN = provider('licence-10', { subscriptionPerNumberPerMonth: 10_000_000 })
const FIRST_FREE = provider('first-1000-free', { messageFees: sentFee(2_000), freeMessagesPerNumberPerMonth: 1_000 })
const BOTH = provider('both', { messageFees: sentFee(2_000), subscriptionPerNumberPerMonth: 10_000_000 })

const compare = (models: Parameters<typeof compareProviders>[0]['models'], current = DIRECT, days = 30, traffic = school) =>
  compareProviders({ buckets: bucketFacts(traffic, () => 'period', (f) => (f.id.startsWith('utility-out') ? 'lesson-reminder' : null)), days, cards: DEFAULT_RATE_CARDS, models, current, ruleEvents: new Map([['lesson-reminder', 4_000]]) })

describe('comparing providers over a month of the school', () => {
  it('prices the month through each model as the worked example does, with the saving against the current one', async () => {
    const result = await compare([DIRECT, PER_MESSAGE, LICENCE])
    expect(result.volume).toEqual({ sent: 23_000, received: 6_000, numbers: 1, unpriced: 0 })
    expect(result.models.map((m) => [m.model.id, m.platform.micros, m.providerMessages.micros, m.subscription.micros, m.setup.micros, m.total.micros, m.savingVsCurrent.micros])).toEqual([
      ['direct', 205_300_000, 0, 0, 0, 205_300_000, 0],
      ['per-message-0.001', 205_300_000, 23_000_000, 0, 0, 228_300_000, -23_000_000],
      ['licence-25', 205_300_000, 0, 25_000_000, 50_000_000, 230_300_000, -25_000_000],
    ])
  })

  it('finds where pay-as-you-go and a subscription break even, and which is cheaper on each side', async () => {
    const result = await compare([PER_MESSAGE, LICENCE], PER_MESSAGE)
    expect(result.breakEvens).toEqual([{ a: 'per-message-0.001', b: 'licence-25', volume: 25_000, cheaperBelow: 'per-message-0.001', cheaperAbove: 'licence-25', searchedUpTo: 2_300_000 }])
  })

  it.each([
    ['$0.002 a message and $10 a month', TWO_TENTHS, TEN, 5_000],
    ['$0.002 a message past the first 1,000 and $10 a month', FIRST_FREE, TEN, 6_000],
  ])('breaks %s even at the hand-computed volume', async (_name, a, b, volume) => {
    expect((await compare([a, b], a)).breakEvens).toEqual([{ a: a.id, b: b.id, volume, cheaperBelow: a.id, cheaperAbove: b.id, searchedUpTo: 2_300_000 }])
  })

  it('says when two models never cross', async () => {
    expect((await compare([BOTH, TEN], TEN)).breakEvens).toEqual([{ a: 'licence-10', b: 'both', volume: null, cheaperBelow: 'licence-10', cheaperAbove: 'licence-10', searchedUpTo: 2_300_000 }])
  })

  it('scales a shorter period to a month', async () => {
    const firstWeek = school.filter((f) => f.at < NOV + 7 * 86_400_000)
    const result = await compare([DIRECT], DIRECT, 7, firstWeek)
    expect(result.volume.sent).toBeGreaterThan(22_900)
    expect(result.volume.sent).toBeLessThan(23_100)
  })

  it('projects a rule from the rate of its events', async () => {
    // 8,000 reminders from 4,000 events: 2 a lesson, at 6,800 micros each (utility, Brazil).
    expect((await compare([DIRECT])).rules).toEqual([
      { rule: 'lesson-reminder', events: 4_000, messages: 8_000, messagesPerEvent: 2, averageMessageCost: { micros: 6_800, currency: 'USD' }, eventsPerMonth: 4_000, monthly: { micros: 54_400_000, currency: 'USD' } },
    ])
  })

  it('shows what the 2026-10-01 metering did to the same month, by category', async () => {
    // README's worked example: $116.90 before, $205.30 from; utility in the window $13.60, replies $74.80.
    const change = (await compare([DIRECT])).meteringChange!
    expect(change.total).toEqual({ before: { micros: 116_900_000, currency: 'USD' }, from: { micros: 205_300_000, currency: 'USD' }, difference: { micros: 88_400_000, currency: 'USD' } })
    expect(change.categories.map((c) => [c.category, c.difference.micros])).toEqual([
      ['marketing', 0],
      ['utility', 13_600_000],
      ['service', 74_800_000],
    ])
  })

  it('answers for a period without traffic: nothing but subscriptions of no number, no break-even', async () => {
    const result = await compare([DIRECT, LICENCE], DIRECT, 30, [])
    expect(result.volume).toEqual({ sent: 0, received: 0, numbers: 0, unpriced: 0 })
    expect(result.models.map((m) => m.total.micros)).toEqual([0, 0])
    expect(result.breakEvens).toEqual([])
    expect(result.rules).toEqual([])
  })

  it('leaves out, and counts, messages of days no card prices', async () => {
    const early = facts('old', 300, Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 30), { ...base, direction: 'outbound', category: 'utility', window: 'closed' })
    const result = await compare([DIRECT], DIRECT, 30, [...early, ...school.slice(0, 100)])
    expect(result.volume).toMatchObject({ unpriced: 300 })
  })

  it('skips a model in another currency', async () => {
    const euro = provider('euro', { currency: 'EUR' })
    expect((await compare([DIRECT, euro])).skipped).toEqual([{ id: 'euro', reason: 'bills in EUR, the current model in USD' }])
  })
})
