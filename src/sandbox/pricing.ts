import type { TemplateCategory } from './templates.js'

/**
 * The `pricing` object of status webhooks (docs/platform.md §2.5), by the dated rules of §6.1:
 *
 * - from 1 Jul 2025 (per-message pricing): marketing and authentication templates always `regular`;
 *   utility templates `free_customer_service` inside the customer-service window, `regular` outside;
 *   free-form messages (only possible inside the window) `service` / `free_customer_service`.
 * - from 1 Oct 2026: in-window messages are metered. A utility template in the window is `regular`;
 *   the first 1,000 free-form messages per business number per calendar month (UTC) stay
 *   `free_customer_service`, the later ones are `regular` (charged at the utility rate).
 *
 * §10: Meta may add new `type`/`category` values for the 2026 rules; none is known, so the sandbox
 * uses the ones it has (`regular` for charged, `free_customer_service` for the free allowance). The
 * payment-method case of §6.1 (the 1,001st left undelivered without one) is not modelled: the
 * sandbox's numbers have a payment method. Free entry points are not modelled either.
 */

export type PricingCategory = TemplateCategory | 'service'
export type PricingType = 'regular' | 'free_customer_service'

export interface Pricing {
  readonly billable: boolean
  readonly pricing_model: 'PMP'
  readonly type: PricingType
  readonly category: PricingCategory
}

/** When in-window messages became metered (§6.1). */
export const IN_WINDOW_METERED_FROM = Date.UTC(2026, 9, 1)
/** Free-form messages per business number per month that stay free from then (§6.1). */
export const FREE_SERVICE_PER_NUMBER_PER_MONTH = 1000

function pricing(category: PricingCategory, type: PricingType): Pricing {
  // `billable` is deprecated but still sent; it mirrors whether the message is charged.
  return Object.freeze({ billable: type === 'regular', pricing_model: 'PMP', type, category })
}

// Shared frozen objects: every status of the same kind carries the same pricing, no allocation.
const SERVICE_FREE = pricing('service', 'free_customer_service')
const SERVICE = pricing('service', 'regular')
const UTILITY_FREE = pricing('utility', 'free_customer_service')
const UTILITY = pricing('utility', 'regular')
const MARKETING = pricing('marketing', 'regular')
const AUTHENTICATION = pricing('authentication', 'regular')

/**
 * Pricing for a message sent at `at`: `template` is its category, or null for free-form;
 * `freeServiceUsed` is how many free-form messages this number already had free this month.
 */
export function pricingFor(template: TemplateCategory | null, windowOpen: boolean, at: number, freeServiceUsed: number): Pricing {
  const metered = at >= IN_WINDOW_METERED_FROM
  switch (template) {
    case null:
      return metered && freeServiceUsed >= FREE_SERVICE_PER_NUMBER_PER_MONTH ? SERVICE : SERVICE_FREE
    case 'utility':
      return windowOpen && !metered ? UTILITY_FREE : UTILITY
    case 'marketing':
      return MARKETING
    case 'authentication':
      return AUTHENTICATION
  }
}

/** Counts each business number's free-form messages per calendar month (UTC), for the allowance of 1 Oct 2026. */
export class ServiceAllowance {
  private readonly used = new Map<string, number>()

  /** How many this number had this month before this one; counts this one. */
  take(numberId: string, at: number): number {
    const key = `${numberId} ${new Date(at).toISOString().slice(0, 7)}`
    const before = this.used.get(key) ?? 0
    this.used.set(key, before + 1)
    return before
  }

  clear(): void {
    this.used.clear()
  }
}
