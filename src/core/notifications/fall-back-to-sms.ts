import type { Contacts } from '../contacts/ports.js'
import type { NewOutboundMessage } from '../messages/ports.js'
import type { Clock } from '../ports.js'
import type { Rule, RuleEvent } from '../rules/model.js'
import { decideRuleSend, type RuleSendDeps } from './decide-rule-send.js'
import type { DecisionRecord, EventLog, SmsFallbacks } from './ports.js'

export interface SmsFallbackDeps extends RuleSendDeps {
  fallbacks: SmsFallbacks
  eventLog: Pick<EventLog, 'getEvent'>
  contacts: Pick<Contacts, 'byIds'>
  rules(): readonly Rule[]
  clock: Clock
}

/** What became of a failed message: nothing to fall back from (and why), a decision recorded, or one recorded before. */
export type SmsFallbackOutcome =
  | { kind: 'none'; reason: 'not_a_notification' | 'event_unknown' | 'rule_gone' | 'no_fallback' }
  | { kind: 'decided'; decision: DecisionRecord }
  | { kind: 'duplicate' }

/**
 * The platform said a rule's WhatsApp message cannot reach the number (not on WhatsApp; the contact
 * is already marked so): the rule decides again for that person and event, as when the event came,
 * so consent, opt-out, quiet hours, caps and expiry apply as they do to every notification; routing
 * now picks the rule's SMS. Decided once per failed message, whatever repeats the status. The rule
 * as in force now is used: one removed, disabled or without a fallback sends nothing.
 */
export async function fallBackToSms(deps: SmsFallbackDeps, failed: { messageId: string | null; providerMessageId: string }): Promise<SmsFallbackOutcome> {
  const link = await deps.fallbacks.failedNotification(failed.messageId, failed.providerMessageId)
  if (!link) return { kind: 'none', reason: 'not_a_notification' }
  const rule = deps.rules().find((r) => r.id === link.ruleId && r.enabled)
  if (!rule) return { kind: 'none', reason: 'rule_gone' }
  if (!rule.fallback) return { kind: 'none', reason: 'no_fallback' }
  const event = await deps.eventLog.getEvent(link.eventId)
  const contact = (await deps.contacts.byIds([link.contactId])).get(link.contactId)
  if (!event || !contact) return { kind: 'none', reason: 'event_unknown' }

  const now = deps.clock.now()
  const messages: NewOutboundMessage[] = []
  const decision = await decideRuleSend(deps, {
    rule,
    event: event.body as unknown as RuleEvent,
    contact,
    now,
    families: new Map(),
    // Only free-form WhatsApp messages are priced by it; this one goes by SMS or not at all.
    freeFormUsedThisMonth: 0,
    messages,
    cancelKeys: [],
    metadata: { fallback_of: link.messageId },
  })
  const stored = await deps.fallbacks.recordFallback({ failedMessageId: link.messageId, eventId: link.eventId, decision, messages }, now)
  if (stored.kind === 'duplicate') return { kind: 'duplicate' }
  return { kind: 'decided', decision: stored.kind === 'cancelled' ? stored.decision : decision }
}
