import { afterEach, expect, it } from 'vitest'
import type { CostBudgetThreshold } from '../../src/core/events/domain-event.js'
import { budgetsFromValue } from '../../src/core/costs/budget-file.js'
import { createCostBudgetStore } from '../../src/store/cost-budget-store.js'
import { accrueSpend, type SpendAccounting, type SpendChange } from '../../src/store/cost-spend.js'
import { inTransaction } from '../../src/store/transaction.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const NUMBER = '+5511987650000'
const NOV = Date.parse('2026-11-20T12:00:00Z')
const DEC = Date.parse('2026-12-02T12:00:00Z')

/** Two processes: each with its own memory of the alerts it saw. */
const oneProcess = (): SpendAccounting => ({ senderNumber: (id) => (id === 'school' ? NUMBER : null), alerted: new Set() })
const change = (at: number, category: SpendChange['category'], micros: number, senderId = 'school', currency = 'USD'): SpendChange => ({ at, senderId, category, currency, micros })

describeEachDatabase('cost spend', (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  async function setBudgets(value: unknown) {
    const parsed = budgetsFromValue(value)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    await createCostBudgetStore(t!.database).save(parsed.value, NOV)
  }
  const accrue = (p: SpendAccounting, changes: SpendChange[], now = DEC) => inTransaction(t!.database, (trx) => accrueSpend(trx, p, changes, now))

  it('keeps each month apart, per category and per number, in each currency, moved by corrections either way', async () => {
    t = await openTestDatabase(dialect)
    const p = oneProcess()
    await accrue(p, [change(NOV, 'utility', 6_800), change(NOV, 'marketing', 62_500), change(DEC, 'utility', 6_800), change(DEC, 'utility', 6_800, 'other'), change(DEC, 'utility', 9_000, 'school', 'EUR')])
    // A final billed as marketing what was estimated as utility (November's message, corrected in December).
    await accrue(p, [change(NOV, 'utility', -6_800), change(NOV, 'marketing', 62_500)])
    const store = createCostBudgetStore(t.database)
    const scopes = ['category:utility', 'category:marketing', `sender:${NUMBER}`]
    expect(Object.fromEntries(await store.spent('2026-11', 'USD', scopes))).toEqual({ 'category:utility': 0, 'category:marketing': 125_000, [`sender:${NUMBER}`]: 125_000 })
    expect(Object.fromEntries(await store.spent('2026-12', 'USD', scopes))).toEqual({ 'category:utility': 13_600, [`sender:${NUMBER}`]: 6_800 })
    expect(Object.fromEntries(await store.spent('2026-12', 'EUR', scopes))).toEqual({ 'category:utility': 9_000, [`sender:${NUMBER}`]: 9_000 })
  })

  it("alerts each threshold of a sender's budget once, from two processes at once, and not for spend in another currency", async () => {
    t = await openTestDatabase(dialect)
    await setBudgets({ currency: 'USD', budgets: [{ scope: 'sender', sender: NUMBER, amount: 0.1 }] })
    const [a, b] = [oneProcess(), oneProcess()]
    expect(await accrue(a, [change(DEC, 'marketing', 500_000, 'school', 'EUR')])).toEqual([])
    const first = await Promise.all([accrue(a, [change(DEC, 'utility', 40_000)]), accrue(b, [change(DEC, 'utility', 40_000)])])
    expect(first.flat()).toEqual([expect.objectContaining<Partial<CostBudgetThreshold>>({ type: 'cost.budget_threshold', month: '2026-12', scope: `sender:${NUMBER}`, threshold: 80, spentMicros: 80_000, amountMicros: 100_000, currency: 'USD' })])
    const second = await Promise.all([accrue(a, [change(DEC, 'marketing', 10_000)]), accrue(b, [change(DEC, 'marketing', 10_000)])])
    expect(second.flat().map((e) => e.threshold)).toEqual([100])
    // A downward correction and later spend alert nothing more this month; next month starts again.
    expect(await accrue(a, [change(DEC, 'marketing', -50_000)])).toEqual([])
    expect(await accrue(b, [change(DEC, 'marketing', 90_000)])).toEqual([])
    const january = Date.parse('2027-01-03T00:00:00Z')
    expect((await accrue(a, [change(january, 'utility', 100_000)], january)).map((e) => [e.month, e.threshold])).toEqual([['2027-01', 80], ['2027-01', 100]])
  })

  it('alerts a budget set below what the month already spent at its next spend', async () => {
    t = await openTestDatabase(dialect)
    const p = oneProcess()
    await accrue(p, [change(DEC, 'utility', 90_000)])
    await setBudgets({ currency: 'USD', budgets: [{ scope: 'category', category: 'utility', amount: 0.1 }] })
    expect((await accrue(p, [change(DEC, 'utility', 1)])).map((e) => e.threshold)).toEqual([80])
  })
})
