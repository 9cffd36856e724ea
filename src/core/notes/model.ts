import type { E164 } from '../contacts/phone.js'
import type { Instant } from '../shared/time.js'

/** The longest note, as long as a WhatsApp text: one note is one thought, not a document. */
export const NOTE_TEXT_MAX = 4096

/** An operator's internal note on a conversation: only operators see it, it is never sent. */
export interface Note {
  id: string
  contactId: string
  phone: E164
  authorId: string
  text: string
  /** The operators the text mentions, resolved when it was written. */
  mentions: string[]
  createdAt: Instant
}
