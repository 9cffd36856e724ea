import type { DomainEvent, DomainEventType } from './domain-event.js'

/** The events the inbox's live feed carries. */
export const FEED_TYPES: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  'message.created',
  'message.status_changed',
  'message.inbound',
  'contact.updated',
  'conversation.assigned',
  'note.created',
])

/** One entry of the durable feed: its position (the SSE id), its type and the event. */
export interface FeedEntry {
  seq: number
  type: DomainEventType
  data: DomainEvent
}
