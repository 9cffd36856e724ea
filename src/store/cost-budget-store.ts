import type { BudgetStore, StoredBudgets } from '../core/costs/budget.js'
import { budgetsFromValue, budgetsToValue } from '../core/costs/budget-file.js'
import { BUDGETS_ROW } from './cost-spend.js'
import type { Database } from './dialect.js'

/** The BudgetStore port over Kysely (migration 0030). A kept document is validated again when read, like a file. */
export function createCostBudgetStore(database: Database): BudgetStore {
  const { db } = database
  return {
    async read() {
      const row = await db.selectFrom('cost_budgets').select(['document', 'version', 'updated_at']).where('id', '=', BUDGETS_ROW).executeTakeFirst()
      if (!row) return null
      const parsed = budgetsFromValue(JSON.parse(row.document))
      return parsed.ok ? { document: parsed.value, version: Number(row.version), updatedAt: Number(row.updated_at) } : null
    },
    async save(document, now): Promise<StoredBudgets> {
      const body = JSON.stringify(budgetsToValue(document))
      const row = await db
        .insertInto('cost_budgets')
        .values({ id: BUDGETS_ROW, document: body, version: 1, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ document: body, version: eb(eb.ref('cost_budgets.version'), '+', 1), updated_at: now })))
        .returning(['version', 'updated_at'])
        .executeTakeFirstOrThrow()
      return { document, version: Number(row.version), updatedAt: Number(row.updated_at) }
    },
    async spent(month, currency, scopes) {
      const spent = new Map<string, number>()
      if (scopes.length === 0) return spent
      const rows = await db
        .selectFrom('cost_spend')
        .select(['scope', 'micros'])
        .where('month', '=', month)
        .where('currency', '=', currency)
        .where('scope', 'in', [...new Set(scopes)])
        .execute()
      for (const row of rows) spent.set(row.scope, Number(row.micros))
      return spent
    },
  }
}
