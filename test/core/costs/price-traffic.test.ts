import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { MessageFact } from '../../../src/core/costs/message-fact.js'
import { billMonth, priceTraffic } from '../../../src/core/costs/price-traffic.js'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { parseRateCardYaml } from '../../../src/core/costs/rate-card-file.js'
import type { RateCard } from '../../../src/core/costs/rate-card.js'
import { facts, provider } from './traffic.js'

const OCT = Date.UTC(2026, 9, 1)
const NOV = Date.UTC(2026, 10, 1)
const out = { direction: 'outbound', number: 'n1', outcome: 'delivered' } as const

function card(fields: Partial<RateCard> & Pick<RateCard, 'id' | 'effectiveFrom'>): RateCard {
  const flat = (micros: number) => [{ from: 0, micros }]
  return {
    model: 'per_message',
    currency: 'USD',
    source: 'test',
    retrieved: '2026-12-03',
    markets: { other: { marketing: flat(50_000), utility: flat(5_000), authentication: flat(5_000), service: flat(5_000) } },
    freeInWindow: [],
    freeAllowance: { perNumberPerMonth: 1_000, categories: ['service'] },
    freeEntryPointHours: 72,
    ...fields,
  }
}

describe('volume tiers', () => {
  // Brazil utility: 0.0068 for the first 1,000 charged in the month, 0.0060 from the 1,000th on (0-based), 0.0050 from 2,000.
  const tiered = card({
    id: 'tiered',
    effectiveFrom: 0,
    markets: {
      BR: { marketing: [{ from: 0, micros: 62_500 }], utility: [{ from: 0, micros: 6_800 }, { from: 1_000, micros: 6_000 }, { from: 2_000, micros: 5_000 }], authentication: [{ from: 0, micros: 6_800 }], service: [{ from: 0, micros: 6_800 }] },
      other: card({ id: 'x', effectiveFrom: 0 }).markets.other!,
    },
  })

  it('price each message by the month running volume of its market and category', () => {
    const traffic = [
      ...facts('br', 2_500, OCT, NOV, { ...out, market: 'BR', category: 'utility', window: 'closed' }),
      ...facts('br-mkt', 100, OCT, NOV, { ...out, market: 'BR', category: 'marketing', window: 'closed' }),
      ...facts('fr', 1_500, OCT, NOV, { ...out, market: 'FR', category: 'utility', window: 'closed' }),
    ]
    const bill = billMonth('2026-10', traffic, [tiered], provider('direct', {}), [])
    // BR utility: 1,000 × 6,800 + 1,000 × 6,000 + 500 × 5,000 = 6,800,000 + 6,000,000 + 2,500,000 = 15,300,000
    // BR marketing (its own count, one tier): 100 × 62,500 = 6,250,000
    // FR → other, flat: 1,500 × 5,000 = 7,500,000
    // total 15,300,000 + 6,250,000 + 7,500,000 = 29,050,000
    expect(bill.platform.micros).toBe(29_050_000)
  })

  it('start again each month, and free messages do not move a tier', () => {
    const traffic = [
      ...facts('oct', 1_200, OCT, NOV, { ...out, market: 'BR', category: 'utility', window: 'closed' }),
      ...facts('nov', 1_200, NOV, Date.UTC(2026, 11, 1), { ...out, market: 'BR', category: 'utility', window: 'closed' }),
      ...facts('fep', 5_000, NOV, Date.UTC(2026, 11, 1), { ...out, market: 'BR', category: 'utility', window: 'free_entry_point' }),
    ]
    const priced = priceTraffic(traffic, [tiered], provider('direct', {}))
    const sum = (month: string) => priced.filter((m) => new Date(m.fact.at).toISOString().startsWith(month)).reduce((s, m) => s + m.platform.micros, 0)
    // each month: 1,000 × 6,800 + 200 × 6,000 = 6,800,000 + 1,200,000 = 8,000,000; the 5,000 free-entry ones cost 0
    expect([sum('2026-10'), sum('2026-11')]).toEqual([8_000_000, 8_000_000])
  })
})

