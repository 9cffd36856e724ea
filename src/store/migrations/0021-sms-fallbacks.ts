import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * SMS fallback (issue 11): a rule's WhatsApp message that fails because the number is not on
 * WhatsApp is followed by the rule's SMS, once. One row per failed message, its primary key the
 * guard: a repeated status webhook, or two processes applying the same one, cannot fall back twice.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('sms_fallbacks')
    .addColumn('failed_message_id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
}
