import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'

/** A token bucket kept in the database, so that every worker process sharing it shares one limit. */
export interface RateBucketStore {
  /** Takes up to `wanted` tokens from `key` (refilled at `ratePerSecond`, holding at most `capacity`); returns how many it got. */
  take(key: string, wanted: number, ratePerSecond: number, capacity: number, now: Instant): Promise<number>
  /** Gives back tokens taken but not used. */
  refund(key: string, tokens: number): Promise<void>
}

const MAX_RACES = 20

export function createRateBucketStore(database: Database): RateBucketStore {
  const { db } = database
  return {
    async take(key, wanted, ratePerSecond, capacity, now) {
      // Optimistic compare-and-set: no row locks, so it reads the same on both engines; a worker
      // that loses a race simply reads again.
      for (let race = 0; race < MAX_RACES; race++) {
        const row = await db.selectFrom('rate_buckets').select(['tokens', 'updated_at']).where('key', '=', key).executeTakeFirst()
        if (!row) {
          await db
            .insertInto('rate_buckets')
            .values({ key, tokens: capacity, updated_at: now })
            .onConflict((oc) => oc.column('key').doNothing())
            .execute()
          continue
        }
        const elapsed = Math.max(0, now - row.updated_at)
        const available = Math.min(capacity, row.tokens + (elapsed * ratePerSecond) / 1000)
        const granted = Math.max(0, Math.min(wanted, Math.floor(available)))
        const result = await db
          .updateTable('rate_buckets')
          .set({ tokens: available - granted, updated_at: Math.max(now, row.updated_at) })
          .where('key', '=', key)
          .where('tokens', '=', row.tokens)
          .where('updated_at', '=', row.updated_at)
          .executeTakeFirst()
        if (Number(result.numUpdatedRows) === 1) return granted
      }
      return 0
    },
    async refund(key, tokens) {
      if (tokens <= 0) return
      await db
        .updateTable('rate_buckets')
        .set((eb) => ({ tokens: eb('tokens', '+', tokens) }))
        .where('key', '=', key)
        .execute()
    },
  }
}
