import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * The SMS channel (issue 11): an SMS is billed per segment, and its count is known before it is
 * sent (core/messages/sms-segments.ts), so it is stored with the message. Null for WhatsApp
 * messages and for everything stored before.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('messages').addColumn('segments', 'integer').execute()
}