describe('a rate card change in the middle of the month', () => {
  // Card A from 1 Oct: utility 0.0050, service 0.0050; card B from 16 Oct: utility 0.0070, service 0.0080.
  const flat = (micros: number) => [{ from: 0, micros }]
  const a = card({ id: 'a', effectiveFrom: OCT })
  const b = card({ id: 'b', effectiveFrom: Date.UTC(2026, 9, 16), markets: { other: { marketing: flat(50_000), utility: flat(7_000), authentication: flat(5_000), service: flat(8_000) } } })
  const first = Date.UTC(2026, 9, 2)
  const second = Date.UTC(2026, 9, 20)
  const traffic: MessageFact[] = [
    ...facts('u1', 10, first, first + 1_000, { ...out, market: 'DE', category: 'utility', window: 'closed' }),
    ...facts('u2', 10, second, second + 1_000, { ...out, market: 'DE', category: 'utility', window: 'closed' }),
    ...facts('s1', 600, first, first + 60_000, { ...out, market: 'DE', category: 'service', window: 'open' }),
    ...facts('s2', 600, second, second + 60_000, { ...out, market: 'DE', category: 'service', window: 'open' }),
  ]

  it('prices each message by the card in force at its delivery, while the month counts run on', () => {
    const priced = priceTraffic(traffic, [b, a], provider('direct', {}))
    // utility: 10 × 5,000 (A) + 10 × 7,000 (B) = 50,000 + 70,000 = 120,000
    // service: 600 free before the change (allowance 600 of 1,000); after it 400 more free, 200 × 8,000 (B) = 1,600,000
    // total 1,720,000
    expect(priced.reduce((s, m) => s + m.platform.micros, 0)).toBe(1_720_000)
    expect(priced.filter((m) => m.platform.reason === 'free_allowance')).toHaveLength(1_000)
    expect(new Set(priced.map((m) => m.platform.cardId))).toEqual(new Set(['a', 'b']))
  })
})

describe('the older per-template model (2018–2022)', () => {
  const legacy = parseRateCardYaml(readFileSync('src/core/costs/cards/per-template-2020.example.yaml', 'utf8'))
  if (!legacy.ok) throw new Error(JSON.stringify(legacy.errors))

  it("prices the school's 2020 month: every template at $0.048, session messages free, $0.001 per message on top", () => {
    const june = Date.UTC(2020, 5, 1)
    const july = Date.UTC(2020, 6, 1)
    const traffic = [
      ...facts('reminder', 2_000, june, july, { ...out, market: 'RU', category: 'utility', window: 'closed' }),
      ...facts('reminder-in-session', 500, june, july, { ...out, market: 'RU', category: 'utility', window: 'open' }),
      ...facts('promo', 500, june, july, { ...out, market: 'RU', category: 'marketing', window: 'closed' }),
      ...facts('session', 5_000, june, july, { ...out, market: 'RU', category: 'service', window: 'open' }),
    ]
    const gupshup2020 = provider('gupshup-2020', { messageFees: [{ direction: 'outbound', categories: 'all', amount: { kind: 'flat', micros: 1_000 } }] })
    const bill = billMonth('2020-06', traffic, [legacy.value], gupshup2020, [])
    // templates, whatever the category or window: 3,000 × 48,000 = 144,000,000
    // session: 0; provider: 8,000 × 1,000 = 8,000,000; total 152,000,000 ($152.00)
    expect([bill.platform.micros, bill.providerMessages.micros, bill.total.micros]).toEqual([144_000_000, 8_000_000, 152_000_000])
  })

  it('ends where conversation-based pricing began, and is not a default', () => {
    expect(() => priceTraffic(facts('late', 1, Date.UTC(2022, 1, 1), Date.UTC(2022, 1, 2), { ...out, market: 'RU', category: 'utility', window: 'closed' }), [legacy.value], provider('d', {}))).toThrow(/no rate card in force/)
    expect(DEFAULT_RATE_CARDS.map((c) => c.id)).not.toContain(legacy.value.id)
  })
})

