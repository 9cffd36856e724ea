import type { E164 } from '../contacts/phone.js'
import type { NewOutboundMessage } from '../messages/ports.js'
import type { Instant } from '../shared/time.js'
import type { ConsentRecord, ContactState } from '../contacts/model.js'
import type { NotificationCategory } from '../shared/category.js'

/** A contact as an event or the API describes it; absent fields are left as they are. */
export interface ContactInput {
  phone: E164
  name?: string
  language?: string
  timezone?: string
  externalId?: string
}

export type SubjectRole = 'guardian' | 'billing'

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

/** Persistence for events, the contacts and students they concern, and what became of them. */
export interface NotificationStore {
  /** Creates or updates contacts (by phone); returns phone → contact id. */
  upsertContacts(contacts: ContactInput[], now: Instant): Promise<Map<string, string>>
  /** Creates the subject if needed and links contacts to it with their roles. */
  linkSubject(externalId: string, links: Array<{ contactId: string; role: SubjectRole }>, now: Instant): Promise<string>
  /** The contacts linked to a subject with the given roles. */
  subjectContacts(subjectId: string, roles: SubjectRole[]): Promise<string[]>
  contactStates(contactIds: string[]): Promise<Map<string, ContactState & { id: string; name: string | null; externalId: string | null }>>
  /**
   * When this contact's messages of a category went or are due, those in [from, to): sent ones at
   * when the platform took them, waiting ones at their due time; cancelled and failed ones excluded
   * (frequency caps count them).
   */
  sendTimes(contactId: string, category: NotificationCategory, from: Instant, to: Instant): Promise<Instant[]>
  /** In-window free-form messages a sender sent since `from` (the free allowance counts them). */
  countFreeForm(senderId: string, from: Instant): Promise<number>
  getEvent(id: string): Promise<StoredEvent | null>
  /**
   * Stores an event, its decisions and the messages they create, in one transaction: an event id
   * is taken once; a second call with the same id stores nothing and answers `duplicate`.
   */
  recordEvent(
    event: StoredEvent,
    decisions: DecisionRecord[],
    messages: NewOutboundMessage[],
    now: Instant,
  ): Promise<'recorded' | 'duplicate'>
  decisions(eventId: string): Promise<Array<DecisionRecord & { createdAt: Instant }>>
  /** Opts the contact out (a record) or back in (null); `cause` says what did it, e.g. the keyword. */
  setOptOut(contactId: string, record: ConsentRecord | null, now: Instant, cause?: { keyword?: string }): Promise<void>
  setMarketingConsent(contactId: string, record: ConsentRecord, now: Instant): Promise<void>
  /** Marks the recipient of a message as not on the channel (the platform said so when it failed). */
  markUnreachable(messageId: string | null, providerMessageId: string, now: Instant): Promise<void>
  /** Records that the platform says this contact is (not) on WhatsApp. */
  setOnWhatsApp(contactId: string, onWhatsApp: boolean, now: Instant): Promise<void>
  /** The latest message to this contact that waits for a reply, if any. */
  awaitingReply(contactId: string, replyTo: string | null): Promise<AwaitingReply | null>
  recordFeedback(feedback: FeedbackRecord): Promise<'recorded' | 'duplicate'>
  feedbackForEvent(eventId: string): Promise<FeedbackRecord[]>
  feedbackCounts(): Promise<Array<{ ruleId: string; value: string; count: number }>>
}
