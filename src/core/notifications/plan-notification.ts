import { isWindowOpen } from '../messages/window.js'
import type { Instant } from '../shared/time.js'
import type { ContactState } from '../contacts/model.js'
import type { Money } from '../shared/money.js'
import type { SuppressReason } from './model.js'
import { decidePolicy, type NotificationIntent, type PolicyDeferral, type PolicySettings } from './policy.js'
import { routeMessage, type Route, type RouteDecision, type RouteInput } from './route.js'

/** A rule's intent plus its choice when quiet hours fall while the window is open. */
export interface PlannedIntent extends NotificationIntent {
  /** In quiet hours, send at once if the window is open rather than defer (and maybe pay more). */
  sendNowIfWindowOpen?: boolean
}

/** Routing facts that do not depend on when the message goes. */
export type RoutingContext = Omit<RouteInput, 'at' | 'contact' | 'category' | 'market'>

/** Everything one notification's decision depends on. */
export interface PlanInput {
  now: Instant
  contact: ContactState
  intent: PlannedIntent
  settings: PolicySettings
  /** This category's messages to this contact, sent or scheduled (see `decidePolicy`). */
  history: readonly Instant[]
  routing: RoutingContext
}

/** What quiet hours did, and what deferring costs compared with sending at once. */
export interface DeferralRecord extends PolicyDeferral {
  /** Null when that route is SMS or impossible. */
  costIfSentNow: Money | null
  costWhenDeferred: Money | null
  /** costWhenDeferred − costIfSentNow; null unless both are known, in one currency. */
  difference: Money | null
  choice: 'deferred' | 'sent_now_window_open'
}

/** The recorded decision for one notification: every message keeps it. */
export type NotificationDecision =
  | { kind: 'send' | 'schedule'; at: Instant; route: Route & { why: string }; deferred?: DeferralRecord }
  | { kind: 'suppress'; reason: SuppressReason; detail: string }

const costOf = (route: RouteDecision | null): Money | null => (route === null || route.kind === 'suppress' ? null : route.cost)

function costs(atOnce: RouteDecision | null, deferred: RouteDecision | null) {
  const costIfSentNow = costOf(atOnce)
  const costWhenDeferred = costOf(deferred)
  const difference =
    costIfSentNow === null || costWhenDeferred === null || costIfSentNow.currency !== costWhenDeferred.currency
      ? null
      : { micros: costWhenDeferred.micros - costIfSentNow.micros, currency: costIfSentNow.currency }
  return { costIfSentNow, costWhenDeferred, difference }
}

/**
 * Policy, then routing, for one notification. When quiet hours defer it, the route at once and the
 * route at the end of the quiet period are both priced (the window may close in between and turn
 * free-form text into a paid template) and the difference recorded. A rule with
 * `sendNowIfWindowOpen` sends at once instead while the window is open, even when deferring would
 * have made the message useless. A scheduled decision is planned again when due: consent, window
 * and templates may have changed by then.
 */
export function planNotification(input: PlanInput): NotificationDecision {
  const { now, contact, intent, settings, history, routing } = input
  const route = (at: Instant) => routeMessage({ ...routing, at, contact, category: intent.category, market: contact.market })
  const when = (at: Instant) => (at <= now ? 'send' : 'schedule')
  const policy = decidePolicy(contact, intent, settings, history, now)
  const quiet = policy.deferred ?? null

  if (quiet !== null && intent.sendNowIfWindowOpen && isWindowOpen(contact.lastInboundAt, quiet.from, routing.windowSafetyMargin ?? 0)) {
    const immediate = decidePolicy(contact, { ...intent, ignoreQuietHours: true }, settings, history, now)
    const atOnce = immediate.kind === 'allow' ? route(immediate.at) : null
    if (atOnce !== null && atOnce.kind !== 'suppress') {
      const later = policy.kind === 'allow' ? route(policy.at) : null
      const detail = `${policy.kind === 'allow' ? quiet.detail : policy.detail}; the rule sends now while the window is open`
      return { kind: when(quiet.from), at: quiet.from, route: atOnce, deferred: { ...quiet, detail, ...costs(atOnce, later), choice: 'sent_now_window_open' } }
    }
  }

  if (policy.kind === 'suppress') return { kind: 'suppress', reason: policy.reason, detail: policy.detail }
  const chosen = route(policy.at)
  if (chosen.kind === 'suppress') return { kind: 'suppress', reason: chosen.reason, detail: quiet ? `${quiet.detail}; then ${chosen.why}` : chosen.why }
  if (quiet === null) return { kind: when(policy.at), at: policy.at, route: chosen }
  return { kind: when(policy.at), at: policy.at, route: chosen, deferred: { ...quiet, ...costs(route(quiet.from), chosen), choice: 'deferred' } }
}
