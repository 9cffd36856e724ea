import type { E164 } from '../../../src/core/contacts/phone.js'
import type { ContactState } from '../../../src/core/contacts/model.js'
import { NO_FREQUENCY_CAPS } from '../../../src/core/notifications/frequency-caps.js'
import type { PolicySettings } from '../../../src/core/notifications/policy.js'
import { DEFAULT_QUIET_HOURS } from '../../../src/core/notifications/quiet-hours.js'

/** A Turkish-speaking parent in Istanbul who opted in to marketing and never wrote to us. */
export function contact(overrides: Partial<ContactState> = {}): ContactState {
  return {
    phone: '+905321234567' as E164,
    timezone: 'Europe/Istanbul',
    language: 'tr',
    lastInboundAt: null,
    optOut: null,
    marketingConsent: { granted: true, source: 'signup_form', at: Date.UTC(2026, 0, 10) },
    onWhatsApp: null,
    market: 'TR',
    ...overrides,
  }
}

export const SETTINGS: PolicySettings = {
  defaultTimezone: 'Europe/Berlin',
  quietHours: DEFAULT_QUIET_HOURS,
  caps: NO_FREQUENCY_CAPS,
}
