import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * The dashboard reads the messages of a range of days (src/store/analytics-store.ts). Without an
 * index on their time every report read the whole table: 0.7 s for 7 days at 100,000 messages on
 * SQLite, growing with the table (bench:dashboard). The index holds only the creation time, which
 * never changes: on SQLite a status update (the hot write path) does not touch it; on PostgreSQL a
 * status update already writes a new entry in each of the row's indexes (status is in several, so
 * it is never a HOT update) and this is one more.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.createIndex('messages_by_created_at').on('messages').column('created_at').execute()
}
