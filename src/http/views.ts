import type { HistoryEntry, MessageView } from '../core/messages/ports.js'
import { toIso } from '../core/shared/time.js'

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
    status: view.status,
    provider: view.provider,
    provider_message_id: view.providerMessageId,
    reply_to: view.replyTo,
    attempts: view.attempts,
    error: view.error,
    pricing: view.pricing,
    metadata: view.metadata,
    created_at: toIso(view.createdAt),
    updated_at: toIso(view.updatedAt),
  }
}

export function historyJson(history: HistoryEntry[]) {
  return history.map((h) => ({ status: h.status, at: toIso(h.at), source: h.source, error: h.error }))
}
