import { sql } from 'kysely'
import type { WebhookInbox } from '../core/messages/ports.js'
import type { Database } from './dialect.js'

interface PendingAdd {
  row: { provider: string; body: string; received_at: number; state: 'pending' }
  resolve(): void
  reject(error: unknown): void
}

/**
 * Raw webhook receipts in the database (see WebhookInbox). Receipts that arrive together are
 * written together ("group commit"): one multi-row insert, one commit, then every caller is
 * answered. A provider posts several webhooks per message, and a commit each was the cost.
 */
export function createWebhookReceiptStore(database: Database): WebhookInbox {
  const { db } = database
  let queue: PendingAdd[] = []
  let flushing = false

  async function flush(): Promise<void> {
    flushing = true
    while (queue.length > 0) {
      const batch = queue.slice(0, 200)
      queue = queue.slice(batch.length)
      try {
        await db.insertInto('webhook_receipts').values(batch.map((p) => p.row)).execute()
        for (const p of batch) p.resolve()
      } catch (error) {
        for (const p of batch) p.reject(error)
      }
    }
    flushing = false
  }

  return {
    add(provider, body, now) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ row: { provider, body, received_at: now, state: 'pending' }, resolve, reject })
        if (!flushing) setImmediate(() => void flush())
        flushing = true
      })
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
