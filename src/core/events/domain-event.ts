import type { E164 } from '../contacts/phone.js'
import type { InboundContent, MessageKind } from '../messages/content.js'
import type { AwaitingStatus, MessageStatus } from '../messages/status.js'
import type { ProviderError } from '../shared/provider-error.js'
import type { Instant } from '../shared/time.js'

/**
 * What happened in Parley, as facts about the domain. Stores produce them inside the transaction
 * that made the change (so what must be durable — the business's webhooks — commits with it) and
 * publish them on the in-process bus once it committed (metrics, waking workers, the inbox's feed).
 */
export type DomainEvent =
  | MessageCreated
  | MessageStatusChanged
  | MessageInbound
  | ContactUpdated
  | TemplateStatusChanged
  | EventDecided
  | FeedbackRecorded
  | ConversationAssigned
  | ConversationResolved
  | ConversationReopened
  | ConversationTyping
  | ConversationTeamChanged
  | NoteCreated
  | CostBudgetThreshold

export type DomainEventType = DomainEvent['type']
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>

/** An outbound message was stored (queued, or scheduled for later). */
export interface MessageCreated {
  type: 'message.created'
  messageId: string
  to: E164
  senderId: string
  kind: MessageKind
  status: 'queued' | 'scheduled'
  /** The business event that caused it, for notifications. */
  eventId: string | null
  at: Instant
}

/** An outbound message moved to another status (by the dispatcher, the provider's webhook, a cancellation, or the stale sweep). */
export interface MessageStatusChanged {
  type: 'message.status_changed'
  messageId: string
  providerMessageId: string | null
  status: MessageStatus
  /** Where the change came from: the provider's word (`webhook`) or Parley's own (`dispatcher`, `api`). */
  source: 'webhook' | 'dispatcher' | 'api' | 'reconciler'
  error: (ProviderError & { retryable?: boolean }) | null
  /** For `stale`: the status the message was last heard in, and when. */
  lastHeard?: { status: AwaitingStatus; at: Instant }
  /** When it happened (for webhooks, the provider's time). */
  at: Instant
}

/** A user wrote to the business; the message is on the contact's history. */
export interface MessageInbound {
  type: 'message.inbound'
  messageId: string
  contactId: string
  /** The sender (business number) whose conversation it is, and the provider that carried it. */
  senderId: string
  provider: string
  fromId: string
  fromPhone: E164 | null
  profileName: string | null
  providerMessageId: string
  content: InboundContent
  replyTo: string | null
  at: Instant
}

export type ContactChange = 'profile' | 'opt_out' | 'opt_in' | 'marketing_consent' | 'not_on_whatsapp'

/** Something about a contact changed. */
export interface ContactUpdated {
  type: 'contact.updated'
  contactId: string
  phone: E164
  change: ContactChange
  /** What caused it, e.g. the keyword that opted the contact out. */
  cause: { keyword?: string; source?: string } | null
  at: Instant
}

/** The platform's review (or a sync) changed a template's status. */
export interface TemplateStatusChanged {
  type: 'template.status_changed'
  name: string
  language: string
  status: string
  reason: string | null
  at: Instant
}

/** A business event was taken and every rule's decision about it recorded. */
export interface EventDecided {
  type: 'event.decided'
  eventId: string
  eventType: string
  decisions: Array<{ ruleId: string; contactId: string | null; outcome: string; reason: string | null; messageId: string | null }>
  at: Instant
}

/** A reply a rule waited for was attached to its event. */
export interface FeedbackRecorded {
  type: 'feedback.recorded'
  eventId: string
  ruleId: string
  messageId: string
  phone: E164 | null
  kind: 'button' | 'text'
  value: string
  at: Instant
}

/** An operator took a conversation, gave it to another, or let it go (`assigneeId` null). */
export interface ConversationAssigned {
  type: 'conversation.assigned'
  contactId: string
  phone: E164
  assigneeId: string | null
  previousAssigneeId: string | null
  at: Instant
}

/** Someone marked a conversation resolved (`actor`: the operator or API key; its cycle's times are final). */
export interface ConversationResolved {
  type: 'conversation.resolved'
  contactId: string
  phone: E164
  actorId: string
  at: Instant
}

/** A resolved conversation is open again: reopened by someone, or by a new message from the parent (`actorId` null). */
export interface ConversationReopened {
  type: 'conversation.reopened'
  contactId: string
  phone: E164
  actorId: string | null
  at: Instant
}

/** An operator is writing in a conversation's composer, until `until` unless a newer signal comes. Ephemeral. */
export interface ConversationTyping {
  type: 'conversation.typing'
  phone: E164
  operatorId: string
  until: Instant
  at: Instant
}

/** A conversation was routed to a team, moved to another, or unrouted (`teamId` null). */
export interface ConversationTeamChanged {
  type: 'conversation.team_changed'
  contactId: string
  phone: E164
  teamId: string | null
  previousTeamId: string | null
  at: Instant
}

/** An operator wrote an internal note on a conversation (never sent to the contact). */
export interface NoteCreated {
  type: 'note.created'
  noteId: string
  contactId: string
  phone: E164
  authorId: string
  text: string
  /** The operators it mentions: their inboxes say so. */
  mentions: string[]
  at: Instant
}

/** A month's spend reached 80 % or 100 % of a budget (README "Budgets"); recorded once per month, budget and threshold. */
export interface CostBudgetThreshold {
  type: 'cost.budget_threshold'
  /** `YYYY-MM`. */
  month: string
  /** `category:marketing`, `sender:+55…`. */
  scope: string
  threshold: 80 | 100
  spentMicros: number
  amountMicros: number
  currency: string
  at: Instant
}
