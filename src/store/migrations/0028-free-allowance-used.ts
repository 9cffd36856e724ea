import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * The messages a sender's estimates put into the platform's monthly free allowance, by sender and
 * time (SendHistory.countFreeForm): every free-form send counts them, so only that small part of
 * the table is indexed (the query's plan on SQLite: SEARCH … USING INDEX messages_free_allowance).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createIndex('messages_free_allowance')
    .on('messages')
    .columns(['sender_id', 'created_at'])
    .where(sql.ref('cost_estimated_reason'), '=', sql.lit('free_allowance'))
    .execute()
}