describe('platform outcomes and provider fees', () => {
  const at = Date.UTC(2026, 9, 5)
  const one = (fields: Partial<MessageFact>): MessageFact => ({ id: 'm', at, direction: 'outbound', number: 'n1', market: 'BR', category: 'marketing', window: 'closed', outcome: 'delivered', ...fields })

  it.each([
    ['delivered marketing', one({}), 'charged', 62_500],
    ['pending (an estimate)', one({ outcome: 'pending' }), 'charged', 62_500],
    ['failed', one({ outcome: 'failed' }), 'failed', 0],
    ['billable: false from the platform', one({ billable: false }), 'not_billable', 0],
    ['free entry point', one({ window: 'free_entry_point' }), 'free_entry_point', 0],
    ['inbound', one({ direction: 'inbound', category: 'service', window: 'open' }), 'inbound', 0],
    ['auth-international where the market has none', one({ category: 'authentication_international' }), 'charged', 6_800],
    ['auth-international in India', one({ market: 'IN', category: 'authentication_international' }), 'charged', 30_400],
  ] as const)('%s', (_name, fact, reason, micros) => {
    const [priced] = priceTraffic([fact], DEFAULT_RATE_CARDS, provider('d', {}))
    expect(priced!.platform).toMatchObject({ reason, micros })
  })

  it('refuses a non-template message outside the window', () => {
    expect(() => priceTraffic([one({ category: 'service', window: 'closed' })], DEFAULT_RATE_CARDS, provider('d', {}))).toThrow(RangeError)
  })

  it('adds a percentage of the platform fee, charges the failed-message fee instead, and waives flat fees within the allowance', () => {
    const model = provider('mixed', {
      messageFees: [
        { direction: 'outbound', categories: 'all', amount: { kind: 'flat', micros: 1_000 } },
        { direction: 'outbound', categories: ['marketing'], amount: { kind: 'percent_of_platform', basisPoints: 600 } },
      ],
      failedMessageFee: 1_000,
      freeMessagesPerNumberPerMonth: 1,
    })
    const priced = priceTraffic([one({ id: 'a' }), one({ id: 'b' }), one({ id: 'c', outcome: 'failed' }), one({ id: 'd', direction: 'inbound', category: 'service', window: 'open' })], DEFAULT_RATE_CARDS, model)
    // a: flat waived (first of the month), 6% × 62,500 = 3,750; b: 1,000 + 3,750 = 4,750; c: failed fee 1,000; d: inbound, no rule → 0
    expect(priced.map((m) => [m.fact.id, m.provider.micros, m.provider.waived])).toEqual([
      ['a', 3_750, true],
      ['b', 4_750, false],
      ['c', 1_000, false],
      ['d', 0, false],
    ])
  })

  it('bills setup in the onboarding month and subscriptions for every active number', () => {
    const model = provider('saas', { subscriptionPerNumberPerMonth: 149_000_000, setupFeePerNumber: 100_000_000 })
    const numbers = [
      { number: 'old', onboardedAt: Date.UTC(2025, 0, 1) },
      { number: 'new', onboardedAt: Date.UTC(2026, 9, 20) },
      { number: 'closed', onboardedAt: Date.UTC(2025, 0, 1), closedAt: Date.UTC(2026, 8, 30) },
      { number: 'later', onboardedAt: Date.UTC(2026, 10, 2) },
    ]
    const bill = billMonth('2026-10', [], DEFAULT_RATE_CARDS, model, numbers)
    // subscription: old + new = 2 × 149,000,000; setup: new = 100,000,000; total 398,000,000
    expect([bill.subscription.micros, bill.setup.micros, bill.total.micros]).toEqual([298_000_000, 100_000_000, 398_000_000])
  })

  it('refuses to add amounts in different currencies', () => {
    expect(() => priceTraffic([one({})], DEFAULT_RATE_CARDS, provider('eur', { currency: 'EUR' }))).toThrow(/EUR/)
  })

  it('gives the same prices whatever order the facts come in', () => {
    const traffic = facts('r', 1_200, Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 2), { direction: 'outbound', number: 'n1', market: 'BR', category: 'service', window: 'open', outcome: 'delivered' })
    const forward = priceTraffic(traffic, DEFAULT_RATE_CARDS, provider('d', {}))
    const backward = priceTraffic([...traffic].reverse(), DEFAULT_RATE_CARDS, provider('d', {}))
    expect(backward).toEqual(forward)
    // 1,000 free, 200 × 6,800 = 1,360,000, the charged ones the latest 200
    expect(forward.slice(1_000).every((m) => m.platform.micros === 6_800)).toBe(true)
    expect(forward.reduce((s, m) => s + m.platform.micros, 0)).toBe(1_360_000)
  })
})
