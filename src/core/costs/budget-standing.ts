import { hardStopScopes, usedRatio, type BudgetStanding } from './budget-check.js'
import { monthOf, scopeKey, type Budget, type BudgetStore, type ScopeKey, type StoredBudgets } from './budget.js'
import type { Instant } from '../shared/time.js'

/** What sends check their marketing against: the hard-stopped budgets and this month's spend on them; null when nothing stops. */
export async function budgetStanding(store: BudgetStore, now: Instant): Promise<BudgetStanding | null> {
  const stored = await store.read()
  if (!stored) return null
  const scopes = hardStopScopes(stored.document)
  if (scopes.length === 0) return null
  return { document: stored.document, spent: await store.spent(monthOf(now), stored.document.currency, scopes) }
}

/** One budget as the month stands. */
export interface BudgetUse {
  budget: Budget
  scope: ScopeKey
  spentMicros: number
  usedRatio: number
}

export interface BudgetReport {
  month: string
  stored: StoredBudgets | null
  uses: BudgetUse[]
}

/** Each budget with this month's spend against it (`GET /v1/costs/budgets`, `parley cost budgets list`, the used-ratio gauge). */
export async function budgetReport(store: BudgetStore, now: Instant): Promise<BudgetReport> {
  const month = monthOf(now)
  const stored = await store.read()
  if (!stored) return { month, stored: null, uses: [] }
  const spent = await store.spent(month, stored.document.currency, stored.document.budgets.map(scopeKey))
  const uses = stored.document.budgets.map((budget): BudgetUse => {
    const scope = scopeKey(budget)
    const spentMicros = spent.get(scope) ?? 0
    return { budget, scope, spentMicros, usedRatio: usedRatio(spentMicros, budget.amountMicros) }
  })
  return { month, stored, uses }
}
