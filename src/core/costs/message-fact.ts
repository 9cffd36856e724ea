import type { Instant } from '../shared/time.js'
import type { RateCategory } from './rate-card.js'

/** Where a message stands with the customer-service window when it is delivered (docs/platform.md §4.1). */
export type WindowState = 'closed' | 'open' | 'free_entry_point'

/** What the cost engine needs to know about one message, outbound or inbound. */
export interface MessageFact {
  id: string
  direction: 'outbound' | 'inbound'
  /** When it was delivered (outbound) or received (inbound): picks the card and the billing month. */
  at: Instant
  /** The business phone number that sent or received it: free allowances and subscriptions are per number. */
  number: string
  /** ISO country of the user's number (see `billingMarket`); null prices as `other`. */
  market: string | null
  /** The platform's category (its `pricing.category` wins once known); `service` for a non-template message. */
  category: RateCategory
  window: WindowState
  /** Pending messages are priced as if delivered (an estimate); failed ones cost only a provider's failed-message fee. */
  outcome: 'delivered' | 'failed' | 'pending'
  /** The platform's `pricing.billable`, once known: false makes the platform charge 0 whatever the card says. */
  billable?: boolean
}

/** The UTC calendar month of an instant, `YYYY-MM`: the period allowances, tiers and subscriptions count in. */
export function billingMonth(at: Instant): string {
  return new Date(at).toISOString().slice(0, 7)
}

/** The first instant of the UTC calendar month of `at`: where a month's allowances and tiers start counting. */
export function billingMonthStart(at: Instant): Instant {
  const d = new Date(at)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}
