import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'

export interface StoredReceipt {
  id: number
  provider: string
  body: string
}

/** Raw webhook bodies, stored before they are processed so that a crash in between loses nothing. */
export interface WebhookReceiptStore {
  /** Stores a verified raw body; returns its id once committed. */
  add(provider: string, body: string, now: Instant): Promise<number>
  /** Receipts not processed yet, oldest first. */
  pending(limit: number): Promise<StoredReceipt[]>
  markProcessed(ids: number[], now: Instant): Promise<void>
  markFailed(id: number, error: string, now: Instant): Promise<void>
}

export function createWebhookReceiptStore(database: Database): WebhookReceiptStore {
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
    async markFailed(id, error, now) {
      await db.updateTable('webhook_receipts').set({ state: 'failed', processed_at: now, error }).where('id', '=', id).execute()
    },
  }
}
