import { sql } from 'kysely'
import { staleReason } from '../core/messages/stale.js'
import { AWAITING_WORD, type AwaitingStatus } from '../core/messages/status.js'
import type { Duration, Instant } from '../core/shared/time.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import type { Database } from './dialect.js'
import { event, insertEvents, statusChanged } from './message-history.js'

/**
 * Marks `stale` up to `limit` messages that still wait for a word (`AWAITING_WORD`) and of which
 * nothing was heard since `now - staleAfter`, oldest word first, keeping the status they were last
 * heard in and when. A `sending` message qualifies only once its lease has ended, so no worker is
 * still sending it; once stale, neither the dispatcher nor the reconciler touches it again.
 */
export async function markStale(database: Database, changes: ChangeRecorder, now: Instant, staleAfter: Duration, limit: number): Promise<string[]> {
  // Status words as literals: SQLite uses the partial index messages_awaiting_word only when the
  // statement's own text proves its condition (see promoteScheduled). Unqualified, the columns are
  // the candidate's in the subquery and the updated row's outside it.
  const quiet = sql<boolean>`status in (${sql.join(AWAITING_WORD.map((s) => sql.lit(s)))})
    and updated_at < ${now - staleAfter} and (lease_until is null or lease_until < ${now})`
  return transactWithEvents(database, changes, now, async (trx, record) => {
    const rows = await trx
      .updateTable('messages')
      .set({
        status: 'stale',
        // Assignments read the row as it was: what was last heard, and when.
        last_heard_status: sql`status`,
        last_heard_at: sql`updated_at`,
        lease_owner: null,
        lease_until: null,
        // `due_at` stays: a stale message still counts against the contact's frequency caps (send-history.ts).
        updated_at: now,
      })
      // Checked again on the row itself: a webhook that moved it since the candidates were chosen keeps it.
      .where(quiet)
      .where('id', 'in', (eb) => eb.selectFrom('messages').select('id').where(quiet).orderBy('updated_at').limit(limit))
      .returning(['id', 'provider_message_id', 'last_heard_status', 'last_heard_at'])
      .execute()
    const stale = rows.map((r) => {
      const lastHeard = { status: r.last_heard_status as AwaitingStatus, at: Number(r.last_heard_at) }
      const reason = staleReason(lastHeard.status, lastHeard.at)
      return { entry: event(r.id, 'stale', now, now, 'reconciler', reason), change: { ...statusChanged(r.id, r.provider_message_id, 'stale', 'reconciler', reason, now), lastHeard } }
    })
    await insertEvents(trx, stale.map((s) => s.entry))
    record(stale.map((s) => s.change))
    return rows.map((r) => r.id)
  })
}

/** How many messages are stale now, for the gauge. */
export async function countStale(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    // A literal, for the partial index messages_stale.
    .where(sql<boolean>`status = 'stale'`)
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}
