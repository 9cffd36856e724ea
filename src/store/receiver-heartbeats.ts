import { sql, type RawBuilder } from 'kysely'
import type { ReceiverHeartbeats } from '../core/messages/receiver-heartbeats.js'
import { DAY, type Instant } from '../core/shared/time.js'
import type { Database } from './dialect.js'

/** The ReceiverHeartbeats port over Kysely: one row per receiving process, renewed in place. */
export function createReceiverHeartbeats(database: Database): ReceiverHeartbeats {
  const { db } = database
  return {
    async beat(owner, now, validFor) {
      await db
        .insertInto('receiver_heartbeats')
        .values({ owner, started_at: now, last_seen_at: now, expires_at: now + validFor })
        .onConflict((oc) =>
          oc.column('owner').doUpdateSet({
            // A heartbeat that comes after the last one stopped vouching ends one run and starts another.
            started_at: sql<number>`case when receiver_heartbeats.expires_at < ${now} then ${now} else receiver_heartbeats.started_at end`,
            last_seen_at: now,
            expires_at: now + validFor,
          }),
        )
        .execute()
      // Marks of processes long gone (crashed, so they never ended theirs) tell nothing any more.
      await db.deleteFrom('receiver_heartbeats').where('expires_at', '<', now - DAY).execute()
    },
    async end(owner) {
      await db.deleteFrom('receiver_heartbeats').where('owner', '=', owner).execute()
    },
  }
}

/**
 * Since when Parley has been receiving webhooks without a break, as a scalar SQL expression (null
 * while no process is): the earliest start of a run among the processes whose mark still holds at
 * `now`. Runs of processes that have stopped are not joined onto it, which can only make the
 * answer later than the truth, never earlier: a resend waits longer, it never comes sooner.
 */
export function receivingSince(now: Instant): RawBuilder<Instant | null> {
  return sql<Instant | null>`(select min(started_at) from receiver_heartbeats where expires_at > ${now})`
}
