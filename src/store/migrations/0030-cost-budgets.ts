import type { Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Budgets (issue 12 item 6): the one budget document; each month's spend per scope (a category, a
 * business number) and currency, kept up to date in the transactions that write message costs;
 * and the alerts sent, whose primary key lets each threshold of a budget alert once a month,
 * whichever process crosses it first.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('cost_budgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('cost_spend')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('micros', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cost_spend_pk', ['month', 'scope', 'currency'])
    .execute()
  await db.schema
    .createTable('cost_budget_alerts')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('spent_micros', 'bigint', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cost_budget_alerts_pk', ['month', 'scope', 'threshold'])
    .execute()
}
