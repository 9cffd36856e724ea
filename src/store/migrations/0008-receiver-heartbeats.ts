import type { Kysely } from 'kysely'

/**
 * One row per process that serves the provider's webhooks, renewed every few seconds: from them the
 * reconciler knows since when Parley has been able to receive webhooks without a break, and counts
 * an in-doubt message's grace period from then rather than from its lease's end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('receiver_heartbeats')
    .addColumn('owner', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
}
