import { afterEach, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrateToLatest } from '../../src/store/migrate.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const MIGRATION = '0012-webhook-receipt-bytes'

describeEachDatabase(`migration ${MIGRATION}`, (dialect) => {
  let t: TestDatabase | undefined
  afterEach(async () => t?.close())

  it('turns receipts stored as text into their UTF-8 bytes, keeping every other column', async () => {
    t = await openTestDatabase(dialect, { migrateBefore: MIGRATION })
    // Written as the text column held them before: escapes and backslashes verbatim, non-ASCII as characters.
    const texts = ['{"name":"Ren\\u00e9e"}', '{"name":"Renée 👋","path":"a\\/b"}', '\\x41 is not hex here']
    for (const [i, body] of texts.entries()) {
      await sql`insert into webhook_receipts (provider, received_at, body, state) values ('meta', ${i}, ${body}, 'pending')`.execute(t.database.db)
    }
    await migrateToLatest(t.database)

    const rows = await t.database.receipts.selectFrom('webhook_receipts').select(['body', 'received_at', 'state', 'provider']).orderBy('id').execute()
    expect(rows.map((r) => [r.provider, r.received_at, r.state])).toEqual(texts.map((_, i) => ['meta', i, 'pending']))
    for (const [i, row] of rows.entries()) {
      expect(Buffer.isBuffer(row.body)).toBe(true)
      expect(row.body.equals(Buffer.from(texts[i]!, 'utf8'))).toBe(true)
    }
    // A body written after the migration is bytes in, the same bytes out.
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0xc3, 0x7d])
    await t.database.receipts.insertInto('webhook_receipts').values({ provider: 'meta', received_at: 9, body: bytes, state: 'pending' }).execute()
    const back = await t.database.receipts.selectFrom('webhook_receipts').select('body').where('received_at', '=', 9).executeTakeFirstOrThrow()
    expect(back.body.equals(bytes)).toBe(true)
  })
})
