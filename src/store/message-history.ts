import type { Insertable } from 'kysely'
import type { MessageStatusChanged } from '../core/events/domain-event.js'
import type { Instant } from '../core/shared/time.js'
import type { MessageEventsTable } from './schema.js'
import { chunk, type Trx } from './transaction.js'

export type NewEvent = Insertable<MessageEventsTable>

/** One entry of a message's status history, as a row. */
export function event(
  messageId: string,
  status: string,
  at: Instant,
  now: Instant,
  source: NewEvent['source'],
  error?: { code: string; title: string },
  dedupeKey: string | null = null,
  actor: string | null = null,
): NewEvent {
  return {
    message_id: messageId,
    status,
    at,
    recorded_at: now,
    source,
    dedupe_key: dedupeKey,
    actor,
    error_code: error?.code ?? null,
    error_title: error?.title ?? null,
  }
}

/** Appends history entries inside the caller's transaction. */
export async function insertEvents(trx: Trx, events: NewEvent[]): Promise<void> {
  for (const part of chunk(events, 500)) await trx.insertInto('message_events').values(part).execute()
}

/** A `message.status_changed` event. */
export function statusChanged(
  messageId: string,
  providerMessageId: string | null,
  status: MessageStatusChanged['status'],
  source: MessageStatusChanged['source'],
  error: MessageStatusChanged['error'],
  at: Instant,
): MessageStatusChanged {
  return { type: 'message.status_changed', messageId, providerMessageId, status, source, error, at }
}
