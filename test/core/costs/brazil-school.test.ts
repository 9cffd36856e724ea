import { describe, expect, it } from 'vitest'
import { billingMarket } from '../../../src/core/costs/billing-market.js'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { DIRECT } from '../../../src/core/costs/fee-model.js'
import type { MessageFact } from '../../../src/core/costs/message-fact.js'
import { billMonth } from '../../../src/core/costs/price-traffic.js'
import { facts, provider } from './traffic.js'

/*
 * issue 12, "Done when": a Brazil school on one number for a month — 8,000 utility templates outside
 * the window, 2,000 inside, 1,000 marketing, 12,000 free-form replies, 6,000 inbound — priced direct
 * and through three providers, in September 2026 (card meta-pmp-2025-07) and October 2026 (card
 * meta-pmp-2026-10). Brazil's rates (docs/platform.md §6.2), USD: marketing 0.0625, utility 0.0068;
 * from 1 Oct 2026 service = utility = 0.0068 (§6.1). 1 USD = 1,000,000 micros.
 *
 * September 2026 (§6.1: utility templates and service messages free inside the window, no cap):
 *   8,000 utility outside   8,000 × 6,800    =  54,400,000
 *   2,000 utility inside    free             =           0
 *   1,000 marketing         1,000 × 62,500   =  62,500,000
 *  12,000 free-form         free             =           0
 *   6,000 inbound           never charged    =           0
 *   platform                                 = 116,900,000  ($116.90)
 *
 * October 2026 (§6.1: both metered; the first 1,000 non-template per number per month free):
 *   8,000 utility outside   8,000 × 6,800    =  54,400,000
 *   2,000 utility inside    2,000 × 6,800    =  13,600,000
 *   1,000 marketing         1,000 × 62,500   =  62,500,000
 *  12,000 free-form         1,000 free, 11,000 × 6,800 = 74,800,000
 *   6,000 inbound                            =           0
 *   platform                                 = 205,300,000  ($205.30)
 *
 * Providers (the same in both months; 23,000 outbound = 8,000 + 2,000 + 1,000 + 12,000, 29,000 in and out):
 *   direct                  0
 *   $0.001 per message      23,000 × 1,000   =  23,000,000 ($23.00; outbound, templates and replies)
 *   $25 a month licence     1 number × 25,000,000 = 25,000,000 ($25.00)
 *   $0.005 in and out       29,000 × 5,000   = 145,000,000 ($145.00)
 *
 * Totals:                  September          October
 *   direct                 116,900,000        205,300,000
 *   $0.001 per message     139,900,000        228,300,000
 *   $25 licence            141,900,000        230,300,000
 *   $0.005 in and out      261,900,000        350,300,000
 */

const SCHOOL = 'school-number'
const MARKET = billingMarket('+5511987654321')

function month(year: number, monthIndex: number): MessageFact[] {
  const from = Date.UTC(year, monthIndex, 1)
  const to = Date.UTC(year, monthIndex + 1, 1)
  const base = { number: SCHOOL, market: MARKET, outcome: 'delivered' } as const
  return [
    ...facts('utility-out', 8_000, from, to, { ...base, direction: 'outbound', category: 'utility', window: 'closed' }),
    ...facts('utility-in', 2_000, from, to, { ...base, direction: 'outbound', category: 'utility', window: 'open' }),
    ...facts('marketing', 1_000, from, to, { ...base, direction: 'outbound', category: 'marketing', window: 'closed' }),
    ...facts('reply', 12_000, from, to, { ...base, direction: 'outbound', category: 'service', window: 'open' }),
    ...facts('inbound', 6_000, from, to, { ...base, direction: 'inbound', category: 'service', window: 'open' }),
  ]
}

const PER_MESSAGE = provider('per-message-0.001', { messageFees: [{ direction: 'outbound', categories: 'all', amount: { kind: 'flat', micros: 1_000 } }] })
const LICENCE = provider('licence-25', { subscriptionPerNumberPerMonth: 25_000_000 })
const IN_AND_OUT = provider('in-and-out-0.005', { messageFees: [{ direction: 'any', categories: 'all', amount: { kind: 'flat', micros: 5_000 } }] })
const NUMBERS = [{ number: SCHOOL, onboardedAt: Date.UTC(2024, 0, 15) }]

describe('a Brazil school on one number, a month of traffic', () => {
  it('is billed in Brazil', () => {
    expect(MARKET).toBe('BR')
  })

  it.each([
    // name, month, provider, platform, provider per-message, subscription, total
    ['direct', '2026-09', DIRECT, 116_900_000, 0, 0, 116_900_000],
    ['$0.001 per message', '2026-09', PER_MESSAGE, 116_900_000, 23_000_000, 0, 139_900_000],
    ['$25 licence', '2026-09', LICENCE, 116_900_000, 0, 25_000_000, 141_900_000],
    ['$0.005 in and out', '2026-09', IN_AND_OUT, 116_900_000, 145_000_000, 0, 261_900_000],
    ['direct', '2026-10', DIRECT, 205_300_000, 0, 0, 205_300_000],
    ['$0.001 per message', '2026-10', PER_MESSAGE, 205_300_000, 23_000_000, 0, 228_300_000],
    ['$25 licence', '2026-10', LICENCE, 205_300_000, 0, 25_000_000, 230_300_000],
    ['$0.005 in and out', '2026-10', IN_AND_OUT, 205_300_000, 145_000_000, 0, 350_300_000],
  ] as const)('%s in %s', (_name, monthKey, model, platform, perMessage, subscription, total) => {
    const traffic = monthKey === '2026-09' ? month(2026, 8) : month(2026, 9)
    const bill = billMonth(monthKey, traffic, DEFAULT_RATE_CARDS, model, NUMBERS)
    expect(bill.platform).toEqual({ micros: platform, currency: 'USD' })
    expect(bill.providerMessages.micros).toBe(perMessage)
    expect(bill.subscription.micros).toBe(subscription)
    expect(bill.setup.micros).toBe(0)
    expect(bill.total).toEqual({ micros: total, currency: 'USD' })
    expect(bill.messages).toEqual({ outbound: 23_000, inbound: 6_000, failed: 0 })
  })

  it('shows what was free and why, on each side of 1 October 2026', () => {
    const september = billMonth('2026-09', month(2026, 8), DEFAULT_RATE_CARDS, DIRECT, NUMBERS)
    // 2,000 utility inside + 12,000 replies free in the window; 8,000 + 1,000 charged.
    expect(september.byReason).toMatchObject({ charged: 9_000, free_in_window: 14_000, free_allowance: 0 })
    expect(september.freeAllowanceUsed).toBe(0)
    const october = billMonth('2026-10', month(2026, 9), DEFAULT_RATE_CARDS, DIRECT, NUMBERS)
    // 8,000 + 2,000 + 1,000 templates + 11,000 replies charged; 1,000 replies on the allowance.
    expect(october.byReason).toMatchObject({ charged: 22_000, free_in_window: 0, free_allowance: 1_000 })
    expect(october.freeAllowanceUsed).toBe(1_000)
  })
})
