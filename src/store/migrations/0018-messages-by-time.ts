import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * The dashboard reads the messages of a range of days (src/store/analytics-store.ts). Without an
 * index on their time every report read the whole table: 0.7 s for 7 days at 100,000 messages on
 * SQLite, growing with the table (bench:dashboard). The index starts with the creation time and
 * also holds every column the report reads, so the report never visits the table's rows, which
 * carry the content: at 200,000 messages in 90 days that took its three statements on SQLite from
 * 0.8 / 3.1 / 0.8 s to 0.2 / 0.7 / 0.3 s. The price is on status updates, which now also move an
 * entry of this index (on PostgreSQL a status update already writes every index of the row: status
 * is in several, so it is never a HOT update).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createIndex('messages_by_created_at')
    .on('messages')
    .columns(['created_at', 'contact_id', 'seq', 'direction', 'status', 'rule_id', 'template_name', 'event_id'])
    .execute()
}
