import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * When each cancel key was last cancelled. A cancelling event only stops messages still waiting;
 * one that arrives after a rule's WhatsApp message left, but before its failure comes back, must
 * still stop the SMS that would follow it (core/notifications/fall-back-to-sms.ts): the fallback
 * looks here for a cancellation of its keys since the failed message was accepted, finding those
 * keys by the message (the index: cancel_keys is keyed by key first).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('cancellations')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cancel_keys_by_message').on('cancel_keys').column('message_id').execute()
}
