import { sql } from 'kysely'
import type { WebhookInbox } from '../core/messages/ports.js'
import type { Database } from './dialect.js'

/** Raw webhook receipts in the database (see WebhookInbox). */
export function createWebhookReceiptStore(database: Database): WebhookInbox {
  const { db } = database
  return {
    async add(provider, body, now) {
      const row = await db
        .insertInto('webhook_receipts')
        .values({ provider, body, received_at: now, state: 'pending' })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },
    async pending(limit) {
      return db
        .selectFrom('webhook_receipts')
        .select(['id', 'provider', 'body'])
        .where('state', '=', 'pending')
        .orderBy('id')
        .limit(limit)
        .execute()
    },
    async markProcessed(ids, now) {
      if (ids.length === 0) return
      await db.updateTable('webhook_receipts').set({ state: 'processed', processed_at: now }).where('id', 'in', ids).execute()
    },
    async recordAttemptFailure(id, error, maxAttempts, now) {
      await db
        .updateTable('webhook_receipts')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          error,
          // Both CASEs read `attempts` as it was before this update.
          state: sql<'failed' | 'pending'>`case when attempts >= ${maxAttempts - 1} then 'failed' else 'pending' end`,
          processed_at: sql<number | null>`case when attempts >= ${maxAttempts - 1} then cast(${now} as bigint) else null end`,
        }))
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .execute()
    },
    async markFailed(id, error, now) {
      await db.updateTable('webhook_receipts').set({ state: 'failed', processed_at: now, error }).where('id', '=', id).execute()
    },
  }
}
