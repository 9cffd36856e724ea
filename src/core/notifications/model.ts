import type { E164 } from '../contacts/phone.js'
import type { Instant } from '../shared/time.js'

/**
 * The vocabulary of event-triggered notifications (issue 5): what Parley knows about a contact
 * when it decides whether, when and how to message them. Pure data; the store fills it.
 */
export type NotificationCategory = 'utility' | 'marketing'

/** Money in integer micro-units of a currency (never floats): 1 USD = 1,000,000. */
export interface Money {
  micros: number
  currency: string
}

export interface ConsentRecord {
  granted: boolean
  /** Where the consent (or its withdrawal) came from: `signup_form`, `whatsapp_keyword`, `api`… */
  source: string
  at: Instant
}

export interface ContactState {
  phone: E164
  /** IANA zone, e.g. `Europe/Istanbul`; null when unknown (policy then uses its default zone). */
  timezone: string | null
  /** Preferred template language, e.g. `tr`. */
  language: string | null
  /** The user's last message to us: the customer-service window runs 24 h from here. */
  lastInboundAt: Instant | null
  /**
   * Opted out of everything (e.g. replied STOP): present, with the opt-out's source and time, while
   * the opt-out stands (the store reads it back with `granted: true`); null when the contact never
   * opted out or opted in again (START).
   */
  optOut: ConsentRecord | null
  /** Explicit opt-in to marketing; marketing needs `granted: true`. */
  marketingConsent: ConsentRecord | null
  /** False once the platform said the number is not on WhatsApp (131026); null when unknown. */
  onWhatsApp: boolean | null
  /** Billing market (ISO country) of the number. */
  market: string | null
}

/** Why a notification was not sent. Stable: clients match on them. */
export const SUPPRESS_REASONS = [
  'opted_out',
  'no_marketing_consent',
  'quiet_hours_expired',
  'expired',
  'frequency_cap',
  'not_on_whatsapp',
  'no_approved_template',
  'no_route',
  'cancelled',
] as const
export type SuppressReason = (typeof SUPPRESS_REASONS)[number]
