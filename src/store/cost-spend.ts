import { sql } from 'kysely'
import { thresholdsReached } from '../core/costs/budget-check.js'
import { monthOf, scopeKey, scopesOf, type ScopeKey } from '../core/costs/budget.js'
import { budgetsFromValue } from '../core/costs/budget-file.js'
import type { CostCategory, MessageCost } from '../core/costs/message-cost.js'
import type { CostBudgetThreshold } from '../core/events/domain-event.js'
import type { Instant } from '../core/shared/time.js'
import type { Trx } from './transaction.js'

/** The one row of `cost_budgets` (migration 0030). */
export const BUDGETS_ROW = 'current'

/**
 * What spend accounting needs beyond the rows: each sender's business number (budgets name
 * numbers, messages their sender's id), and, in a long-lived process, the alerts it has seen exist
 * already (so a budget past 80 % costs no statement per batch to find that out again).
 */
export interface SpendAccounting {
  senderNumber(senderId: string): string | null
  alerted?: Set<string>
}

/** For stores used on their own: spend per category only, nothing remembered. */
export const CATEGORY_SPEND: SpendAccounting = { senderNumber: () => null }

/** A change of one message's spend: its estimate when stored, final − estimate when the final arrives. */
export interface SpendChange {
  /** When the message was created: the month its spend belongs to. */
  at: Instant
  senderId: string
  category: CostCategory
  currency: string
  micros: number
}

/** A message cost's total (platform and provider) as a change of spend. */
export function spendOf(at: Instant, senderId: string, cost: MessageCost, sign: 1 | -1 = 1): SpendChange {
  return { at, senderId, category: cost.category, currency: cost.currency, micros: sign * (cost.platformMicros + cost.providerMicros) }
}

/**
 * Adds the changes to each month's spend per scope, one upsert per (month, scope, currency) of the
 * batch, in key order (two batches lock the rows in the same order: no deadlock), and records the
 * budget thresholds they take the spend to. An alert row is inserted once per month, scope and
 * threshold, whichever transaction gets there first; only the one that inserted it reports it.
 */
export async function accrueSpend(trx: Trx, accounting: SpendAccounting, changes: readonly SpendChange[], now: Instant): Promise<CostBudgetThreshold[]> {
  const totals = new Map<string, { month: string; scope: ScopeKey; currency: string; micros: number }>()
  for (const c of changes) {
    if (c.micros === 0) continue
    const month = monthOf(c.at)
    for (const scope of scopesOf(c.category, accounting.senderNumber(c.senderId))) {
      const key = `${month} ${scope} ${c.currency}`
      const total = totals.get(key) ?? { month, scope, currency: c.currency, micros: 0 }
      total.micros += c.micros
      totals.set(key, total)
    }
  }
  if (totals.size === 0) return []
  const after = new Map<string, number>()
  for (const key of [...totals.keys()].sort()) {
    const t = totals.get(key)!
    if (t.micros === 0) continue
    const row = await trx
      .insertInto('cost_spend')
      .values({ month: t.month, scope: t.scope, currency: t.currency, micros: t.micros })
      .onConflict((oc) => oc.columns(['month', 'scope', 'currency']).doUpdateSet({ micros: sql<number>`cost_spend.micros + excluded.micros` }))
      .returning('micros')
      .executeTakeFirstOrThrow()
    after.set(key, Number(row.micros))
  }
  if (after.size === 0) return []
  return alertsFor(trx, accounting, totals, after, now)
}

async function alertsFor(
  trx: Trx,
  accounting: SpendAccounting,
  totals: Map<string, { month: string; scope: ScopeKey; currency: string; micros: number }>,
  after: Map<string, number>,
  now: Instant,
): Promise<CostBudgetThreshold[]> {
  const row = await trx.selectFrom('cost_budgets').select('document').where('id', '=', BUDGETS_ROW).executeTakeFirst()
  if (!row) return []
  const parsed = budgetsFromValue(JSON.parse(row.document))
  if (!parsed.ok) return []
  const { currency, budgets } = parsed.value
  const alerts: CostBudgetThreshold[] = []
  for (const budget of budgets) {
    const scope = scopeKey(budget)
    for (const t of totals.values()) {
      // A correction downwards reaches nothing new.
      if (t.scope !== scope || t.currency !== currency || t.micros <= 0) continue
      const spent = after.get(`${t.month} ${t.scope} ${t.currency}`)!
      for (const threshold of thresholdsReached(spent, budget.amountMicros)) {
        const known = `${t.month} ${scope} ${threshold}`
        if (accounting.alerted?.has(known)) continue
        const inserted = await trx
          .insertInto('cost_budget_alerts')
          .values({ month: t.month, scope, threshold, spent_micros: spent, amount_micros: budget.amountMicros, created_at: now })
          .onConflict((oc) => oc.columns(['month', 'scope', 'threshold']).doNothing())
          .returning('threshold')
          .executeTakeFirst()
        if (inserted) alerts.push({ type: 'cost.budget_threshold', month: t.month, scope, threshold, spentMicros: spent, amountMicros: budget.amountMicros, currency, at: now })
        // Remembered only when another transaction's row was found: ours could still roll back.
        else accounting.alerted?.add(known)
      }
    }
  }
  return alerts
}
