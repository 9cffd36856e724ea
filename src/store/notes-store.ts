import type { E164 } from '../core/contacts/phone.js'
import type { Note } from '../core/notes/model.js'
import type { NoteStore } from '../core/notes/ports.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'
import type { Database } from './dialect.js'
import type { NotesTable } from './schema.js'

function noteOf(row: NotesTable, phone: E164): Note {
  return {
    id: row.id,
    contactId: row.contact_id,
    phone,
    authorId: row.author_id,
    text: row.text,
    mentions: JSON.parse(row.mentions) as string[],
    createdAt: Number(row.created_at),
  }
}

/** The NoteStore port over Kysely: a note and its `note.created` feed entry commit together. */
export function createNoteStore(database: Database, changes: ChangeRecorder = UNRECORDED): NoteStore {
  const { db } = database
  return {
    async add(note, now) {
      return transactWithEvents(database, changes, now, async (trx, record) => {
        const contact = await trx.selectFrom('contacts').select('id').where('phone', '=', note.phone).executeTakeFirst()
        if (!contact) return null
        const row: NotesTable = { id: note.id, contact_id: contact.id, author_id: note.authorId, text: note.text, mentions: JSON.stringify(note.mentions), created_at: now }
        await trx.insertInto('notes').values(row).execute()
        record([{ type: 'note.created', noteId: note.id, contactId: contact.id, phone: note.phone, authorId: note.authorId, text: note.text, mentions: note.mentions, at: now }])
        return noteOf(row, note.phone)
      })
    },

    async list(phone, limit) {
      const contact = await db.selectFrom('contacts').select('id').where('phone', '=', phone).executeTakeFirst()
      if (!contact) return null
      const rows = await db.selectFrom('notes').selectAll().where('contact_id', '=', contact.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
      return rows.map((row) => noteOf(row, phone))
    },
  }
}
