import type { Kysely } from 'kysely'

/**
 * Operators' internal notes on a conversation (a contact), never sent to the contact; `mentions`
 * holds the ids of the operators the text names, as JSON. And the indexes the inbox's contact
 * panel reads a contact's recent events through: by the decisions that name the contact, by the
 * events posted about it, and by the subjects (students) it is linked to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('notes_by_contact').on('notes').columns(['contact_id', 'created_at', 'id']).execute()

  await db.schema.createIndex('notification_decisions_by_contact').on('notification_decisions').columns(['contact_id', 'id']).execute()
  await db.schema.createIndex('events_by_contact').on('events').columns(['contact_id', 'received_at']).execute()
  await db.schema.createIndex('events_by_subject').on('events').columns(['subject_id', 'received_at']).execute()
}
