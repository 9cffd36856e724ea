import type { TemplateCategory } from './templates.js'

/**
 * The `pricing` object of status webhooks (docs/platform.md §2.5) under per-message pricing (§6.1,
 * from 1 Jul 2025): marketing and authentication always `regular`; utility templates free
 * (`free_customer_service`) inside the customer service window and `regular` outside; free-form
 * messages (only possible inside the window) are `service` / `free_customer_service`.
 *
 * Why not the reported 1 Oct 2026 change (free-form and in-window utility become metered after
 * 1,000 a month)? Meta's page for it was not read, the `pricing.type`/`category` values it would
 * produce are unknown (§10), and the allowance needs payment-method state the sandbox does not
 * model. The PMP-2025 values are the last ones confirmed in real webhooks, and a gateway that takes
 * `type` + `category` as authoritative handles both eras. Change it here when the values are known.
 */

export type PricingCategory = TemplateCategory | 'service'
export type PricingType = 'regular' | 'free_customer_service'

export interface Pricing {
  readonly billable: boolean
  readonly pricing_model: 'PMP'
  readonly type: PricingType
  readonly category: PricingCategory
}

function pricing(category: PricingCategory, type: PricingType): Pricing {
  // `billable` is deprecated but still sent; it mirrors whether the message is charged.
  return Object.freeze({ billable: type === 'regular', pricing_model: 'PMP', type, category })
}

// Shared frozen objects: every status of the same kind carries the same pricing, no allocation.
const SERVICE = pricing('service', 'free_customer_service')
const UTILITY_FREE = pricing('utility', 'free_customer_service')
const UTILITY = pricing('utility', 'regular')
const MARKETING = pricing('marketing', 'regular')
const AUTHENTICATION = pricing('authentication', 'regular')

/** Pricing for a message: `template` is its category, or null for free-form. */
export function pricingFor(template: TemplateCategory | null, windowOpen: boolean): Pricing {
  switch (template) {
    case null:
      return SERVICE
    case 'utility':
      return windowOpen ? UTILITY_FREE : UTILITY
    case 'marketing':
      return MARKETING
    case 'authentication':
      return AUTHENTICATION
  }
}
