import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/store/migrate.js'
import { createStores } from '../../src/store/stores.js'
import { createIds } from '../../src/runtime/ids.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const MIGRATION = '0023-message-costs'

describeEachDatabase(`migration ${MIGRATION}`, (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  it('leaves messages stored before it unpriced, with no estimate, no final and no discrepancy', async () => {
    t = await openTestDatabase(dialect, { migrateBefore: MIGRATION })
    const db = t.database.db
    await sql`insert into contacts (id, phone, created_at, updated_at) values ('ct_a', '+905321110001', 0, 0)`.execute(db)
    await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, account, kind, content, preview, status, attempts, pricing_category, pricing_type, created_at, updated_at)
      values ('m_old', 'outbound', 'whatsapp', 'ct_a', 'default', 'meta', 'meta', 'text', '{"kind":"text","text":"x"}', 'x', 'read', 1, 'service', 'free_customer_service', 1, 1)`.execute(db)
    await migrateToLatest(t.database)

    const stores = createStores(t.database, createIds())
    const view = await stores.messages.get('m_old')
    expect(view).toMatchObject({ pricing: { category: 'service', type: 'free_customer_service' }, cost: { estimated: null, final: null } })
    expect(await stores.messages.costDiscrepancies(10, null)).toEqual({ items: [], nextCursor: null, total: 0 })
  })
})
