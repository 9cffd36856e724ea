import type { E164 } from '../contacts/phone.js'
import type { AuditLog } from '../operators/ports.js'
import type { Clock, Ids } from '../ports.js'
import { parseMentions, type MentionableOperator } from './mentions.js'
import type { Note } from './model.js'
import type { NoteStore } from './ports.js'

export interface AddNoteDeps {
  notes: NoteStore
  /** The active operators a mention may name. */
  operators(): Promise<MentionableOperator[]>
  audit: AuditLog
  clock: Clock
  ids: Ids
}

/**
 * An operator writes an internal note: its mentions are resolved to operators, it is stored with
 * its live-feed event, and the act is audited. Null when there is no such conversation.
 */
export async function addNote(deps: AddNoteDeps, input: { phone: E164; authorId: string; text: string }): Promise<Note | null> {
  const { operatorIds } = parseMentions(input.text, await deps.operators())
  const note = await deps.notes.add({ id: deps.ids.next('note'), phone: input.phone, authorId: input.authorId, text: input.text, mentions: operatorIds }, deps.clock.now())
  if (!note) return null
  await deps.audit.record({
    actor: { kind: 'operator', id: input.authorId },
    action: 'note.created',
    target: { kind: 'note', id: note.id },
    details: { phone: note.phone, mentions: note.mentions },
  })
  return note
}
