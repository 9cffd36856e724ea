import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { reportChannels } from '../../src/core/analytics/channel-report.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import { createMessageAnalytics } from '../../src/store/analytics-store.js'
import type { Database } from '../../src/store/dialect.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const DAY = Date.parse('2026-11-25T00:00:00Z')
const H = 3_600_000
const MIN = 60_000

type Row = { id: string; contact: string; direction: 'outbound' | 'inbound'; channel: 'whatsapp' | 'sms'; provider: string; status: string; at: number; sentAt?: number | null; event?: string }

async function insert(db: Database, rows: Row[]): Promise<void> {
  const contacts = [...new Set(rows.map((r) => r.contact))]
  await db.db.insertInto('contacts').values(contacts.map((c, i) => ({ id: c, phone: `+90532000${String(i).padStart(4, '0')}`, created_at: DAY, updated_at: DAY }))).onConflict((oc) => oc.doNothing()).execute()
  for (const r of rows) {
    await db.db
      .insertInto('messages')
      .values({
        id: r.id,
        direction: r.direction,
        channel: r.channel,
        contact_id: r.contact,
        sender_id: r.channel === 'sms' ? 'school-sms' : 'default',
        provider: r.provider,
        account: r.provider,
        kind: 'text',
        content: '{}',
        preview: r.id,
        status: r.status,
        attempts: 1,
        event_id: r.event ?? null,
        rule_id: r.event ? 'lesson-reminder' : null,
        sent_at: r.direction === 'outbound' ? (r.sentAt === undefined ? r.at : r.sentAt) : null,
        created_at: r.at,
        updated_at: r.at,
      })
      .execute()
  }
}

