import type { BudgetStore } from './budget.js'
import { budgetsFromValue, parseBudgetsYaml } from './budget-file.js'
import { budgetReport, type BudgetReport } from './budget-standing.js'
import type { CostFileError } from './decimal.js'

/** The document as it came: a file's YAML (or JSON) text, or an already-parsed value (a JSON body). */
export type BudgetInput = { format: 'yaml'; text: string } | { format: 'value'; value: unknown }

export type SetBudgetsResult = { ok: true; report: BudgetReport } | { ok: false; issues: CostFileError[] }

/** Replaces the budget document (`PUT /v1/costs/budgets`, `parley cost budgets set`); an invalid one changes nothing. */
export async function setBudgets(store: BudgetStore, input: BudgetInput, now: number): Promise<SetBudgetsResult> {
  const parsed = input.format === 'yaml' ? parseBudgetsYaml(input.text) : budgetsFromValue(input.value)
  if (!parsed.ok) return { ok: false, issues: parsed.errors }
  await store.save(parsed.value, now)
  return { ok: true, report: await budgetReport(store, now) }
}
