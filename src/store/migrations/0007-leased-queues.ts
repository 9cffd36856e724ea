import type { Kysely } from 'kysely'

/**
 * Webhook receipts and the business's webhook deliveries become leased queues like the outbox: a
 * row is worked on by the one process that holds its lease, so several Parley processes on one
 * PostgreSQL database neither apply a receipt twice at once nor post a delivery twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_receipts', 'webhook_deliveries']) {
    await db.schema.alterTable(table).addColumn('lease_owner', 'text').execute()
    await db.schema.alterTable(table).addColumn('lease_until', 'bigint').execute()
  }
}
