import { burstCapacity, cutAfterThrottle, effectiveRate, type RateCut } from '../core/messages/adaptive-rate.js'
import type { RateLimit, RateLimiter } from '../core/ports.js'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'

/**
 * A token bucket kept in the database, so that every worker process sharing it shares one limit;
 * beside the tokens, the last throttle cut of the key's rate, so that they share its adaptation too.
 */
export type RateBucketStore = RateLimiter

interface BucketRow {
  tokens: number
  updated_at: number
  cut_rate: number | null
  cut_at: number | null
}

const MAX_RACES = 20

const cutOf = (row: BucketRow): RateCut | null => (row.cut_rate === null || row.cut_at === null ? null : { ratePerSecond: row.cut_rate, at: row.cut_at })

export function createRateBucketStore(database: Database): RateBucketStore {
  const { db } = database

  const read = (key: string): Promise<BucketRow | undefined> =>
    db.selectFrom('rate_buckets').select(['tokens', 'updated_at', 'cut_rate', 'cut_at']).where('key', '=', key).executeTakeFirst()

  /**
   * Runs `step` on the key's row until its write wins. Optimistic compare-and-set: no row locks, so
   * it reads the same on both engines; a worker that loses a race simply reads again.
   */
  async function onRow<T>(key: string, limit: RateLimit, now: Instant, step: (row: BucketRow) => Promise<T | undefined>): Promise<T | undefined> {
    for (let race = 0; race < MAX_RACES; race++) {
      const row = await read(key)
      if (!row) {
        await db
          .insertInto('rate_buckets')
          .values({ key, tokens: burstCapacity(limit.ratePerSecond), updated_at: now, cut_rate: null, cut_at: null })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute()
        continue
      }
      const result = await step(row)
      if (result !== undefined) return result
    }
    return undefined
  }

  /** Whether the update touched the row as `row` last saw its cut (and, with `tokensToo`, its tokens). */
  async function write(key: string, row: BucketRow, set: Partial<BucketRow>, tokensToo: boolean): Promise<boolean> {
    let update = db
      .updateTable('rate_buckets')
      .set(set)
      .where('key', '=', key)
      .where('cut_at', row.cut_at === null ? 'is' : '=', row.cut_at)
    if (tokensToo) update = update.where('tokens', '=', row.tokens).where('updated_at', '=', row.updated_at)
    return Number((await update.executeTakeFirst()).numUpdatedRows) === 1
  }

  async function rate(key: string, limit: RateLimit, now: Instant): Promise<number> {
    const row = await read(key)
    return effectiveRate(limit.ratePerSecond, row ? cutOf(row) : null, limit.policy, now)
  }

  return {
    async take(key, wanted, limit, now) {
      let ratePerSecond = limit.ratePerSecond
      const grant = await onRow(key, limit, now, async (row) => {
        ratePerSecond = effectiveRate(limit.ratePerSecond, cutOf(row), limit.policy, now)
        const elapsed = Math.max(0, now - row.updated_at)
        // A cut shrinks the capacity too: tokens banked at the old rate are not spent at the new one.
        const available = Math.min(burstCapacity(ratePerSecond), row.tokens + (elapsed * ratePerSecond) / 1000)
        const granted = Math.max(0, Math.min(wanted, Math.floor(available)))
        const won = await write(key, row, { tokens: available - granted, updated_at: Math.max(now, row.updated_at) }, true)
        return won ? granted : undefined
      })
      return { granted: grant ?? 0, ratePerSecond }
    },
    async refund(key, tokens) {
      if (tokens <= 0) return
      await db
        .updateTable('rate_buckets')
        .set((eb) => ({ tokens: eb('tokens', '+', tokens) }))
        .where('key', '=', key)
        .execute()
    },
    async throttled(key, limit, now) {
      const after = await onRow(key, limit, now, async (row) => {
        const cut = cutOf(row)
        const next = cutAfterThrottle(limit.ratePerSecond, cut, limit.policy, now)
        if (next === cut) return effectiveRate(limit.ratePerSecond, cut, limit.policy, now)
        // Only the cut is written, guarded by the cut it replaces: takes meanwhile do not make it retry.
        return (await write(key, row, { cut_rate: next.ratePerSecond, cut_at: next.at }, false)) ? next.ratePerSecond : undefined
      })
      return after ?? (await rate(key, limit, now))
    },
    rate,
  }
}
