import { sql } from 'kysely'
import type { MessageStatusChanged } from '../core/events/domain-event.js'
import { staleReason } from '../core/messages/stale.js'
import type { AwaitingStatus } from '../core/messages/status.js'
import type { Duration, Instant } from '../core/shared/time.js'
import { transactWithEvents, type ChangeRecorder } from './change-recorder.js'
import type { Database } from './dialect.js'
import { event, insertEvents } from './message-history.js'

// Literal status words: SQLite uses the partial indexes (messages_awaiting_word, messages_stale)
// only when the statement's own text proves their condition (see promoteScheduled).
const AWAITING = sql<boolean>`status in ('sending', 'accepted', 'sent')`

/**
 * Marks `stale` up to `limit` messages that still wait for a word (`AWAITING_WORD`) and of which
 * nothing was heard since `now - staleAfter`, oldest word first, keeping the status they were last
 * heard in and when. A `sending` message qualifies only once its lease has ended, so no worker is
 * still sending it; once stale, neither the dispatcher nor the reconciler touches it again.
 */
export async function markStale(database: Database, changes: ChangeRecorder, now: Instant, staleAfter: Duration, limit: number): Promise<string[]> {
  const quietSince = now - staleAfter
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
        due_at: null,
        updated_at: now,
      })
      // Checked again on the row itself: a webhook that moved it since the candidates were chosen keeps it.
      .where(AWAITING)
      .where('updated_at', '<', quietSince)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('messages')
          .select('id')
          .where(AWAITING)
          .where('updated_at', '<', quietSince)
          .where((inner) => inner.or([inner('lease_until', 'is', null), inner('lease_until', '<', now)]))
          .orderBy('updated_at')
          .limit(limit),
      )
      .returning(['id', 'provider_message_id', 'last_heard_status', 'last_heard_at'])
      .execute()
    const stale = rows.map((r) => ({ id: r.id, providerMessageId: r.provider_message_id, lastHeard: { status: r.last_heard_status as AwaitingStatus, at: Number(r.last_heard_at) } }))
    await insertEvents(trx, stale.map((m) => event(m.id, 'stale', now, now, 'reconciler', staleReason(m.lastHeard.status, m.lastHeard.at))))
    record(
      stale.map(
        (m): MessageStatusChanged => ({
          type: 'message.status_changed',
          messageId: m.id,
          providerMessageId: m.providerMessageId,
          status: 'stale',
          source: 'reconciler',
          error: staleReason(m.lastHeard.status, m.lastHeard.at),
          lastHeard: m.lastHeard,
          at: now,
        }),
      ),
    )
    return stale.map((m) => m.id)
  })
}

/** How many messages are stale now, for the gauge. */
export async function countStale(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(sql<boolean>`status = 'stale'`)
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}
