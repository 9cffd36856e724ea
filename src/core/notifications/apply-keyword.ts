import type { Instant } from '../shared/time.js'
import { isOptedOut } from './consent.js'
import type { ConsentRecord, ContactState } from '../contacts/model.js'
import type { KeywordAction } from './keywords.js'

/** The source recorded on consent changes made by a keyword on WhatsApp. */
export const KEYWORD_SOURCE = 'whatsapp_keyword'
/** The source recorded on consent changes made by a keyword in an SMS. */
export const SMS_KEYWORD_SOURCE = 'sms_keyword'

/**
 * What a keyword does to a contact: the new `optOut` value to store (a record for STOP, null for
 * START) and the confirmation to send, or nothing when the contact is already in that state. One
 * confirmation per change, so a second STOP gets no second reply. Marketing consent is left alone:
 * START restores what the contact had.
 */
export type KeywordEffect = { kind: 'change'; optOut: ConsentRecord | null; confirm: KeywordAction } | { kind: 'unchanged' }

/** Applies an opt-out or opt-in keyword received at `at`, recording `source` (the channel it came on) with an opt-out. */
export function applyKeyword(contact: Pick<ContactState, 'optOut'>, action: KeywordAction, at: Instant, source: string = KEYWORD_SOURCE): KeywordEffect {
  if ((action === 'opt_out') === isOptedOut(contact)) return { kind: 'unchanged' }
  return { kind: 'change', optOut: action === 'opt_out' ? { granted: true, source, at } : null, confirm: action }
}
