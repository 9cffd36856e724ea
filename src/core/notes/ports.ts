import type { E164 } from '../contacts/phone.js'
import type { Instant } from '../shared/time.js'
import type { Note } from './model.js'

/** Internal notes, by conversation (a contact). */
export interface NoteStore {
  /**
   * Stores a note on the contact's conversation with the `note.created` event, in one transaction;
   * null when there is no contact with that number.
   */
  add(note: { id: string; phone: E164; authorId: string; text: string; mentions: string[] }, now: Instant): Promise<Note | null>
  /** The conversation's notes, newest first; null when there is no such contact. */
  list(phone: E164, limit: number): Promise<Note[] | null>
}
