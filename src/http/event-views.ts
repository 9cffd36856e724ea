import { z } from 'zod'
import type { MessageStatus } from '../core/messages/status.js'
import type { DecisionRecord, FeedbackRecord, StoredEvent } from '../core/notifications/ports.js'
import { toIso } from '../core/shared/time.js'
import { errorDetailsSchema } from './schemas.js'

export const decisionSchema = z
  .object({
    rule_id: z.string().describe('The rule that decided, or "(cancel)" for messages the event cancelled'),
    contact: z.string().nullable().describe('The recipient phone number (E.164), when the decision is about one'),
    outcome: z.enum(['queued', 'scheduled', 'suppressed', 'cancelled', 'error']),
    reason: z.string().nullable().describe('Why, e.g. opted_out, quiet_hours_expired, frequency_cap'),
    detail: z.record(z.string(), z.unknown()).nullable(),
    message_id: z.string().nullable(),
  })
  .meta({ id: 'Decision' })

/** A decision as the API shows it; `phones` maps contact ids to their numbers. */
export const decisionJson =
  (phones: ReadonlyMap<string, string>) =>
  (d: DecisionRecord): z.input<typeof decisionSchema> => ({
    rule_id: d.ruleId,
    contact: d.contactId ? (phones.get(d.contactId) ?? null) : null,
    outcome: d.outcome,
    reason: d.reason,
    detail: d.detail,
    message_id: d.messageId,
  })

export const eventAnswerSchema = z
  .object({
    id: z.string(),
    status: z.enum(['handled', 'duplicate']).describe('duplicate: this event id was handled before with the same body'),
    decisions: z.array(decisionSchema),
  })
  .meta({ id: 'EventResult' })

export const eventBatchItemSchema = z.union([
  eventAnswerSchema,
  z.object({
    id: z.string(),
    status: z.literal('error'),
    error: z.object({ code: z.string(), message: z.string(), details: errorDetailsSchema }),
  }),
])

export const eventDetailSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    occurred_at: z.string(),
    received_at: z.string(),
    event: z.record(z.string(), z.unknown()).describe('The event as it was posted'),
    decisions: z.array(decisionSchema.extend({ message_status: z.string().nullable(), decided_at: z.string() })),
    feedback: z.array(z.object({ rule_id: z.string(), message_id: z.string(), kind: z.enum(['button', 'text']), value: z.string(), at: z.string() })),
  })
  .meta({ id: 'EventDetail' })

/** An event as `GET /v1/events/{id}` shows it: with its decisions, what became of their messages, and the replies. */
export function eventDetailJson(
  event: StoredEvent,
  decisions: ReadonlyArray<DecisionRecord & { createdAt: number }>,
  known: { phones: ReadonlyMap<string, string>; statuses: ReadonlyMap<string, MessageStatus> },
  feedback: readonly FeedbackRecord[],
): z.input<typeof eventDetailSchema> {
  return {
    id: event.id,
    type: event.type,
    occurred_at: toIso(event.occurredAt),
    received_at: toIso(event.receivedAt),
    event: event.body,
    decisions: decisions.map((d) => ({
      ...decisionJson(known.phones)(d),
      message_status: d.messageId ? (known.statuses.get(d.messageId) ?? null) : null,
      decided_at: toIso(d.createdAt),
    })),
    feedback: feedback.map((f) => ({ rule_id: f.ruleId, message_id: f.messageId, kind: f.kind, value: f.value, at: toIso(f.at) })),
  }
}
