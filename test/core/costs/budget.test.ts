import { describe, expect, it } from 'vitest'
import { budgetRefusal, chargeStanding, thresholdsCrossed, thresholdsReached, type BudgetStanding } from '../../../src/core/costs/budget-check.js'
import { budgetsFromValue, budgetsToValue, parseBudgetsYaml } from '../../../src/core/costs/budget-file.js'
import type { BudgetDocument } from '../../../src/core/costs/budget.js'

const SENDER = '+5511987650000'

const YAML = `
currency: USD
budgets:
  - { scope: category, category: marketing, amount: 50, hard_stop: true }
  - { scope: category, category: utility, amount: "20.5" }
  - { scope: sender, sender: "${SENDER}", amount: 0.0625, hard_stop: true }
`

function document(): BudgetDocument {
  const parsed = parseBudgetsYaml(YAML)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.value
}

describe('the budgets file', () => {
  it('reads amounts as exact micro-units and hard stops as written, and reads its own file form back the same', () => {
    const doc = document()
    expect(doc).toEqual({
      currency: 'USD',
      budgets: [
        { scope: 'category', category: 'marketing', amountMicros: 50_000_000, hardStop: true },
        { scope: 'category', category: 'utility', amountMicros: 20_500_000, hardStop: false },
        { scope: 'sender', sender: SENDER, amountMicros: 62_500, hardStop: true },
      ],
    })
    expect(budgetsFromValue(budgetsToValue(doc))).toEqual({ ok: true, value: doc })
  })

  it('names every mistake: a hard stop off marketing, a zero or finer-than-micro amount, a bad number, a budget given twice', () => {
    const result = budgetsFromValue({
      currency: 'USD',
      budgets: [
        { scope: 'category', category: 'service', amount: 5, hard_stop: true },
        { scope: 'category', category: 'utility', amount: 0 },
        { scope: 'category', category: 'authentication', amount: 0.0000001 },
        { scope: 'sender', sender: '5511987650000', amount: 1 },
      ],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => e.path).sort()).toEqual(['budgets.0.hard_stop', 'budgets.1.amount', 'budgets.2.amount', 'budgets.3.sender'])
    expect(result.errors.find((e) => e.path === 'budgets.0.hard_stop')!.message).toMatch(/marketing only/)
    // SMS can have a budget of its own, never a hard stop.
    expect(budgetsFromValue({ currency: 'USD', budgets: [{ scope: 'category', category: 'sms', amount: 20 }] })).toMatchObject({ ok: true, value: { budgets: [{ category: 'sms', amountMicros: 20_000_000 }] } })
    expect(budgetsFromValue({ currency: 'USD', budgets: [{ scope: 'category', category: 'sms', amount: 20, hard_stop: true }] })).toMatchObject({ ok: false, errors: [{ path: 'budgets.0.hard_stop' }] })
    const twice = budgetsFromValue({ currency: 'USD', budgets: [{ scope: 'category', category: 'utility', amount: 1 }, { scope: 'category', category: 'utility', amount: 2 }] })
    expect(twice).toMatchObject({ ok: false, errors: [{ path: 'budgets.1', message: expect.stringMatching(/second budget for category:utility/) }] })
  })
})

describe('thresholds', () => {
  it('are crossed once, upwards, at exactly 80 % and 100 % in integers', () => {
    expect(thresholdsCrossed(0, 79_999, 100_000)).toEqual([])
    expect(thresholdsCrossed(79_999, 80_000, 100_000)).toEqual([80])
    expect(thresholdsCrossed(70_000, 120_000, 100_000)).toEqual([80, 100])
    expect(thresholdsCrossed(80_000, 99_999, 100_000)).toEqual([])
    expect(thresholdsCrossed(120_000, 90_000, 100_000)).toEqual([])
    expect(thresholdsReached(100_000, 100_000)).toEqual([80, 100])
    // 0.068 × 0.8 is not 0.0544 in floating point; in micro-units it is.
    expect(thresholdsCrossed(47_600, 54_400, 68_000)).toEqual([80])
  })
})

describe('the hard stop', () => {
  const standing = (spent: Record<string, number>): BudgetStanding => ({ document: document(), spent: new Map(Object.entries(spent)) })
  const send = (category: 'marketing' | 'utility', micros: number, senderNumber: string | null = '+5511000000000') => ({ category, senderNumber, micros, currency: 'USD' })

  it('refuses marketing that would pass a hard-stopped budget, never anything else', () => {
    expect(budgetRefusal(standing({ 'category:marketing': 49_950_000 }), send('marketing', 62_500))).toEqual({
      scope: 'category:marketing',
      spentMicros: 49_950_000,
      amountMicros: 50_000_000,
      estimateMicros: 62_500,
      currency: 'USD',
    })
    expect(budgetRefusal(standing({ 'category:marketing': 49_937_500 }), send('marketing', 62_500))).toBeNull()
    // Utility is over its budget, which has no hard stop (and could not have one).
    expect(budgetRefusal(standing({ 'category:utility': 99_000_000 }), send('utility', 6_800))).toBeNull()
  })

  it("stops a sender's marketing at its own budget, not its utility", () => {
    const s = standing({ [`sender:${SENDER}`]: 10_000 })
    expect(budgetRefusal(s, send('marketing', 62_500, SENDER))).toMatchObject({ scope: `sender:${SENDER}` })
    expect(budgetRefusal(s, send('utility', 6_800, SENDER))).toBeNull()
    expect(budgetRefusal(s, send('marketing', 62_500, '+5511999999999'))).toBeNull()
  })

  it('counts the sends a batch accepts, so the batch cannot pass the budget together', () => {
    const s = standing({ 'category:marketing': 49_875_000 })
    expect(budgetRefusal(s, send('marketing', 62_500))).toBeNull()
    chargeStanding(s, send('marketing', 62_500))
    expect(budgetRefusal(s, send('marketing', 62_500))).toBeNull()
    chargeStanding(s, send('marketing', 62_500))
    expect(budgetRefusal(s, send('marketing', 62_500))).toMatchObject({ spentMicros: 50_000_000 })
  })
})
