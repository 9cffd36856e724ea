import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Providers as accounts (issue 11): every message records the account (a provider login) that
 * carried it, beside its sender and provider, so history and cost reports survive a number moving
 * from one provider or account to another. `channel` (text, never constrained) now holds `sms` too.
 *
 * Messages stored before this had one account only: the single-sender configurations name their
 * account after the provider (`meta`, for PARLEY_META_* and the sandbox alike), so an old row's
 * account is its provider's name.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('messages').addColumn('account', 'text', (c) => c.notNull().defaultTo('')).execute()
  await sql`update messages set account = provider`.execute(db)
}