describeEachDatabase('channel analytics contract', (dialect) => {
  let t: TestDatabase
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    await t.database.db
      .insertInto('events')
      .values(['evt-1', 'evt-2'].map((id) => ({ id, type: 'lesson.scheduled', occurred_at: DAY, body: '{}', request_hash: id, contact_id: null, subject_id: null, received_at: DAY })))
      .execute()
    await t.database.db.insertInto('events').values({ id: 'evt-pay', type: 'payment.due', occurred_at: DAY, body: '{}', request_hash: 'p', contact_id: null, subject_id: null, received_at: DAY }).execute()
    await insert(t.database, [
      // WhatsApp: three of four parents answer, after 5 min, 20 min and 2 h.
      { id: 'w1', contact: 'a', direction: 'outbound', channel: 'whatsapp', provider: 'meta', status: 'read', at: DAY + 9 * H, event: 'evt-1' },
      { id: 'w1r', contact: 'a', direction: 'inbound', channel: 'whatsapp', provider: 'meta', status: 'received', at: DAY + 9 * H + 5 * MIN },
      { id: 'w2', contact: 'b', direction: 'outbound', channel: 'whatsapp', provider: 'meta', status: 'delivered', at: DAY + 10 * H, event: 'evt-1' },
      { id: 'w2r', contact: 'b', direction: 'inbound', channel: 'whatsapp', provider: 'meta', status: 'received', at: DAY + 10 * H + 20 * MIN },
      { id: 'w3', contact: 'c', direction: 'outbound', channel: 'whatsapp', provider: 'meta', status: 'read', at: DAY + 11 * H, event: 'evt-pay' },
      { id: 'w3r', contact: 'c', direction: 'inbound', channel: 'whatsapp', provider: 'meta', status: 'received', at: DAY + 13 * H },
      { id: 'w4', contact: 'd', direction: 'outbound', channel: 'whatsapp', provider: 'meta', status: 'delivered', at: DAY + 12 * H, event: 'evt-1' },
      // Failed (not on WhatsApp): counted as failed, not as sent; its SMS fallback below.
      { id: 'w5', contact: 'e', direction: 'outbound', channel: 'whatsapp', provider: 'meta', status: 'failed', at: DAY + 9 * H, event: 'evt-2' },
      // SMS: one of four answers (after 3 h); one answers on WhatsApp instead (not an SMS reply),
      // one after more than 24 h (too late), one never.
      { id: 's1', contact: 'e', direction: 'outbound', channel: 'sms', provider: 'twilio', status: 'delivered', at: DAY + 9 * H + MIN, event: 'evt-2' },
      { id: 's1r', contact: 'e', direction: 'inbound', channel: 'sms', provider: 'twilio', status: 'received', at: DAY + 12 * H + MIN },
      { id: 's2', contact: 'f', direction: 'outbound', channel: 'sms', provider: 'twilio', status: 'sent', at: DAY + 9 * H, event: 'evt-1' },
      { id: 's2w', contact: 'f', direction: 'inbound', channel: 'whatsapp', provider: 'meta', status: 'received', at: DAY + 9 * H + 10 * MIN },
      { id: 's3', contact: 'g', direction: 'outbound', channel: 'sms', provider: 'twilio', status: 'delivered', at: DAY + 8 * H, event: 'evt-1' },
      { id: 's3r', contact: 'g', direction: 'inbound', channel: 'sms', provider: 'twilio', status: 'received', at: DAY + 8 * H + 25 * H },
      { id: 's4', contact: 'h', direction: 'outbound', channel: 'sms', provider: 'http-sms', status: 'delivered', at: DAY + 9 * H },
      // Scheduled the day before, sent today: it belongs to today, and its reply counts from the send.
      { id: 's5', contact: 'i', direction: 'outbound', channel: 'sms', provider: 'http-sms', status: 'delivered', at: DAY - 20 * H, sentAt: DAY + 14 * H },
      { id: 's5r', contact: 'i', direction: 'inbound', channel: 'sms', provider: 'http-sms', status: 'received', at: DAY + 14 * H + 30 * MIN },
      // Never sent (still queued): no part of the report.
      { id: 's6', contact: 'j', direction: 'outbound', channel: 'sms', provider: 'http-sms', status: 'queued', at: DAY + 9 * H, sentAt: null },
    ])
  })
  afterEach(async () => t?.close())

  const report = (eventType: string | null = null, from = '2026-11-25') => reportChannels(createMessageAnalytics(t.database), { from, to: from, days: 1, zone: 'UTC', eventType }, DAY + 30 * H)

  it('shows parents answering WhatsApp and not SMS: reply rate and time to first reply per channel and provider', async () => {
    const { channels } = await report()
    const summary = channels.map(({ byEventType: _, ...c }) => c)
    expect(summary).toEqual([
      { channel: 'sms', provider: 'http-sms', sent: 2, failed: 0, replied: 1, replyRate: 0.5, medianReplySeconds: 1800, p90ReplySeconds: 1800 },
      { channel: 'sms', provider: 'twilio', sent: 3, failed: 0, replied: 1, replyRate: 0.3333, medianReplySeconds: 10_800, p90ReplySeconds: 10_800 },
      { channel: 'whatsapp', provider: 'meta', sent: 4, failed: 1, replied: 3, replyRate: 0.75, medianReplySeconds: 1200, p90ReplySeconds: 7200 },
    ])
    expect(channels.find((c) => c.channel === 'whatsapp')!.byEventType).toEqual([
      { eventType: 'lesson.scheduled', sent: 3, failed: 1, replied: 2, replyRate: 0.6667, medianReplySeconds: 300, p90ReplySeconds: 1200 },
      { eventType: 'payment.due', sent: 1, failed: 0, replied: 1, replyRate: 1, medianReplySeconds: 7200, p90ReplySeconds: 7200 },
    ])
    expect(channels.find((c) => c.provider === 'http-sms')!.byEventType.map((e) => e.eventType)).toEqual([null])
  })

  it('keeps one event type when asked', async () => {
    const { channels, eventType } = await report('payment.due')
    expect(eventType).toBe('payment.due')
    expect(channels.map((c) => [c.channel, c.provider, c.sent, c.replied])).toEqual([['whatsapp', 'meta', 1, 1]])
  })

  it('counts a message on the day it was sent', async () => {
    const before = await report(null, '2026-11-24')
    expect(before.channels).toEqual([])
  })

  it('backfills when each message was sent from its history (migration 0022)', async () => {
    const old = await openTestDatabase(dialect, { migrateBefore: '0022-message-sent-at' })
    try {
      const db = old.database.db
      await sql`insert into contacts (id, phone, created_at, updated_at) values ('ct', '+905320000999', 0, 0)`.execute(db)
      for (const [id, status] of [['m_sent', 'read'], ['m_queued', 'queued']] as const) {
        await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, account, kind, content, preview, status, attempts, created_at, updated_at)
          values (${id}, 'outbound', 'whatsapp', 'ct', 'default', 'meta', 'meta', 'text', '{}', 'x', ${status}, 1, 1000, 1000)`.execute(db)
      }
      for (const [message, status, at] of [['m_sent', 'queued', 1000], ['m_sent', 'accepted', 2000], ['m_sent', 'read', 3000], ['m_queued', 'queued', 1000]] as const) {
        await sql`insert into message_events (message_id, status, at, recorded_at, source) values (${message}, ${status}, ${at}, ${at}, 'dispatcher')`.execute(db)
      }
      await migrateToLatest(old.database)
      const rows = await db.selectFrom('messages').select(['id', 'sent_at']).orderBy('id').execute()
      expect(rows.map((r) => [r.id, r.sent_at === null ? null : Number(r.sent_at)])).toEqual([
        ['m_queued', null],
        ['m_sent', 2000],
      ])
    } finally {
      await old.close()
    }
  })
})
