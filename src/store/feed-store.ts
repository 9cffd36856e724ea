import type { DomainEvent, DomainEventType } from '../core/events/domain-event.js'
import { EPHEMERAL_FEED_TYPES, FEED_TYPES, type FeedEntry } from '../core/events/feed.js'
import type { Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'
import type { Trx } from './transaction.js'

/**
 * Appends the feed's events inside the transaction of the change, so the feed is the commit order
 * of every process sharing the database (a worker's status changes included).
 */
export async function appendFeed(trx: Trx, events: readonly DomainEvent[], now: Instant): Promise<void> {
  const rows = events.filter((e) => FEED_TYPES.has(e.type)).map((e) => ({ at: now, type: e.type, payload: JSON.stringify(e) }))
  if (rows.length > 0) await trx.insertInto('feed').values(rows).execute()
}

/** The entries after `seq`, oldest first. */
export async function readFeedAfter(database: Database, seq: number, limit: number): Promise<FeedEntry[]> {
  const rows = await database.db.selectFrom('feed').select(['seq', 'type', 'payload']).where('seq', '>', seq).orderBy('seq').limit(limit).execute()
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type as DomainEventType, data: JSON.parse(r.payload) as DomainEvent }))
}

/** The newest entry's position (0 for an empty feed): where a stream with no `Last-Event-ID` starts. */
export async function feedHead(database: Database): Promise<number> {
  const row = await database.db.selectFrom('feed').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/**
 * Drops entries older than `before`, and the ephemeral ones (typing signals) older than
 * `ephemeralBefore` (a typing signal is stale in seconds, and many are written); returns how many.
 */
export async function pruneFeed(database: Database, before: Instant, ephemeralBefore: Instant = before): Promise<number> {
  const old = await database.db.deleteFrom('feed').where('at', '<', before).executeTakeFirst()
  const ephemeral = await database.db
    .deleteFrom('feed')
    .where('at', '<', ephemeralBefore)
    .where('type', 'in', [...EPHEMERAL_FEED_TYPES])
    .executeTakeFirst()
  return Number(old.numDeletedRows) + Number(ephemeral.numDeletedRows)
}
