import { budgetRefusal, chargeStanding, type BudgetRefusal, type BudgetStanding } from './budget-check.js'
import type { MessageCost } from './message-cost.js'
import type { Instant } from '../shared/time.js'

/** What sends read for their hard stops (README "Budgets"); absent from a use case's deps, nothing is refused for money. */
export interface BudgetGate {
  /** The hard-stopped budgets and this month's spend on them, read once per batch; null when none stops. */
  standing(now: Instant): Promise<BudgetStanding | null>
  senderNumber(senderId: string): string | null
}

/**
 * Whether an estimated send passes the batch's hard stops: refused (nothing changes), or counted
 * into the standing so the rest of the batch sees it.
 */
export function passBudget(gate: BudgetGate | undefined, standing: BudgetStanding | null, senderId: string, cost: MessageCost | null | undefined): BudgetRefusal | null {
  if (!gate || !standing || !cost) return null
  const send = { category: cost.category, senderNumber: gate.senderNumber(senderId), micros: cost.platformMicros + cost.providerMicros, currency: cost.currency }
  const refusal = budgetRefusal(standing, send)
  if (!refusal) chargeStanding(standing, send)
  return refusal
}
