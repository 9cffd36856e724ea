import type { DomainEvent } from '../events/domain-event.js'
import { toIso } from '../shared/time.js'
import type { OutgoingTopic } from './ports.js'

export interface OutgoingPayload {
  topic: OutgoingTopic
  payload: Record<string, unknown>
}

/**
 * The statuses the business's systems are told about: the provider's verdicts, Parley's own
 * failures, and `stale` (nothing heard for too long: someone should look).
 */
const NOTIFIED_STATUSES = new Set(['sent', 'delivered', 'read', 'failed', 'stale'])

/**
 * What a domain event tells the business's subscribed systems, if anything: the payload of each
 * topic, in the documented shape. Pure, so the same event always produces the same body.
 */
export function outgoingPayloadsOf(event: DomainEvent): OutgoingPayload[] {
  switch (event.type) {
    case 'message.status_changed':
      if (!NOTIFIED_STATUSES.has(event.status)) return []
      return [
        {
          topic: 'message.status',
          payload: {
            topic: 'message.status',
            message_id: event.messageId,
            provider_message_id: event.providerMessageId,
            status: event.status,
            at: toIso(event.at),
            error: event.error ? { code: event.error.code, title: event.error.title } : null,
            ...(event.lastHeard ? { last_heard: { status: event.lastHeard.status, at: toIso(event.lastHeard.at) } } : {}),
          },
        },
      ]
    case 'message.inbound':
      return [
        {
          topic: 'message.inbound',
          payload: {
            topic: 'message.inbound',
            message_id: event.messageId,
            from: event.fromPhone,
            to: event.senderId,
            provider_message_id: event.providerMessageId,
            content: event.content,
            reply_to: event.replyTo,
            at: toIso(event.at),
          },
        },
      ]
    case 'contact.updated': {
      if (event.change !== 'opt_out' && event.change !== 'opt_in') return []
      const topic = event.change === 'opt_out' ? 'contact.opt_out' : 'contact.opt_in'
      return [{ topic, payload: { topic, phone: event.phone, keyword: event.cause?.keyword ?? null, source: event.cause?.source ?? null, at: toIso(event.at) } }]
    }
    case 'feedback.recorded':
      return [
        {
          topic: 'feedback',
          payload: {
            topic: 'feedback',
            event_id: event.eventId,
            rule_id: event.ruleId,
            message_id: event.messageId,
            phone: event.phone,
            kind: event.kind,
            value: event.value,
            at: toIso(event.at),
          },
        },
      ]
    case 'cost.budget_threshold':
      return [
        {
          topic: 'cost.budget_threshold',
          payload: {
            topic: 'cost.budget_threshold',
            month: event.month,
            scope: event.scope,
            threshold: event.threshold,
            spent_micros: event.spentMicros,
            amount_micros: event.amountMicros,
            currency: event.currency,
            used_ratio: event.amountMicros > 0 ? event.spentMicros / event.amountMicros : 0,
            at: toIso(event.at),
          },
        },
      ]
    // Internal notes (`note.created`) stay among operators: no webhook carries them.
    case 'message.created':
    case 'template.status_changed':
    case 'event.decided':
    case 'conversation.assigned':
    case 'conversation.resolved':
    case 'conversation.reopened':
    case 'conversation.typing':
    case 'conversation.team_changed':
    case 'note.created':
      return []
  }
}
