import type { Instant } from '../shared/time.js'
import { describeConsent, hasMarketingConsent, isOptedOut } from './consent.js'
import { countSends, exceededCap, type FrequencyCaps } from './frequency-caps.js'
import { contactZone, formatLocal } from './local-time.js'
import type { ContactState } from '../contacts/model.js'
import type { NotificationCategory } from '../shared/category.js'
import type { SuppressReason } from './model.js'
import { quietPeriodAt, type QuietHours } from './quiet-hours.js'

/** What a rule wants to send, before policy and routing. */
export interface NotificationIntent {
  category: NotificationCategory
  /** When the rule wants it sent; in the past means now. */
  desiredAt: Instant
  /** From when it is useless (a reminder once the lesson began); null: never. */
  expiresAt: Instant | null
  /** Send even in quiet hours (e.g. a safety notice). */
  ignoreQuietHours?: boolean
}

/** The business's policy settings, resolved from config. */
export interface PolicySettings {
  /** IANA zone for contacts whose zone is unknown or invalid. */
  defaultTimezone: string
  quietHours: QuietHours
  caps: FrequencyCaps
}

/** Why a send was moved later; only quiet hours do so today. */
export interface PolicyDeferral {
  reason: 'quiet_hours'
  /** When it would have gone without the deferral. */
  from: Instant
  /** The end of the quiet period. */
  until: Instant
  detail: string
}

/** Policy's verdict: send at an instant (perhaps deferred), or not at all and why. */
export type PolicyDecision =
  | { kind: 'allow'; at: Instant; deferred: PolicyDeferral | null }
  | { kind: 'suppress'; reason: SuppressReason; detail: string; deferred?: PolicyDeferral }

/**
 * Whether, and when, a notification may go to a contact. Checks, first failing wins: opted out →
 * marketing without explicit opt-in → frequency cap → quiet hours (defer to their end) → expiry
 * (`expired`, or `quiet_hours_expired` when only the deferral made it useless).
 *
 * `history` holds the instants of this category's messages to this contact already sent or
 * scheduled (not this one). The cap counts those in the local day and ISO week the message would
 * actually go in, after any deferral: an evening event deferred to 08:00 counts against tomorrow.
 * Supply at least the span from 7 days before to 8 days after `max(desiredAt, now)`.
 */
export function decidePolicy(
  contact: ContactState,
  intent: NotificationIntent,
  settings: PolicySettings,
  history: readonly Instant[],
  now: Instant,
): PolicyDecision {
  const suppress = (reason: SuppressReason, detail: string): PolicyDecision => ({ kind: 'suppress', reason, detail })
  if (isOptedOut(contact)) return suppress('opted_out', `the contact opted out ${describeConsent(contact.optOut)}`)
  if (intent.category === 'marketing' && !hasMarketingConsent(contact)) {
    const consent = contact.marketingConsent
    return suppress('no_marketing_consent', consent ? `marketing consent withdrawn ${describeConsent(consent)}` : 'marketing needs an explicit opt-in; the contact has none')
  }

  const zone = contactZone(contact.timezone, settings.defaultTimezone)
  const from = Math.max(intent.desiredAt, now)
  const quiet = intent.ignoreQuietHours ? { quiet: false as const } : quietPeriodAt(from, zone, settings.quietHours)
  const at = quiet.quiet ? quiet.endsAt : from

  const cap = settings.caps[intent.category]
  const counts = countSends(history, at, zone)
  const exceeded = exceededCap(cap, counts)
  if (exceeded !== null) {
    const [count, limit] = exceeded === 'day' ? [counts.day, cap.perDay] : [counts.week, cap.perWeek]
    return suppress('frequency_cap', `${count} ${intent.category} message(s) already in the ${exceeded === 'day' ? 'local day' : 'ISO week'} of ${formatLocal(at, zone)}; the cap is ${limit} per ${exceeded}`)
  }

  const deferred: PolicyDeferral | null = quiet.quiet
    ? { reason: 'quiet_hours', from, until: at, detail: `quiet hours ${settings.quietHours.start}–${settings.quietHours.end}: deferred from ${formatLocal(from, zone)} to ${formatLocal(at, zone)}` }
    : null
  if (intent.expiresAt !== null && at >= intent.expiresAt) {
    const expires = formatLocal(intent.expiresAt, zone)
    if (deferred && from < intent.expiresAt) {
      return { kind: 'suppress', reason: 'quiet_hours_expired', detail: `${deferred.detail}, but it is useless from ${expires}`, deferred }
    }
    return suppress('expired', `useless from ${expires}; the earliest send is ${formatLocal(from, zone)}`)
  }
  return { kind: 'allow', at, deferred }
}
