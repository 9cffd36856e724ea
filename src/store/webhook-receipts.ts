import { sql } from 'kysely'
import type { StoredReceipt, WebhookInbox } from '../core/messages/ports.js'
import { claimLeased } from './leased-queue.js'
import type { Database } from './dialect.js'

interface PendingAdd {
  row: { provider: string; body: Buffer; received_at: number; state: 'pending' }
  resolve(): void
  reject(error: unknown): void
}

/**
 * Raw webhook receipts in the database (see WebhookInbox). Receipts that arrive together are
 * written together ("group commit"): one multi-row insert, one commit, then every caller is
 * answered. A provider posts several webhooks per message, and a commit each was the cost. They
 * live in `database.receipts`: on SQLite a file of their own, with its own write lock.
 */
export function createWebhookReceiptStore(database: Database): WebhookInbox {
  const db = database.receipts
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
    async claim(limit, now, lease, owner) {
      return claimLeased<StoredReceipt>(db, database, {
        table: 'webhook_receipts',
        key: 'id',
        ready: sql`candidate.state = 'pending'`,
        returning: sql`id, provider, body`,
        now,
        limit,
        lease,
        owner,
      }).then((rows) => rows.sort((a, b) => a.id - b.id))
    },
    async markProcessed(ids, now) {
      if (ids.length === 0) return
      await db.updateTable('webhook_receipts').set({ state: 'processed', processed_at: now, lease_owner: null, lease_until: null }).where('id', 'in', ids).execute()
    },
    async recordAttemptFailure(id, error, maxAttempts, now) {
      await db
        .updateTable('webhook_receipts')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          error,
          lease_owner: null,
          lease_until: null,
          // Both CASEs read `attempts` as it was before this update.
          state: sql<'failed' | 'pending'>`case when attempts >= ${maxAttempts - 1} then 'failed' else 'pending' end`,
          processed_at: sql<number | null>`case when attempts >= ${maxAttempts - 1} then cast(${now} as bigint) else null end`,
        }))
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .execute()
    },
    async markFailed(id, error, now) {
      await db.updateTable('webhook_receipts').set({ state: 'failed', processed_at: now, error, lease_owner: null, lease_until: null }).where('id', '=', id).execute()
    },
  }
}
