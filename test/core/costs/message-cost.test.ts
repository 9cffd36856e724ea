import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { DIRECT, type ProviderFeeModel } from '../../../src/core/costs/fee-model.js'
import { costsDiffer, estimateMessageCost, finalMessageCost, type CostBasis, type CostSubject } from '../../../src/core/costs/message-cost.js'

/*
 * One message's cost, by hand (docs/platform.md §6.2, India: marketing US$0.0118, utility and
 * authentication US$0.0014, authentication-international US$0.0304). The provider charges
 * US$0.002 per outbound message and US$0.001 for a failed one.
 */
const PROVIDER: ProviderFeeModel = {
  ...DIRECT,
  id: 'test-bsp',
  messageFees: [{ direction: 'outbound', categories: 'all', amount: { kind: 'flat', micros: 2_000 } }],
  failedMessageFee: 1_000,
}
const basis: CostBasis = { rateCards: () => DEFAULT_RATE_CARDS, feeModel: () => PROVIDER }
const SEPT_2026 = Date.UTC(2026, 8, 10)
const NOV_2026 = Date.UTC(2026, 10, 10)
const subject = (over: Partial<CostSubject> = {}): CostSubject => ({
  direction: 'outbound', at: NOV_2026, senderId: 'school', provider: 'meta', account: 'meta', market: 'IN', category: 'utility', window: 'closed', ...over,
})

describe('the cost of one message', () => {
  it('estimates a template outside the window at the card price plus the provider fee', () => {
    expect(estimateMessageCost(subject(), basis)).toEqual({ platformMicros: 1_400, providerMicros: 2_000, currency: 'USD', category: 'utility', reason: 'charged', window: 'closed', cardId: 'meta-pmp-2026-10' })
  })

  it('estimates an in-window utility template free before 1 Oct 2026 and charged after', () => {
    expect(estimateMessageCost(subject({ at: SEPT_2026, window: 'open' }), basis)).toMatchObject({ platformMicros: 0, reason: 'free_in_window', cardId: 'meta-pmp-2025-07' })
    expect(estimateMessageCost(subject({ window: 'open' }), basis)).toMatchObject({ platformMicros: 1_400, reason: 'charged' })
  })

  it('estimates a free-form message to a closed window as failed: the platform refuses it', () => {
    expect(estimateMessageCost(subject({ category: 'service' }), basis)).toMatchObject({ platformMicros: 0, providerMicros: 1_000, reason: 'failed' })
  })

  it("prices the final in the platform's category, with its spelling of authentication-international", () => {
    const final = finalMessageCost(subject(), { kind: 'priced', pricing: { category: 'marketing', type: 'regular', billable: true } }, basis)
    expect(final).toMatchObject({ platformMicros: 11_800, providerMicros: 2_000, category: 'marketing', reason: 'charged' })
    expect(costsDiffer(estimateMessageCost(subject(), basis), final)).toBe(true)
    const international = finalMessageCost(subject({ category: 'authentication' }), { kind: 'priced', pricing: { category: 'authentication-international', type: 'regular' } }, basis)
    expect(international).toMatchObject({ platformMicros: 30_400, category: 'authentication_international' })
  })

  it('lets the platform say what was free: a free type, billable false, a free entry point', () => {
    const regularInWindow = finalMessageCost(subject({ at: SEPT_2026, window: 'open' }), { kind: 'priced', pricing: { category: 'utility', type: 'regular' } }, basis)
    expect(regularInWindow).toMatchObject({ platformMicros: 1_400, reason: 'charged' })
    expect(finalMessageCost(subject(), { kind: 'priced', pricing: { category: 'utility', type: 'free_customer_service', billable: false } }, basis)).toMatchObject({ platformMicros: 0, reason: 'free_in_window' })
    expect(finalMessageCost(subject(), { kind: 'priced', pricing: { category: 'utility', billable: false } }, basis)).toMatchObject({ platformMicros: 0, reason: 'not_billable', providerMicros: 2_000 })
    expect(finalMessageCost(subject(), { kind: 'priced', pricing: { category: 'referral_conversion', billable: false } }, basis)).toMatchObject({ platformMicros: 0, reason: 'free_entry_point', category: 'utility' })
  })

  it('applies the card to the window Parley saw when the platform gives no type', () => {
    expect(finalMessageCost(subject({ at: SEPT_2026, window: 'open' }), { kind: 'priced', pricing: { category: 'utility' } }, basis)).toMatchObject({ platformMicros: 0, reason: 'free_in_window' })
  })

  it('ends a failed message at the provider\'s failed-message fee', () => {
    expect(finalMessageCost(subject(), { kind: 'failed' }, basis)).toEqual({ platformMicros: 0, providerMicros: 1_000, currency: 'USD', category: 'utility', reason: 'failed', window: 'closed', cardId: 'meta-pmp-2026-10' })
  })

  it('prices an inbound message at the provider fees that apply to it, none here', () => {
    expect(estimateMessageCost(subject({ direction: 'inbound', category: 'service', window: 'open' }), basis)).toMatchObject({ platformMicros: 0, providerMicros: 0, reason: 'inbound', cardId: null })
  })
})
