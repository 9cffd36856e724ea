import { afterEach, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrateToLatest } from '../../src/store/migrate.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const MIGRATION = '0016-conversation-workflow'

describeEachDatabase(`migration ${MIGRATION}`, (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  it('opens every existing conversation, starts the cycle of a parent already waiting, and leaves the round robin at its start', async () => {
    t = await openTestDatabase(dialect, { migrateBefore: MIGRATION })
    const db = t.database.db
    await sql`insert into contacts (id, phone, created_at, updated_at, waiting_since, last_activity_at) values ('ct_w', '+905321110001', 0, 0, 3000, 4000)`.execute(db)
    await sql`insert into contacts (id, phone, created_at, updated_at, last_activity_at) values ('ct_a', '+905321110002', 0, 0, 2000)`.execute(db)
    await migrateToLatest(t.database)

    const rows = await db.selectFrom('contacts').select(['id', 'resolved_at', 'cycle_started_at', 'first_response_at', 'last_handler_id']).orderBy('id').execute()
    expect(rows.map((r) => ({ ...r, cycle_started_at: r.cycle_started_at === null ? null : Number(r.cycle_started_at) }))).toEqual([
      { id: 'ct_a', resolved_at: null, cycle_started_at: null, first_response_at: null, last_handler_id: null },
      { id: 'ct_w', resolved_at: null, cycle_started_at: 3000, first_response_at: null, last_handler_id: null },
    ])
    const rotation = await db.selectFrom('assignment_rotation').select(['id', 'last_operator_id']).execute()
    expect(rotation).toEqual([{ id: 'inbox', last_operator_id: null }])
  })
})
