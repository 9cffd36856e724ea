import type { HistoryEntry, MessageView } from '../core/messages/ports.js'
import { toIso, type Instant } from '../core/shared/time.js'
import { costsDiffer, type MessageCost } from '../core/costs/message-cost.js'

/** The largest distance from the epoch a Date can show (ECMAScript: 100,000,000 days). */
const DATE_LIMIT_MS = 8.64e15

/**
 * An instant as ISO text in an answer. A stored value no Date can show (a provider timestamp read
 * before such values were refused) is clamped to the nearest one a Date can, so that reading a
 * history never fails on one bad row: `+275760-09-13T00:00:00.000Z` says plainly that it is wrong.
 */
export function instantJson(at: Instant): string {
  const ms = Number(at)
  if (Number.isNaN(ms)) return toIso(0)
  return toIso(Math.min(Math.max(ms, -DATE_LIMIT_MS), DATE_LIMIT_MS))
}

/** One stage of a message's cost as the API shows it. */
export function costJson(cost: MessageCost | null) {
  if (cost === null) return null
  return {
    total_micros: cost.platformMicros + cost.providerMicros,
    platform_micros: cost.platformMicros,
    provider_micros: cost.providerMicros,
    currency: cost.currency,
    category: cost.category,
    reason: cost.reason,
    card: cost.cardId,
  }
}

/** The estimate in a send's answer (nothing for an unpriced message, e.g. an SMS). */
export function estimateJson(cost: MessageCost | null | undefined) {
  if (!cost) return {}
  const { total_micros, ...rest } = costJson(cost)!
  return { cost: { estimated_micros: total_micros, ...rest } }
}

/** A message as the API shows it (snake_case, ISO times). */
export function messageJson(view: MessageView) {
  const outbound = view.direction === 'outbound'
  return {
    id: view.id,
    direction: view.direction,
    to: outbound ? view.contactPhone : view.senderId,
    from: outbound ? view.senderId : view.contactPhone,
    kind: view.kind,
    text: view.preview,
    content: view.content,
    segments: view.segments,
    status: view.status,
    channel: view.channel,
    provider: view.provider,
    account: view.account,
    provider_message_id: view.providerMessageId,
    reply_to: view.replyTo,
    attempts: view.attempts,
    error: view.error,
    pricing: view.pricing,
    cost: { estimated: costJson(view.cost.estimated), final: costJson(view.cost.final), discrepancy: view.cost.estimated !== null && view.cost.final !== null && costsDiffer(view.cost.estimated, view.cost.final) },
    metadata: view.metadata,
    last_heard: view.lastHeard ? { status: view.lastHeard.status, at: instantJson(view.lastHeard.at) } : null,
    created_at: instantJson(view.createdAt),
    updated_at: instantJson(view.updatedAt),
  }
}

export function historyJson(history: HistoryEntry[]) {
  return history.map((h) => ({ status: h.status, at: instantJson(h.at), source: h.source, error: h.error }))
}
