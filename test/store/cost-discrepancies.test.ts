import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { createIds } from '../../src/runtime/ids.js'
import { createStores } from '../../src/store/stores.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

/** One priced message: an estimate of `estimated` micros and a final of `final` (null: not yet known). */
async function insertPriced(t: TestDatabase, id: string, estimated: number, final: number | null): Promise<void> {
  const discrepancy = final === null ? null : final === estimated ? 0 : 1
  await sql`insert into messages (id, direction, channel, contact_id, sender_id, provider, account, kind, content, preview, status, attempts,
      cost_estimated_platform_micros, cost_estimated_provider_micros, cost_estimated_currency, cost_estimated_category, cost_estimated_reason, cost_estimated_card,
      cost_final_platform_micros, cost_final_provider_micros, cost_final_currency, cost_final_category, cost_final_reason, cost_final_card,
      cost_window, cost_discrepancy, created_at, updated_at)
    values (${id}, 'outbound', 'whatsapp', 'ct_a', 'default', 'meta', 'meta', 'template', '{}', 'x', 'read', 1,
      ${estimated}, 0, 'USD', 'utility', 'charged', 'meta-pmp-2026-10',
      ${final}, ${final === null ? null : 0}, ${final === null ? null : 'USD'}, ${final === null ? null : final === estimated ? 'utility' : 'marketing'}, ${final === null ? null : 'charged'}, ${final === null ? null : 'meta-pmp-2026-10'},
      'closed', ${discrepancy}, 1, 1)`.execute(t.database.db)
}

describeEachDatabase('cost discrepancies', (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  it('pages through the messages whose final differs from the estimate, newest first, and counts them all', async () => {
    t = await openTestDatabase(dialect)
    await sql`insert into contacts (id, phone, created_at, updated_at) values ('ct_a', '+5511987650001', 0, 0)`.execute(t.database.db)
    await insertPriced(t, 'm1', 6_800, 62_500)
    await insertPriced(t, 'm2', 6_800, 6_800) // agrees: not listed
    await insertPriced(t, 'm3', 6_800, 62_500)
    await insertPriced(t, 'm4', 6_800, null) // no final yet: not listed
    await insertPriced(t, 'm5', 6_800, 62_500)
    const stores = createStores(t.database, createIds())

    const first = await stores.messages.costDiscrepancies(2, null)
    expect(first.total).toBe(3)
    expect(first.items.map((d) => d.messageId)).toEqual(['m5', 'm3'])
    expect(first.items[0]).toMatchObject({ estimated: { platformMicros: 6_800, category: 'utility' }, final: { platformMicros: 62_500, category: 'marketing' } })
    expect(first.nextCursor).not.toBeNull()
    const second = await stores.messages.costDiscrepancies(2, first.nextCursor)
    expect(second).toMatchObject({ total: 3, nextCursor: null })
    expect(second.items.map((d) => d.messageId)).toEqual(['m1'])
  })
})
