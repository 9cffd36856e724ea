import { sql, type Kysely } from 'kysely'

/**
 * Messages that never hear back become `stale`, keeping what was last heard of them. The sweep
 * looks for messages waiting for a word, oldest word first; the listing and the gauge read the
 * stale ones. Both indexes are partial, so settled messages (nearly all of them) cost nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('last_heard_status', 'text').execute()
  await db.schema.alterTable('messages').addColumn('last_heard_at', 'bigint').execute()
  await db.schema
    .createIndex('messages_awaiting_word')
    .on('messages')
    .columns(['updated_at'])
    .where(sql<boolean>`status in ('sending', 'accepted', 'sent')`)
    .execute()
  await db.schema
    .createIndex('messages_stale')
    .on('messages')
    .columns(['seq'])
    .where(sql<boolean>`status = 'stale'`)
    .execute()
}
