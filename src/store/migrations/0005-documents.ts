import type { Kysely } from 'kysely'

/**
 * Documents Parley keeps whole, by name: the notification rules set through the API when no rules
 * file is configured (in memory they were lost at every restart).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}
