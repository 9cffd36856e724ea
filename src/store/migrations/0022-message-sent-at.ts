import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * When the provider took each outbound message (issue 11, channel analytics): a reply counts for
 * the day after the message went, not after it was accepted or scheduled (a reminder is scheduled a
 * day ahead). Set when the provider answers 200, or at the first word of it having been sent where
 * that answer was lost. Backfilled from each message's history; indexed for the report's range.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('messages').addColumn('sent_at', 'bigint').execute()
  await sql`
    update messages set sent_at = (
      select min(e.at) from message_events e
       where e.message_id = messages.id and e.status in ('accepted', 'sent', 'delivered', 'read'))
    where direction = 'outbound'`.execute(db)
  await db.schema.createIndex('messages_by_sent_at').on('messages').columns(['sent_at', 'contact_id']).execute()
}
