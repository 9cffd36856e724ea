/*
 * A fixed message history for the dashboard's report, around the end of summer time in Berlin
 * (2026-10-25 has 25 hours there): three parents, rule notifications and direct answers. The
 * expected report is worked out by hand below; counting in UTC days would move messages 2 and 8
 * to the day before.
 */
import type { Database } from '../../src/store/dialect.js'

export const ZONE = 'Europe/Berlin'
/** "Now" for the report: 2026-10-27 11:00 in Berlin. */
export const NOW = Date.parse('2026-10-27T10:00:00Z')

type Row = [n: number, contact: 'a' | 'b' | 'c', direction: 'in' | 'out', at: string, status: string, template?: string, event?: [id: string, type: string]]

const ROWS: Row[] = [
  [1, 'a', 'out', '2026-10-24T21:59:00Z', 'read', 'lesson_reminder', ['ev1', 'lesson.reminder']], // 23:59 on the 24th: outside
  [2, 'a', 'out', '2026-10-24T22:30:00Z', 'read', 'lesson_reminder', ['ev2', 'lesson.reminder']], // 00:30 CEST on the 25th
  [3, 'a', 'in', '2026-10-25T08:00:00Z', 'received'],
  [4, 'a', 'out', '2026-10-25T08:10:00Z', 'delivered'],
  [5, 'a', 'in', '2026-10-25T09:00:00Z', 'received'],
  [6, 'a', 'out', '2026-10-25T09:10:00Z', 'sent', 'lesson_reminder', ['ev3', 'lesson.reminder']], // a notification: no answer
  [7, 'a', 'out', '2026-10-25T09:30:00Z', 'read'],
  [8, 'b', 'out', '2026-10-25T23:30:00Z', 'delivered', 'payment_due', ['ev4', 'invoice.due']], // 00:30 CET on the 26th
  [9, 'b', 'in', '2026-10-27T00:00:00Z', 'received'], // 24.5 hours after 8: no reply to it
  [10, 'b', 'out', '2026-10-27T01:00:00Z', 'sent', 'hello_world'],
  [11, 'b', 'in', '2026-10-27T02:00:00Z', 'received'],
  [12, 'b', 'in', '2026-10-27T02:05:00Z', 'received'], // the same wait as 11
  [13, 'c', 'out', '2026-10-26T12:00:00Z', 'failed', 'payment_due', ['ev5', 'invoice.due']],
  [14, 'c', 'out', '2026-10-27T09:00:00Z', 'queued', 'payment_due'],
]

/** Writes the history straight into the tables (the report reads only what is stored). */
export async function seedAnalytics(database: Database): Promise<void> {
  const { db } = database
  const t = Date.parse('2026-10-01T00:00:00Z')
  await db
    .insertInto('contacts')
    .values(['a', 'b', 'c'].map((c, i) => ({ id: `ct_${c}`, phone: `+4915100000${i}`, created_at: t, updated_at: t })))
    .execute()
  for (const [, , , at, , , event] of ROWS) {
    if (!event) continue
    await db
      .insertInto('events')
      .values({ id: event[0], type: event[1], occurred_at: Date.parse(at), body: '{}', request_hash: event[0], contact_id: null, subject_id: null, received_at: Date.parse(at) })
      .execute()
  }
  for (const [n, contact, direction, at, status, template, event] of ROWS) {
    const created = Date.parse(at)
    await db
      .insertInto('messages')
      .values({
        id: `msg_${n}`,
        direction: direction === 'in' ? 'inbound' : 'outbound',
        channel: 'whatsapp',
        contact_id: `ct_${contact}`,
        sender_id: 'default',
        provider: 'meta',
        account: 'meta',
        kind: template ? 'template' : 'text',
        content: '{}',
        preview: `message ${n}`,
        status,
        attempts: 0,
        template_name: template ?? null,
        event_id: event?.[0] ?? null,
        rule_id: event ? `rule_${event[1]}` : null,
        created_at: created,
        updated_at: created,
      })
      .execute()
  }
}

const groups = (counts: Partial<Record<'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'stale' | 'cancelled', number>>) => ({
  pending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  stale: 0,
  cancelled: 0,
  ...counts,
})

/** The report of 2026-10-25..27 in Berlin, as the API writes it. */
export const EXPECTED = {
  zone: ZONE,
  from: '2026-10-25',
  to: '2026-10-27',
  by_day: [
    { date: '2026-10-25', outbound: groups({ sent: 1, delivered: 1, read: 2 }), inbound: 2 },
    { date: '2026-10-26', outbound: groups({ delivered: 1, failed: 1 }), inbound: 0 },
    { date: '2026-10-27', outbound: groups({ pending: 1, sent: 1 }), inbound: 3 },
  ],
  by_template: [
    { key: 'lesson_reminder', attempted: 2, delivered: 1, read: 1, failed: 0, replied: 1, delivery_rate: 0.5, read_rate: 0.5, reply_rate: 0.5 },
    { key: 'payment_due', attempted: 2, delivered: 1, read: 0, failed: 1, replied: 0, delivery_rate: 0.5, read_rate: 0, reply_rate: 0 },
    { key: null, attempted: 2, delivered: 2, read: 1, failed: 0, replied: 1, delivery_rate: 1, read_rate: 0.5, reply_rate: 0.5 },
    { key: 'hello_world', attempted: 1, delivered: 0, read: 0, failed: 0, replied: 1, delivery_rate: 0, read_rate: 0, reply_rate: 1 },
  ],
  by_event_type: [
    { key: null, attempted: 3, delivered: 2, read: 1, failed: 0, replied: 2, delivery_rate: 0.6667, read_rate: 0.3333, reply_rate: 0.6667 },
    { key: 'invoice.due', attempted: 2, delivered: 1, read: 0, failed: 1, replied: 0, delivery_rate: 0.5, read_rate: 0, reply_rate: 0 },
    { key: 'lesson.reminder', attempted: 2, delivered: 1, read: 1, failed: 0, replied: 1, delivery_rate: 0.5, read_rate: 0.5, reply_rate: 0.5 },
  ],
  response_times: [
    { date: '2026-10-25', answered: 2, unanswered: 0, median_seconds: 600, p90_seconds: 1800 },
    { date: '2026-10-26', answered: 0, unanswered: 0, median_seconds: null, p90_seconds: null },
    { date: '2026-10-27', answered: 1, unanswered: 1, median_seconds: 3600, p90_seconds: 3600 },
  ],
  response_time_total: { answered: 3, unanswered: 1, median_seconds: 1800, p90_seconds: 3600 },
  spend: null,
}
