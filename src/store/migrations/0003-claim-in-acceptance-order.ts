import { sql, type Kysely } from 'kysely'

/**
 * The claim walks a sender's queued messages in acceptance order and stops at its limit. Indexed
 * by due time, it had to collect and sort every due message first (a cost that grew with the
 * queue); indexed by acceptance order, the due-time check is a filter on the way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_due').execute()
  // Superseded by the partial indexes on unfinished messages; left in place it lured the planner
  // into scanning every sender's queued rows.
  await db.schema.dropIndex('messages_by_status').execute()
  await db.schema
    .createIndex('messages_queued_by_sender')
    .on('messages')
    .columns(['sender_id', 'seq'])
    .where(sql.ref('status'), '=', 'queued')
    .execute()
}
