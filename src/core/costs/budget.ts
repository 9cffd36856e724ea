import type { CostCategory } from './message-cost.js'

/**
 * A monthly spending limit (issue 12 item 6): on one rate category (or SMS) across every sender, or
 * on one business number across every category. `hardStop` refuses marketing sends that would pass it;
 * nothing else is ever refused for money (a reply or an authentication code must still go).
 */
export type Budget =
  | { scope: 'category'; category: CostCategory; amountMicros: number; hardStop: boolean }
  | { scope: 'sender'; sender: string; amountMicros: number; hardStop: boolean }

/** Every budget, in one currency: the spend of messages priced in another counts towards none. */
export interface BudgetDocument {
  currency: string
  budgets: readonly Budget[]
}

/** The document kept in the store, with the version each replacement increments. */
export interface StoredBudgets {
  document: BudgetDocument
  version: number
  updatedAt: number
}

export const NO_BUDGETS: BudgetDocument = Object.freeze({ currency: 'USD', budgets: [] })

/** The key a budget's spend is kept under: `category:marketing`, `sender:+5511…`. */
export type ScopeKey = string

export function scopeKey(budget: Budget): ScopeKey {
  return budget.scope === 'category' ? categoryScope(budget.category) : senderScope(budget.sender)
}

export const categoryScope = (category: CostCategory): ScopeKey => `category:${category}`
export const senderScope = (number: string): ScopeKey => `sender:${number}`

/** The scopes one message's cost counts towards: its category (`sms` for an SMS), and its business number when known. */
export function scopesOf(category: CostCategory, senderNumber: string | null): ScopeKey[] {
  return senderNumber ? [categoryScope(category), senderScope(senderNumber)] : [categoryScope(category)]
}

/** The calendar month `YYYY-MM` of an instant, in UTC as `billingMonthStart` counts months. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7)
}

/** Where the budget document and each month's spend are kept (src/store/cost-budget-store.ts). */
export interface BudgetStore {
  read(): Promise<StoredBudgets | null>
  /** Replaces the document (the version goes up by one). */
  save(document: BudgetDocument, now: number): Promise<StoredBudgets>
  /** The month's spend in `currency` of each scope asked for (absent: nothing spent). */
  spent(month: string, currency: string, scopes: readonly ScopeKey[]): Promise<Map<ScopeKey, number>>
}
