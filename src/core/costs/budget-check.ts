import type { ItemError } from '../errors.js'
import { scopeKey, scopesOf, type Budget, type BudgetDocument, type ScopeKey } from './budget.js'
import type { CostCategory } from './message-cost.js'

/** The shares of a budget that alert, in percent: each once per month and budget. */
export const THRESHOLDS = [80, 100] as const
export type Threshold = (typeof THRESHOLDS)[number]

/** How much of a budget is used, as a ratio (1 = all of it). */
export function usedRatio(spentMicros: number, amountMicros: number): number {
  return amountMicros > 0 ? spentMicros / amountMicros : 0
}

/** Whether a spend reaches a threshold of an amount, compared in integers (no float rounding at exactly 80 %). */
const reaches = (spentMicros: number, amountMicros: number, threshold: Threshold) => spentMicros * 100 >= amountMicros * threshold

/** The thresholds a change of spend from `before` to `after` crosses upwards (a correction downwards crosses none). */
export function thresholdsCrossed(beforeMicros: number, afterMicros: number, amountMicros: number): Threshold[] {
  return THRESHOLDS.filter((t) => !reaches(beforeMicros, amountMicros, t) && reaches(afterMicros, amountMicros, t))
}

/** The thresholds a spend has reached: those a budget set below the month's spend alerts at its next change. */
export function thresholdsReached(spentMicros: number, amountMicros: number): Threshold[] {
  return THRESHOLDS.filter((t) => reaches(spentMicros, amountMicros, t))
}

/** The hard-stopped budgets and what this month spent against them, as one batch of sends sees it. */
export interface BudgetStanding {
  document: BudgetDocument
  /** Scope → micro-units spent this month in the document's currency (sends accepted in the batch are added). */
  spent: Map<ScopeKey, number>
}

/** What a marketing send would cost, and where it goes from. */
export interface BudgetedSend {
  category: CostCategory
  senderNumber: string | null
  micros: number
  currency: string
}

/** Why a send is refused: the budget it would take past its amount. */
export interface BudgetRefusal {
  scope: ScopeKey
  spentMicros: number
  amountMicros: number
  estimateMicros: number
  currency: string
}

function stops(budget: Budget, send: BudgetedSend): boolean {
  if (!budget.hardStop) return false
  return budget.scope === 'category' ? budget.category === send.category : budget.sender === send.senderNumber
}

/** The scopes whose spend a batch needs to read for its hard stops; none when no budget stops anything. */
export function hardStopScopes(document: BudgetDocument): ScopeKey[] {
  return document.budgets.filter((b) => b.hardStop).map(scopeKey)
}

/**
 * Whether a send is refused: only marketing is ever stopped, by a hard-stopped budget on marketing
 * or on its number, when its estimate would take that budget's month past 100 %.
 */
export function budgetRefusal(standing: BudgetStanding, send: BudgetedSend): BudgetRefusal | null {
  if (send.category !== 'marketing' || send.currency !== standing.document.currency) return null
  for (const budget of standing.document.budgets) {
    if (!stops(budget, send)) continue
    const scope = scopeKey(budget)
    const spentMicros = standing.spent.get(scope) ?? 0
    if (spentMicros + send.micros > budget.amountMicros) return { scope, spentMicros, amountMicros: budget.amountMicros, estimateMicros: send.micros, currency: send.currency }
  }
  return null
}

/** Counts an accepted send into the standing, so that the rest of its batch cannot pass the budget together. */
export function chargeStanding(standing: BudgetStanding, send: BudgetedSend): void {
  if (send.currency !== standing.document.currency) return
  for (const scope of scopesOf(send.category, send.senderNumber)) standing.spent.set(scope, (standing.spent.get(scope) ?? 0) + send.micros)
}

/** The refusal as the API's `budget_exhausted` (per item in a batch; 422 for one send). */
export function budgetExhausted(refusal: BudgetRefusal): ItemError {
  return {
    code: 'budget_exhausted',
    message: `The monthly budget ${refusal.scope} is exhausted: ${refusal.spentMicros} of ${refusal.amountMicros} micro-${refusal.currency} spent, and this marketing send is estimated at ${refusal.estimateMicros}.`,
    details: { scope: refusal.scope, spent_micros: refusal.spentMicros, amount_micros: refusal.amountMicros, estimate_micros: refusal.estimateMicros, currency: refusal.currency },
  }
}
