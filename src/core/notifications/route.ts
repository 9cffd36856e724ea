import { priceMessage } from '../costs/price-message.js'
import type { RateCard } from '../costs/rate-card.js'
import { CUSTOMER_SERVICE_WINDOW, isWindowOpen } from '../messages/window.js'
import { toIso, type Duration, type Instant } from '../shared/time.js'
import { chooseLanguage, type FallbackChain } from '../templates/choose-language.js'
import type { TemplateStatus } from '../templates/status.js'
import type { ContactState } from '../contacts/model.js'
import type { Money } from '../shared/money.js'
import type { NotificationCategory } from '../shared/category.js'
import type { SuppressReason } from './model.js'

/** Marketing templates are not delivered to US numbers from this date (131049, docs/platform.md §6.1). */
export const US_MARKETING_TEMPLATES_BLOCKED_FROM: Instant = Date.UTC(2025, 3, 1)

/** A rule's template family: its languages with their review status, and how to pick one. */
export interface TemplateChoice {
  languages: ReadonlyArray<{ language: string; status: TemplateStatus }>
  /** Most wanted first, usually the contact's language. */
  preferredLanguages: readonly string[]
  fallback: FallbackChain
}

/** Everything routing looks at; all of it known at `at`. */
export interface RouteInput {
  /** When the message would go. */
  at: Instant
  contact: Pick<ContactState, 'lastInboundAt' | 'onWhatsApp'>
  category: NotificationCategory
  /** Recipient's billing market (ISO country); null prices as `other`. */
  market: string | null
  /** The rule lets the rendered text go as a free-form message while the window is open. */
  freeFormAllowed: boolean
  /** A rendered free-form text exists for this notification. */
  freeFormText: boolean
  /** The rule's template family; null when the rule has none. */
  template: TemplateChoice | null
  /** The rule has an SMS fallback and an SMS sender can carry it. */
  smsFallback: boolean
  /** False when no WhatsApp sender is configured (an SMS-only setup): WhatsApp is then no route at all. Default true. */
  whatsappSender?: boolean
  rateCards: readonly RateCard[]
  /** In-window free-form messages this business number sent this billing month. */
  freeFormUsedThisMonth: number
  /** Free-form only until this long before the window closes (131047 near the boundary, §4.1). */
  windowSafetyMargin?: Duration
}

/** How a message goes; SMS cost is not priced here. */
export type Route =
  | { kind: 'free_form'; cost: Money }
  | { kind: 'template'; language: string; cost: Money }
  | { kind: 'sms'; cost: null }

/** Routing's answer, with a short reason for people. */
export type RouteDecision = (Route | { kind: 'suppress'; reason: SuppressReason }) & { why: string }

/**
 * How a notification goes at `at`: free-form while the window is open and the rule allows it,
 * else the approved template in the best language; SMS (or suppression) for a number the platform
 * said is not on WhatsApp.
 *
 * Marketing may go free-form too. The platform doc allows any message type inside the window
 * (§4.1), names only re-engagement outside it as needing templates, and says promotional content
 * inside the window "is still marketing and must respect opt-outs" (§8): a consent rule, which
 * policy applies before routing, not a ban. So the rule's `freeFormAllowed` decides; the platform
 * prices such a message as non-template ("service", §6.1).
 */
export function routeMessage(input: RouteInput): RouteDecision {
  const { at, contact, category, market, rateCards } = input
  if (contact.onWhatsApp === false || input.whatsappSender === false) {
    // SMS has no customer-service window: the rule's SMS text goes whenever policy lets it.
    const reason = contact.onWhatsApp === false ? 'the platform said the number is not on WhatsApp' : 'no WhatsApp sender is configured'
    return input.smsFallback
      ? { kind: 'sms', cost: null, why: `${reason}; SMS fallback` }
      : { kind: 'suppress', reason: 'not_on_whatsapp', why: `${reason} and no SMS fallback is configured for the rule` }
  }

  const open = isWindowOpen(contact.lastInboundAt, at, input.windowSafetyMargin ?? 0)
  const window = contact.lastInboundAt === null ? 'no message from the contact' : `window ${open ? 'open' : 'closed'} (until ${toIso(contact.lastInboundAt + CUSTOMER_SERVICE_WINDOW)})`
  if (open && input.freeFormAllowed && input.freeFormText) {
    const cost = priceMessage({ kind: 'free_form', market, category, inWindow: true, at, freeFormUsedThisMonth: input.freeFormUsedThisMonth }, rateCards)
    return { kind: 'free_form', cost, why: `${window}: free-form text` }
  }

  const notFreeForm = !open ? window : !input.freeFormAllowed ? `${window}, rule sends templates only` : `${window}, no free-form text`
  if (input.template === null) return { kind: 'suppress', reason: 'no_route', why: `${notFreeForm}, and the rule has no template` }
  if (category === 'marketing' && market?.toUpperCase() === 'US' && at >= US_MARKETING_TEMPLATES_BLOCKED_FROM) {
    return { kind: 'suppress', reason: 'no_route', why: `${notFreeForm}, and marketing templates are not delivered to US numbers (131049)` }
  }
  const { languages, preferredLanguages, fallback } = input.template
  const language = chooseLanguage(languages, preferredLanguages, fallback)
  if (language === null) {
    return { kind: 'suppress', reason: 'no_approved_template', why: `${notFreeForm}, and no template is approved in ${preferredLanguages.join(', ') || 'any preferred language'} or its fallbacks` }
  }
  // Priced by the platform's window, without our safety margin: the platform bills what it sees.
  const cost = priceMessage({ kind: 'template', market, category, inWindow: isWindowOpen(contact.lastInboundAt, at), at }, rateCards)
  return { kind: 'template', language, cost, why: `${notFreeForm}: template in ${language}` }
}
