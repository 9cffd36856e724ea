import type { NewOutboundMessage } from '../messages/ports.js'
import type { Instant } from '../shared/time.js'
import type { ContactInput, SubjectRole } from '../contacts/model.js'
import type { NotificationCategory } from '../shared/category.js'

/** A business event as stored (its body is kept verbatim). */
export interface StoredEvent {
  id: string
  type: string
  occurredAt: Instant
  body: Record<string, unknown>
  requestHash: string
  contactId: string | null
  subjectId: string | null
  receivedAt: Instant
}

export type DecisionOutcome = 'queued' | 'scheduled' | 'suppressed' | 'cancelled' | 'error'

export interface DecisionRecord {
  ruleId: string
  contactId: string | null
  outcome: DecisionOutcome
  reason: string | null
  detail: Record<string, unknown> | null
  messageId: string | null
}

export interface FeedbackRecord {
  eventId: string
  ruleId: string
  messageId: string
  replyMessageId: string
  kind: 'button' | 'text'
  value: string
  at: Instant
}

/** A message waiting for a reply the rule asked for. */
export interface AwaitingReply {
  messageId: string
  eventId: string
  ruleId: string
  providerMessageId: string | null
  sentAt: Instant
  expectReply: { buttons?: string[]; textWithinMs?: number } | null
}

/** What an event changes, recorded together: all of it commits, or none of it. */
export interface EventRecording {
  event: Omit<StoredEvent, 'subjectId'>
  /**
   * The contacts the event names, created or updated, each with the id chosen for it. A contact that
   * another write created first keeps its stored id, and the decisions and links follow that one.
   */
  contacts: Array<ContactInput & { id: string }>
  /** The subject (student, account) the event is about and the contacts it links to it. */
  subject: { externalId: string; links: Array<{ contactId: string; role: SubjectRole }> } | null
  /** Unsent messages holding any of these keys are cancelled, each recorded as a `cancelled` decision before `decisions`. */
  cancel: { keys: string[]; reason: { code: string; title: string } }
  decisions: DecisionRecord[]
  messages: NewOutboundMessage[]
}

export type RecordEventResult = { kind: 'recorded'; decisions: DecisionRecord[] } | { kind: 'duplicate' }

/** Business events and every decision they led to. */
export interface EventLog {
  /** A stored event; null when the id was never taken. */
  getEvent(id: string): Promise<StoredEvent | null>
  /**
   * Stores an event with everything it changes — its contacts and subject links, its cancellations,
   * its decisions and the messages they create — in one transaction. An event id is taken once: a
   * second call with the same id stores nothing and answers `duplicate`. Answers the decisions as
   * stored (cancellations first, contact ids as stored).
   */
  recordEvent(recording: EventRecording, now: Instant): Promise<RecordEventResult>
  /** An event's decisions, in the order they were made. */
  decisions(eventId: string): Promise<Array<DecisionRecord & { createdAt: Instant }>>
}

/** A rule's WhatsApp message that failed: what its SMS fallback is decided from. */
export interface FailedNotification {
  messageId: string
  eventId: string
  ruleId: string
  contactId: string
}

/** The SMS fallbacks of rules' WhatsApp messages the platform could not deliver (not on WhatsApp). */
export interface SmsFallbacks {
  /** The rule's WhatsApp message a status is about; null for a direct send, an SMS, or an unknown message. */
  failedNotification(messageId: string | null, providerMessageId: string): Promise<FailedNotification | null>
  /**
   * Records what was decided for a failed message — the decision on its event, and the SMS when one
   * goes — in one transaction, once: for a message already fallen back from it stores nothing and
   * answers `duplicate` (a repeated webhook, or two processes applying the same status). When an
   * event cancelled one of the failed message's keys after it was accepted, no SMS goes: a
   * `cancelled` decision is recorded instead, and answered.
   */
  recordFallback(
    fallback: { failedMessageId: string; eventId: string; decision: DecisionRecord; messages: NewOutboundMessage[] },
    now: Instant,
  ): Promise<{ kind: 'recorded' } | { kind: 'duplicate' } | { kind: 'cancelled'; decision: DecisionRecord }>
}

/** What frequency caps and the free allowance count: messages already sent or waiting. */
/**
 * Serialises the handling of events that concern the same people: a decision reads their history
 * (caps) and the recording writes to it, so two events for one parent decided at once would both
 * see the day's promotion not yet sent. Keys are the people's phone numbers and the subject's id.
 */
export interface ContactLocks {
  run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>
}

export interface SendHistory {
  /**
   * When this contact's messages of a category went or are due, those in [from, to): sent ones at
   * when the platform took them, waiting ones at their due time; cancelled and failed ones excluded
   * (frequency caps count them), and so are unsent ones holding one of `exceptKeys` (the event
   * being decided cancels them).
   */
  sendTimes(contactId: string, category: NotificationCategory, from: Instant, to: Instant, exceptKeys?: readonly string[]): Promise<Instant[]>
  /**
   * How much of the platform's monthly free allowance a sender used since `from`: its messages
   * estimated into it (the in-window free-form ones, docs/platform.md §6.1), failed and cancelled
   * ones aside, counted up to `upTo` (the allowance's size: beyond it the count changes nothing).
   */
  countFreeForm(senderId: string, from: Instant, upTo: number): Promise<number>
}

/** Replies that rules wait for, attached to the events that asked. */
export interface Feedback {
  /** The latest message to this contact that waits for a reply, if any. */
  awaitingReply(contactId: string, replyTo: string | null): Promise<AwaitingReply | null>
  /** Records a reply once per message; a second one for the same message is a `duplicate`. */
  recordFeedback(feedback: FeedbackRecord): Promise<'recorded' | 'duplicate'>
  /** The replies an event collected, oldest first. */
  feedbackForEvent(eventId: string): Promise<FeedbackRecord[]>
  /** How many replies of each value each rule collected. */
  feedbackCounts(): Promise<Array<{ ruleId: string; value: string; count: number }>>
}
