import type { DomainEvent, DomainEventType } from './domain-event.js'

/** The events the inbox's live feed carries. */
export const FEED_TYPES: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  'message.created',
  'message.status_changed',
  'message.inbound',
  'contact.updated',
  'conversation.assigned',
  'conversation.resolved',
  'conversation.reopened',
  'conversation.typing',
  'conversation.team_changed',
  'note.created',
])

/**
 * Events only live clients need, kept on the feed minutes rather than a day (see pruneFeed): a
 * client reconnecting later has nothing to learn from them.
 */
export const EPHEMERAL_FEED_TYPES: ReadonlySet<DomainEventType> = new Set<DomainEventType>(['conversation.typing'])

/** One entry of the durable feed: its position (the SSE id), its type and the event. */
export interface FeedEntry {
  seq: number
  type: DomainEventType
  data: DomainEvent
}
