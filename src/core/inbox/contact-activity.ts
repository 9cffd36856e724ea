import type { SubjectRole } from '../contacts/model.js'
import type { E164 } from '../contacts/phone.js'
import type { DecisionOutcome } from '../notifications/ports.js'
import type { Instant } from '../shared/time.js'

/** A subject (a student, an account) a contact is linked to, and as what. */
export interface LinkedSubject {
  externalId: string
  role: SubjectRole
  linkedAt: Instant
}

/** What a rule did with an event for this contact, and what became of the message it made. */
export interface ContactDecision {
  ruleId: string
  outcome: DecisionOutcome
  reason: string | null
  detail: Record<string, unknown> | null
  message: { id: string; preview: string; status: string } | null
  decidedAt: Instant
}

/** A business event that concerned the contact. */
export interface ContactEvent {
  id: string
  type: string
  occurredAt: Instant
  receivedAt: Instant
  /** The decisions about this contact (and the event-wide ones, which name no contact). */
  decisions: ContactDecision[]
}

/** What the inbox's contact panel shows beyond the profile. */
export interface ContactActivity {
  /** The subjects the contact is linked to, oldest link first; null for an unknown phone. */
  subjects(phone: E164): Promise<LinkedSubject[] | null>
  /** The newest events about the contact (posted for it, about a subject it is linked to, or with a decision about it), newest first; null for an unknown phone. */
  events(phone: E164, limit: number): Promise<ContactEvent[] | null>
}
