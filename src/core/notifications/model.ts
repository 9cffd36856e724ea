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
  'budget_exhausted',
] as const
export type SuppressReason = (typeof SUPPRESS_REASONS)[number]
