import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/** Templates with their history, the template a message used, and a contact's language. */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_status', 'text')
    .addColumn('provider_template_id', 'text', (c) => c.unique())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('folder', 'text')
    .addColumn('quality', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('lint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('status_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('templates_name_language', ['name', 'language'])
    .execute()
  await db.schema.createIndex('templates_by_status').on('templates').columns(['status', 'name']).execute()

  await db.schema
    .createTable('template_events')
    .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('template_events_by_template').on('template_events').columns(['template_id', 'id']).execute()

  await db.schema.alterTable('messages').addColumn('template_name', 'text').execute()
  await db.schema.alterTable('messages').addColumn('template_language', 'text').execute()
  await db.schema
    .createIndex('messages_by_template')
    .on('messages')
    .columns(['template_name', 'template_language'])
    .where(sql.ref('template_name'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('messages_by_reply_to')
    .on('messages')
    .column('reply_to')
    .where(sql.ref('reply_to'), 'is not', null)
    .execute()

  await db.schema.alterTable('contacts').addColumn('language', 'text').execute()
}
