import { sql } from 'kysely'
import type { Database } from '../src/store/dialect.js'
import { sleep } from './stats.js'

/**
 * What Parley's own tables say about a phase, read after the fact from `messages` and
 * `message_events` with the benchmark's own connection. Times are Parley's (the same machine
 * clock as the load generator's Date.now()):
 *   queued.at            the API accepted the message (inside the request, before its commit);
 *   accepted.at          the dispatcher recorded the provider's 200;
 *   sent.recorded_at     Parley applied the `sent` webhook (webhook `at` values are whole seconds);
 *   read.recorded_at     Parley applied the `read` webhook: the end of the message's journey.
 */

export interface MessageTimes {
  id: string
  status: string
  queuedAt: number
  acceptedAt: number | null
  sentAt: number | null
  readAt: number | null
  /** How many `accepted` / `read` history entries the message has: exactly one each when all is well. */
  accepts: number
  reads: number
}

/** Per-message times for every outbound message created at or after `since`. */
export async function messageTimes(database: Database, since: number): Promise<MessageTimes[]> {
  const { rows } = await sql<{
    id: string
    status: string
    queued_at: number
    accepted_at: number | null
    sent_at: number | null
    read_at: number | null
    accepts: number
    reads: number
  }>`
    select m.id, m.status,
           min(case when e.status = 'queued' then e.at end) as queued_at,
           min(case when e.status = 'accepted' then e.at end) as accepted_at,
           min(case when e.status = 'sent' then e.recorded_at end) as sent_at,
           max(case when e.status = 'read' then e.recorded_at end) as read_at,
           sum(case when e.status = 'accepted' then 1 else 0 end) as accepts,
           sum(case when e.status = 'read' then 1 else 0 end) as reads
      from messages m join message_events e on e.message_id = m.id
     where m.direction = 'outbound' and m.created_at >= ${since}
     group by m.id, m.status`.execute(database.db)
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    queuedAt: Number(r.queued_at),
    acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    readAt: r.read_at === null ? null : Number(r.read_at),
    accepts: Number(r.accepts),
    reads: Number(r.reads),
  }))
}

export async function statusCounts(database: Database, since: number): Promise<Record<string, number>> {
  const { rows } = await sql<{ status: string; n: number }>`
    select status, count(*) as n from messages where direction = 'outbound' and created_at >= ${since} group by status`.execute(database.db)
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

export interface Settled {
  complete: boolean
  counts: Record<string, number>
}

/**
 * Waits until all `expected` messages created since `since` are `read` (or ended `failed`),
 * polling a count twice a second. Gives up when nothing moved for `stallMs`.
 */
export async function waitUntilSettled(database: Database, since: number, expected: number, stallMs = 30_000): Promise<Settled> {
  let last = ''
  let lastChange = Date.now()
  for (;;) {
    const counts = await statusCounts(database, since)
    const done = (counts.read ?? 0) + (counts.failed ?? 0)
    if (done >= expected) return { complete: (counts.read ?? 0) === expected, counts }
    const key = JSON.stringify(counts)
    if (key !== last) {
      last = key
      lastChange = Date.now()
    } else if (Date.now() - lastChange > stallMs) {
      return { complete: false, counts }
    }
    // Only the end of the phase is found this way (its figures come from the history), so a slow
    // poll is enough: each one scans the phase's rows on Parley's database.
    await sleep(500)
  }
}
