import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * A cost on every message (issue 12): the estimate written when it is accepted (outbound) or
 * received (inbound: the provider's fees on it), and the final once the platform's `pricing`
 * object says how it was billed (core/costs/message-cost.ts). Integer micro-units with their
 * currency; the category, reason and card that priced each, and the window the estimate saw (the
 * final is priced with it when the platform gives no `type`). `cost_discrepancy` is 1 when the
 * final differs from the estimate, 0 when it agrees, null until the final is known; the partial
 * index lists the discrepancies without scanning the agreeing majority. Older rows stay unpriced.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  for (const stage of ['estimated', 'final'] as const) {
    await db.schema.alterTable('messages').addColumn(`cost_${stage}_platform_micros`, 'bigint').execute()
    await db.schema.alterTable('messages').addColumn(`cost_${stage}_provider_micros`, 'bigint').execute()
    await db.schema.alterTable('messages').addColumn(`cost_${stage}_currency`, 'text').execute()
    await db.schema.alterTable('messages').addColumn(`cost_${stage}_category`, 'text').execute()
    await db.schema.alterTable('messages').addColumn(`cost_${stage}_reason`, 'text').execute()
    await db.schema.alterTable('messages').addColumn(`cost_${stage}_card`, 'text').execute()
  }
  await db.schema.alterTable('messages').addColumn('cost_window', 'text').execute()
  await db.schema.alterTable('messages').addColumn('cost_discrepancy', 'integer').execute()
  await db.schema.createIndex('messages_cost_discrepancies').on('messages').column('seq').where(sql.ref('cost_discrepancy'), '=', 1).execute()
}
