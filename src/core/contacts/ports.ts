import type { Instant } from '../shared/time.js'
import type { ConsentRecord, ContactInput, ContactProfile, ContactUpdate, SubjectRole } from './model.js'
import type { E164 } from './phone.js'

/**
 * The one home of contacts: the API, business events, inbound handling and sending all read and
 * change contacts through this port (the outbox and the status ledger reach the same rows inside
 * their own transactions, through the same store module).
 */
export interface Contacts {
  /** Creates or updates contacts by phone (absent fields are left as they are), in one transaction; returns phone → contact id. */
  upsert(contacts: ContactInput[], now: Instant): Promise<Map<E164, string>>
  /** Applies one update (profile, tags, attributes, marketing consent) in one transaction, creating the contact if needed; answers it as stored. */
  save(update: ContactUpdate, now: Instant): Promise<ContactProfile>
  /** The contacts with these ids (unknown ids are left out). */
  byIds(ids: string[]): Promise<Map<string, ContactProfile>>
  /** The known contacts among these phones (unknown phones are left out). */
  byPhones(phones: E164[]): Promise<Map<E164, ContactProfile>>
  /** The contacts linked to a subject (by its external id) with one of these roles, by id; none for an unknown subject. */
  linkedTo(subjectExternalId: string, roles: SubjectRole[]): Promise<string[]>
  /** Opts the contact out (a record) or back in (null); `cause` says what did it, e.g. the keyword. */
  setOptOut(contactId: string, record: ConsentRecord | null, now: Instant, cause?: { keyword?: string }): Promise<void>
  /** Records the contact's marketing consent (or its withdrawal). */
  setMarketingConsent(contactId: string, record: ConsentRecord, now: Instant): Promise<void>
  /**
   * Marks the recipient of a WhatsApp message as not on WhatsApp (the platform said so when it
   * failed); answers whether it did. An SMS that failed so says nothing about WhatsApp: false.
   */
  markUnreachable(messageId: string | null, providerMessageId: string, now: Instant): Promise<boolean>
  /** Records that the platform says this contact is (not) on WhatsApp. */
  setOnWhatsApp(contactId: string, onWhatsApp: boolean, now: Instant): Promise<void>
}
