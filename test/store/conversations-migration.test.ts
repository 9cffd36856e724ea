import { afterEach, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrateToLatest } from '../../src/store/migrate.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const MIGRATION = '0014-conversations'

describeEachDatabase(`migration ${MIGRATION}`, (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  it('backfills each conversation from its messages: the newest one, and the inbound ones after the last outbound as unread and waiting', async () => {
    t = await openTestDatabase(dialect, { migrateBefore: MIGRATION })
    const db = t.database.db
    for (const [id, phone] of [['ct_a', '+905321110001'], ['ct_b', '+905321110002'], ['ct_none', '+905321110003']]) {
      await sql`insert into contacts (id, phone, created_at, updated_at) values (${id}, ${phone}, 0, 0)`.execute(db)
    }
    const messages: Array<[string, string, 'inbound' | 'outbound', number]> = [
      ['m1', 'ct_a', 'inbound', 1000],
      ['m2', 'ct_a', 'outbound', 2000],
      ['m3', 'ct_a', 'inbound', 3000],
      ['m4', 'ct_a', 'inbound', 4000],
      ['m5', 'ct_b', 'inbound', 1500],
      ['m6', 'ct_b', 'outbound', 2500],
    ]
    for (const [id, contact, direction, at] of messages) {
      await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, kind, content, preview, status, attempts, created_at, updated_at)
        values (${id}, ${direction}, 'whatsapp', ${contact}, 'default', 'meta', 'text', '{}', ${`text ${id}`}, 'received', 0, ${at}, ${at})`.execute(db)
    }
    await migrateToLatest(t.database)

    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'last_activity_at', 'last_message_preview', 'last_message_direction', 'unread_count', 'waiting_since', 'assignee_id', 'read_up_to_at'])
      .orderBy('id')
      .execute()
    expect(rows.map((r) => ({ ...r, last_activity_at: r.last_activity_at === null ? null : Number(r.last_activity_at), waiting_since: r.waiting_since === null ? null : Number(r.waiting_since), unread_count: Number(r.unread_count) }))).toEqual([
      { id: 'ct_a', last_activity_at: 4000, last_message_preview: 'text m4', last_message_direction: 'inbound', unread_count: 2, waiting_since: 3000, assignee_id: null, read_up_to_at: null },
      { id: 'ct_b', last_activity_at: 2500, last_message_preview: 'text m6', last_message_direction: 'outbound', unread_count: 0, waiting_since: null, assignee_id: null, read_up_to_at: null },
      { id: 'ct_none', last_activity_at: null, last_message_preview: null, last_message_direction: null, unread_count: 0, waiting_since: null, assignee_id: null, read_up_to_at: null },
    ])
  })
})
